/**
 * The part of a SQL connection the repositories (repos/) use, so that one
 * copy of each query serves both engines: SQLite (better-sqlite3, sqlite/)
 * and PostgreSQL (postgres/). Calls are synchronous on both, so the store
 * keeps its promise that a write is committed when the call returns, and
 * the relay keeps storing before it relays in one synchronous step.
 *
 * The SQL the repos write is the common subset of the two dialects:
 * positional `?` or named `@name` parameters, `ON CONFLICT … DO …`,
 * `RETURNING`, `IS NOT DISTINCT FROM`. What has no common spelling is asked
 * of the dialect (`jsonArrayOf`). Tables ordered by `rowid` have a real
 * `rowid` column on PostgreSQL (postgres/migrations.ts).
 */

/** A value a query can bind. */
export type SqlValue = string | number | bigint | Uint8Array | null

export interface SqlRunResult {
  /** Rows inserted, updated or deleted. */
  changes: number
}

// `unknown[]` parameters: the repos type their statements' parameters (`prepare<[string, number]>`),
// or bind one object of named parameters.
export interface SqlStatement<P extends unknown[] = unknown[], R = unknown> {
  get(...params: P): R | undefined
  all(...params: P): R[]
  run(...params: P): SqlRunResult
}

/**
 * How a transaction meets the others. The default, `serialized`, runs alone
 * among every serialized transaction of every instance sharing the database
 * (SQLite's write lock; a PostgreSQL advisory lock), so that read-then-write
 * logic (the audit chain's head, "the first writer claims") holds across
 * instances as it does in one process. `independent` only inserts rows that
 * no other transaction reads to decide anything (the update log). `snapshot`
 * reads a consistent view and writes nothing.
 */
export type TransactionKind = 'serialized' | 'independent' | 'snapshot'

export interface SqlDatabase {
  readonly engine: 'sqlite' | 'postgres'
  prepare<P extends unknown[] = unknown[], R = unknown>(sql: string): SqlStatement<P, R>
  /** Runs `fn` in one transaction, all or nothing; inside another, as a savepoint of it (the outer kind holds). */
  transaction<T>(fn: () => T, kind?: TransactionKind): T
  /** A JSON array (as text) of `expr` over the rows of a subquery: '[]' when there are none. */
  jsonArrayOf(expr: string): string
}
