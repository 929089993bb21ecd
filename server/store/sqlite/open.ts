import Database from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { DEFAULT_MAX_WAL_BYTES } from '../../../shared/limits.js'
import { migrate } from './migrations.js'
import type { Store } from '../store.js'
import { tableStores } from '../repos/index.js'
import { startCheckpointer } from './checkpointer.js'
import { sqliteDatabase } from './sqlite-database.js'

export type Durability = 'process' | 'power'

/**
 * The embedded store: one SQLite file in WAL mode. Every write commits before
 * the call returns. `durability: 'process'` (synchronous=NORMAL) survives a
 * killed or crashed server process; 'power' (synchronous=FULL) also survives
 * the machine losing power, at the cost of an fsync per update.
 * The write-ahead log stays under `maxWalBytes` (checkpointer.ts).
 */
export function openSqliteStore(file: string, durability: Durability = 'process', options: { maxWalBytes?: number } = {}): Store {
  mkdirSync(dirname(file), { recursive: true })
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  db.pragma(`synchronous = ${durability === 'power' ? 'FULL' : 'NORMAL'}`)
  db.pragma('foreign_keys = ON')
  db.pragma('busy_timeout = 5000')
  const maxWalBytes = options.maxWalBytes ?? DEFAULT_MAX_WAL_BYTES
  // Checkpoints run in a worker thread, off the relay's event loop (checkpointer.ts), from a quarter
  // of the bound. A backstop: past half of it, the committing write checkpoints itself. A worker
  // starved of CPU (a loaded 2-core machine; seen in CI) let the log pass the bound; the backstop
  // never runs while the worker keeps up, and when it runs it costs one stall, not an unbounded log.
  const pageSize = Number(db.pragma('page_size', { simple: true })) || 4096
  db.pragma(`wal_autocheckpoint = ${Math.max(1, Math.floor(maxWalBytes / 2 / pageSize))}`)
  // When the log starts over after a complete checkpoint, its file is cut back to this.
  const truncateAtBytes = Math.floor(maxWalBytes / 4)
  db.pragma(`journal_size_limit = ${truncateAtBytes}`)
  migrate(db)
  const checkpointer = startCheckpointer(file, { truncateAtBytes })
  const sql = sqliteDatabase(db)
  return {
    ...tableStores(sql),
    engine: 'sqlite',
    deploymentId: null,
    transaction: (fn) => sql.transaction(fn),
    // Reads no table and takes no lock: it cannot wait on busy_timeout with the event loop held.
    ping() {
      db.prepare('SELECT 1').get()
    },
    async close() {
      await checkpointer.close()
      db.pragma('wal_checkpoint(TRUNCATE)')
      db.close()
    },
  }
}
