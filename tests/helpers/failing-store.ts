/**
 * Makes the store fail for real, without touching our code: a second SQLite
 * connection to the same database file installs a trigger that aborts every
 * insert into the update log with "database or disk is full". The server's
 * own prepared statement then fails inside SQLite exactly as a full disk
 * makes it fail (an exception from better-sqlite3's `run`). Running as root,
 * `chmod` does not stop writes, and a tiny tmpfs needs mount rights a CI
 * machine may not grant; the trigger works everywhere.
 */
import Database from 'better-sqlite3'
import { join } from 'node:path'

const TRIGGER = 'plank_test_disk_full'

/** Makes every append to the update log fail inside SQLite (or work again). */
export function failStoreWrites(dataDir: string, fail: boolean): void {
  const db = new Database(join(dataDir, 'plank.sqlite'))
  try {
    db.pragma('busy_timeout = 5000')
    if (fail) db.exec(`CREATE TRIGGER IF NOT EXISTS ${TRIGGER} BEFORE INSERT ON doc_updates BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`)
    else db.exec(`DROP TRIGGER IF EXISTS ${TRIGGER}`)
  } finally {
    db.close()
  }
}
