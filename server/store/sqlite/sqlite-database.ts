import type Database from 'better-sqlite3'
import type { SqlDatabase, SqlStatement } from '../sql-database.js'

/** better-sqlite3 as the repositories' SqlDatabase: its statements already are synchronous. */
export function sqliteDatabase(db: Database.Database): SqlDatabase {
  return {
    engine: 'sqlite',
    prepare: <P extends unknown[], R>(sql: string) => db.prepare(sql) as unknown as SqlStatement<P, R>,
    // IMMEDIATE for anything that may write: the write lock is taken (waiting, with busy_timeout)
    // when the transaction begins. A deferred one that read first and then writes while the
    // checkpointer's TRUNCATE holds the lock gets SQLITE_BUSY at once, without waiting: SQLite
    // will not let a reader wait to upgrade. A snapshot only reads: deferred is enough.
    // Inside another transaction better-sqlite3 makes either a savepoint.
    transaction: (fn, kind = 'serialized') => (kind === 'snapshot' ? db.transaction(fn).deferred() : db.transaction(fn).immediate()),
    jsonArrayOf: (expr) => `json_group_array(${expr})`,
  }
}
