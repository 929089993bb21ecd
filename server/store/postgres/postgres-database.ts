import type { SqlDatabase, SqlStatement, SqlValue, TransactionKind } from '../sql-database.js'
import type { SyncConnection } from './sync-connection.js'
import { translateSql } from './translate-sql.js'

/**
 * The advisory lock every serialized transaction of every instance takes
 * first: what SQLite's one write lock gives one process (see TransactionKind).
 * Taken inside the transaction, so it is released at its end, even when the
 * connection breaks.
 */
const SERIALIZED_LOCK = 0x706c616e // "plan"

const BEGIN: Record<TransactionKind, string> = {
  serialized: 'BEGIN',
  independent: 'BEGIN',
  snapshot: 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY',
}

/** PostgreSQL as the repositories' SqlDatabase, over one synchronous connection. */
export function postgresDatabase(connection: SyncConnection): SqlDatabase {
  let depth = 0
  const exec = (text: string, values: SqlValue[] = []) => connection.query(text, values)

  return {
    engine: 'postgres',
    prepare<P extends unknown[], R>(sql: string): SqlStatement<P, R> {
      const { text, names } = translateSql(sql)
      const bind = (params: unknown[]): SqlValue[] => {
        if (!names) return params as SqlValue[]
        const named = (params[0] ?? {}) as Record<string, SqlValue | undefined>
        return names.map((name) => named[name] ?? null)
      }
      return {
        get: (...params) => exec(text, bind(params)).rows[0] as R | undefined,
        all: (...params) => exec(text, bind(params)).rows as R[],
        run: (...params) => ({ changes: exec(text, bind(params)).rowCount }),
      }
    },
    transaction<T>(fn: () => T, kind: TransactionKind = 'serialized'): T {
      const savepoint = depth > 0 ? `plank_${depth}` : null
      exec(savepoint ? `SAVEPOINT ${savepoint}` : BEGIN[kind])
      depth++
      try {
        if (!savepoint && kind === 'serialized') exec('SELECT pg_advisory_xact_lock($1)', [SERIALIZED_LOCK])
        const result = fn()
        exec(savepoint ? `RELEASE SAVEPOINT ${savepoint}` : 'COMMIT')
        return result
      } catch (error) {
        try {
          exec(savepoint ? `ROLLBACK TO SAVEPOINT ${savepoint}` : 'ROLLBACK')
        } catch {
          // The connection broke: PostgreSQL rolls the transaction back itself.
        }
        throw error
      } finally {
        depth--
      }
    },
    jsonArrayOf: (expr) => `COALESCE(json_agg(${expr}), '[]'::json)::text`,
  }
}
