/**
 * PostgreSQL's migrations (server/store/postgres/migrations.ts) on an empty
 * database and on one an earlier Plank left behind: migrating an earlier
 * version's database, with data in it, ends in exactly the schema a fresh
 * database gets, and keeps the data.
 */
import * as Y from 'yjs'
import { afterAll, describe, expect, it } from 'vitest'
import { migratePostgres, POSTGRES_SCHEMA_VERSION } from '../../server/store/postgres/migrations.js'
import { openPostgresStore } from '../../server/store/postgres/open.js'
import { postgresDatabase } from '../../server/store/postgres/postgres-database.js'
import { SyncConnection } from '../../server/store/postgres/sync-connection.js'
import { tableStores } from '../../server/store/repos/index.js'
import { withClient } from '../helpers/postgres.js'
import { createTestDatabase, dropTestDatabase } from '../helpers/services.js'

/** The schema as PostgreSQL's catalog describes it: columns, indexes, constraints, applied versions. */
const schemaOf = (url: string): Promise<unknown> =>
  withClient(url, async (c) => ({
    columns: (
      await c.query(
        `SELECT table_name, column_name, data_type, is_nullable, column_default, collation_name
           FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1, 2`,
      )
    ).rows,
    indexes: (await c.query(`SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1, 2`)).rows,
    constraints: (
      await c.query(
        `SELECT conrelid::regclass::text AS on_table, conname, pg_get_constraintdef(oid) AS definition
           FROM pg_constraint WHERE connamespace = 'public'::regnamespace ORDER BY 1, 2`,
      )
    ).rows,
    versions: (await c.query('SELECT version FROM plank_migrations ORDER BY version')).rows.map((r) => Number(r.version)),
  }))

describe('PostgreSQL migrations', () => {
  const made: string[] = []
  const database = async (): Promise<string> => {
    made.push(await createTestDatabase('migrate'))
    return made.at(-1)!
  }
  afterAll(async () => {
    for (const url of made) await dropTestDatabase(url)
  })

  it('migrate an empty database to the latest version, and running them again changes nothing', async () => {
    const url = await database()
    const connection = new SyncConnection(url, { answerTimeoutMs: 10_000 })
    expect(migratePostgres(connection)).toBe(POSTGRES_SCHEMA_VERSION)
    const before = await schemaOf(url)
    expect(migratePostgres(connection)).toBe(0)
    await connection.close()
    expect(await schemaOf(url)).toEqual(before)
    expect((before as { versions: number[] }).versions).toEqual(Array.from({ length: POSTGRES_SCHEMA_VERSION }, (_, i) => i + 1))
  })

  // Every earlier version a deployment can be at, not only the one before the latest.
  for (let previous = 1; previous < POSTGRES_SCHEMA_VERSION; previous++) {
    it(`migrate a version-${previous} database holding data to the schema a fresh one gets, keeping the data`, async () => {
      const fresh = await database()
      const freshStore = openPostgresStore(fresh)
      await freshStore.close()

      const old = await database()
      const connection = new SyncConnection(old, { answerTimeoutMs: 10_000 })
      expect(migratePostgres(connection, previous)).toBe(previous)
      // Data the earlier version wrote through the same repositories.
      const tables = tableStores(postgresDatabase(connection))
      tables.createPlatform({ id: 'p1', title: 'Platform written before the upgrade' })
      const doc = new Y.Doc()
      doc.getMap('m').set('kept', 'yes')
      tables.appendUpdate('p1', Y.encodeStateAsUpdate(doc))
      await connection.close()

      const upgraded = openPostgresStore(old)
      try {
        expect(upgraded.listPlatforms().map((p) => p.title)).toEqual(['Platform written before the upgrade'])
        const loaded = new Y.Doc()
        const stored = upgraded.loadDocument('p1')
        for (const update of [stored.state, ...stored.updates].filter((u): u is Uint8Array => u !== null)) Y.applyUpdate(loaded, update)
        expect(loaded.getMap('m').get('kept')).toBe('yes')
        expect(upgraded.deploymentId).toMatch(/^[0-9a-f-]{36}$/)
      } finally {
        await upgraded.close()
      }
      expect(await schemaOf(old)).toEqual(await schemaOf(fresh))
    })
  }
})
