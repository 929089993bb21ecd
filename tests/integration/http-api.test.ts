import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { configFromEnv } from '../../server/config.js'
import { DEFAULT_MAX_MESSAGE_BYTES } from '../../shared/limits.js'
import { openRaw } from '../helpers/raw-socket.js'
import { startPlank, type RunningPlank } from '../helpers/server.js'

describe('HTTP API', () => {
  let plank: RunningPlank
  let cookie: string
  beforeAll(async () => {
    plank = await startPlank()
    cookie = await plank.cookieFor(plank.person('observer').id)
  })
  afterAll(() => plank.close())

  const get = async (path: string): Promise<{ status: number; body: unknown }> => {
    const res = await fetch(plank.url + path, { headers: { cookie } })
    return { status: res.status, body: await res.json() }
  }

  it('reports health once the store is open', async () => {
    // DESIGN's {"ok":true}, with each dependency beside it (issue 17; metrics.test.ts has the whole shape).
    expect(await get('/healthz')).toMatchObject({ status: 200, body: { ok: true, dependencies: { store: { ok: true, engine: 'sqlite' } } } })
  })

  it('lists platforms and describes one with its organizations and sections', async () => {
    const list = await get('/api/platforms')
    expect(list.body).toEqual({ platforms: [{ id: plank.sample.platformId, title: "People's Platform 2027" }] })
    const { status, body } = await get(`/api/platforms/${plank.sample.platformId}`)
    expect(status).toBe(200)
    const detail = body as { organizations: Array<{ id: string; name: string }>; sections: Array<Record<string, unknown>> }
    expect(detail.organizations).toHaveLength(5)
    expect(detail.sections.map((s) => s.id)).toEqual(plank.sample.sectionIds)
    const orgIds = new Set(detail.organizations.map((o) => o.id))
    for (const section of detail.sections) {
      // DESIGN's fields, and the sample's translated titles (issue 15, an optional field).
      expect(Object.keys(section).sort()).toEqual(['id', 'locked', 'ownerOrgId', 'title', 'titles'])
      expect(section.locked).toBe(false)
      expect(section.ownerOrgId === null || orgIds.has(section.ownerOrgId as string)).toBe(true)
    }
    expect(detail.sections.filter((s) => s.ownerOrgId !== null).length).toBeGreaterThanOrEqual(5)
  })

  it('answers unknown ids and routes with 404 in the one error shape', async () => {
    expect(await get('/api/platforms/nope')).toEqual({
      status: 404,
      body: { error: { code: 'not_found', message: 'No such platform.' } },
    })
    const unknown = await get('/api/unknown')
    expect(unknown.status).toBe(404)
    expect(unknown.body).toMatchObject({ error: { code: 'not_found' } })
  })

  it('answers invalid JSON with 400 and no stack trace', async () => {
    const res = await fetch(`${plank.url}/api/platforms`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"title": ',
    })
    expect(res.status).toBe(400)
    const text = await res.text()
    expect(JSON.parse(text)).toEqual({ error: { code: 'invalid_json', message: 'The request body is not valid JSON.' } })
    expect(text).not.toMatch(/at .*\.js/)
  })

  it('does not upgrade websockets outside /ws/', async () => {
    const error = await openRaw(`${plank.wsUrl.replace('/ws', '/elsewhere')}`).then(
      () => null,
      (e: Error) => e,
    )
    expect(error?.message).toMatch(/404/)
  })
})

describe('configuration', () => {
  it('reads PORT, PLANK_DATA_DIR, PLANK_DEMO and limits from the environment with documented defaults', () => {
    const defaults = configFromEnv({}, { clientDir: null })
    expect(defaults.port).toBe(3000)
    expect(defaults.dataDir.endsWith('/data')).toBe(true)
    expect(defaults.demo).toBe(true)
    expect(defaults.maxMessageBytes).toBe(DEFAULT_MAX_MESSAGE_BYTES)
    expect(DEFAULT_MAX_MESSAGE_BYTES).toBe(8 * 1024 * 1024)
    const set = configFromEnv({ PORT: '4100', PLANK_DATA_DIR: '/tmp/x', PLANK_DEMO: '0', PLANK_MAX_MESSAGE_BYTES: '1024' }, { clientDir: null })
    expect([set.port, set.dataDir, set.demo, set.maxMessageBytes]).toEqual([4100, '/tmp/x', false, 1024])
    expect(() => configFromEnv({ PORT: 'eighty' }, { clientDir: null })).toThrow(/PORT/)
  })

  it('starts without a sample platform or demo people when demo mode is off', async () => {
    const plank = await startPlank({ config: { demo: false } })
    expect(plank.plank.store.listPlatforms()).toEqual([])
    expect((await fetch(`${plank.url}/api/demo/people`)).status).toBe(404)
    const signIn = await fetch(`${plank.url}/api/demo/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ personId: 'anyone' }),
    })
    expect(signIn.status).toBe(404)
    await plank.close()
  })
})
