/**
 * The PostgreSQL connection losing its backend inside a transaction (a
 * restart, a failover, pg_terminate_backend, a proxy dropping it): PostgreSQL
 * rolls the transaction back, so none of it may be stored, and the worker
 * must not run the transaction's remaining statements on a fresh connection,
 * where each would commit alone. The transaction fails as a whole; the next
 * one works.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { postgresDatabase } from '../../server/store/postgres/postgres-database.js'
import { PostgresUnavailable, SyncConnection } from '../../server/store/postgres/sync-connection.js'
import { createTestDatabase, dropTestDatabase } from '../helpers/services.js'

describe('a PostgreSQL connection lost inside a transaction', () => {
  let url: string
  let connection: SyncConnection
  let admin: SyncConnection
  beforeAll(async () => {
    url = await createTestDatabase('lost')
    connection = new SyncConnection(url, { answerTimeoutMs: 5000 })
    admin = new SyncConnection(url, { answerTimeoutMs: 5000 })
    connection.query('CREATE TABLE lines (text TEXT NOT NULL)', [])
  })
  afterAll(async () => {
    await connection?.close()
    await admin?.close()
    if (url) await dropTestDatabase(url)
  })

  const stored = (): string[] => admin.query('SELECT text FROM lines ORDER BY text', []).rows.map((r) => String(r.text))

  it('fails the whole transaction and stores none of it; the next transaction works', () => {
    const db = postgresDatabase(connection)
    const insert = db.prepare<[string], never>('INSERT INTO lines (text) VALUES (?)')
    let error: unknown = null
    try {
      db.transaction(() => {
        insert.run('first')
        const pid = Number(connection.query('SELECT pg_backend_pid() AS pid', []).rows[0]!.pid)
        expect(admin.query('SELECT pg_terminate_backend($1) AS done', [pid]).rows[0]!.done).toBe(true)
        insert.run('second')
        insert.run('third')
      }, 'independent')
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(PostgresUnavailable)
    expect(stored()).toEqual([])

    db.transaction(() => insert.run('after'), 'independent')
    expect(stored()).toEqual(['after'])
  })
})
