/**
 * PLANK_DATABASE_URL (issue 17): the whole server on PostgreSQL. The sample
 * platform is created once however many instances start together, /healthz
 * names the engine, an acknowledged write is in PostgreSQL, and a restarted
 * server serves it.
 */
import { rmSync } from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import { openPostgresStore } from '../../server/store/postgres/open.js'
import { appendParagraph, connectClient, savedUpTo, sectionText, storedDoc, waitSynced } from '../helpers/clients.js'
import { spawnPlank } from '../helpers/server-process.js'
import { startPlank, tempDataDir } from '../helpers/server.js'
import { createTestDatabase, dropTestDatabase } from '../helpers/services.js'

const AUDIT_KEY = 'a shared audit key for every instance, 32+ chars'

describe('Plank on PostgreSQL', () => {
  const made: string[] = []
  afterAll(async () => {
    for (const url of made) await dropTestDatabase(url)
  })

  it('serves the sample platform from PostgreSQL and keeps an acknowledged write across a restart', async () => {
    const databaseUrl = await createTestDatabase('server')
    made.push(databaseUrl)
    const first = await startPlank({ config: { databaseUrl, auditKey: AUDIT_KEY } })
    const health = (await (await fetch(`${first.url}/healthz`)).json()) as { dependencies: { store: { ok: boolean; engine: string } } }
    expect(health.dependencies.store).toMatchObject({ ok: true, engine: 'postgres' })
    const { platformId, sectionIds } = first.sample
    expect(sectionIds.length).toBeGreaterThan(0)
    const cookie = await first.cookieFor(first.person('facilitator').id)
    const writer = connectClient(first.wsUrl, platformId, { cookie, params: { saveAcks: '1' } })
    await waitSynced(writer)
    appendParagraph(writer.doc, sectionIds[0]!, 'stored in PostgreSQL')
    await savedUpTo(writer, 1)
    // Acknowledged means committed: another connection to the database reads it now.
    const outside = openPostgresStore(databaseUrl)
    expect(sectionText(storedDoc(outside, platformId), sectionIds[0]!)).toContain('stored in PostgreSQL')
    await outside.close()
    writer.destroy()
    await first.close()

    const second = await startPlank({ config: { databaseUrl, auditKey: AUDIT_KEY } })
    expect(second.sample.platformId).toBe(platformId)
    const reader = connectClient(second.wsUrl, platformId, { cookie })
    await waitSynced(reader)
    expect(sectionText(reader.doc, sectionIds[0]!)).toContain('stored in PostgreSQL')
    reader.destroy()
    await second.close()
  })

  it('creates one sample platform when instances start together on an empty database', async () => {
    const databaseUrl = await createTestDatabase('server')
    made.push(databaseUrl)
    // Processes of their own: in one process the starts would run one after another anyway.
    const dirs = [tempDataDir(), tempDataDir(), tempDataDir()]
    const instances = await Promise.all(dirs.map((dir) => spawnPlank(dir, { PLANK_DATABASE_URL: databaseUrl, PLANK_AUDIT_KEY: AUDIT_KEY })))
    try {
      const outside = openPostgresStore(databaseUrl)
      expect(outside.listPlatforms()).toHaveLength(1)
      await outside.close()
    } finally {
      for (const instance of instances) instance.child.kill('SIGTERM')
      await Promise.all(instances.map((i) => i.exited))
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
    }
  })
})
