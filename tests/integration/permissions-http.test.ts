import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api, governanceSnapshot } from '../helpers/http.js'
import { startPlank, type RunningPlank } from '../helpers/server.js'

/**
 * Every facilitator-only HTTP action, tried by every role. Allowed: it
 * succeeds. Forbidden: 403 (401 signed out, 404 for a non-member) and the
 * database and stored document are exactly as before.
 */
describe('HTTP permissions: manage actions by role', () => {
  let plank: RunningPlank
  let platformId: string
  const cookies: Record<string, string> = {}
  let outsider: string

  beforeAll(async () => {
    plank = await startPlank()
    platformId = plank.sample.platformId
    for (const role of ['observer', 'delegate', 'boardRep', 'facilitator']) {
      cookies[role] = await plank.cookieFor(plank.person(role).id)
    }
    // A real account that is not a member of the sample platform.
    const setup = await api(plank.url, '/api/setup', {
      method: 'POST',
      body: { token: plank.plank.setupToken, username: 'outsider', displayName: 'Out Sider', password: 'long enough password' },
    })
    expect(setup.status).toBe(201)
    // The first real account facilitates existing platforms; it leaves the sample one itself
    // (demo people may not change real accounts' memberships: issue 11 #13).
    const personId = (setup.body as { person: { id: string } }).person.id
    expect((await api(plank.url, `/api/platforms/${platformId}/members/${personId}`, { method: 'DELETE', cookie: setup.cookie })).status).toBe(204)
    outsider = setup.cookie
  })
  afterAll(() => plank.close())

  const org = () => plank.plank.store.listOrganizations(platformId)[0]!.id
  const lastOrg = () => plank.plank.store.listOrganizations(platformId).at(-1)!.id
  const section = (i: number) => plank.plank.store.listSections(platformId)[i]!.id
  const someone = () => plank.person('delegate').id

  const actions: Array<{ name: string; method: string; path: () => string; body?: () => unknown; ok: number }> = [
    { name: 'rename the platform', method: 'PATCH', path: () => `/api/platforms/${platformId}`, body: () => ({ title: 'Renamed' }), ok: 200 },
    {
      name: 'add an organization',
      method: 'POST',
      path: () => `/api/platforms/${platformId}/organizations`,
      body: () => ({ name: 'New Org', shortName: 'NO', color: '#334455' }),
      ok: 201,
    },
    {
      name: 'edit an organization',
      method: 'PATCH',
      path: () => `/api/platforms/${platformId}/organizations/${org()}`,
      body: () => ({ shortName: 'X' }),
      ok: 200,
    },
    {
      name: 'add a section',
      method: 'POST',
      path: () => `/api/platforms/${platformId}/sections`,
      body: () => ({ title: 'Transit', ownerOrgId: null }),
      ok: 201,
    },
    {
      name: 'rename a section',
      method: 'PATCH',
      path: () => `/api/platforms/${platformId}/sections/${section(0)}`,
      body: () => ({ title: 'Preface' }),
      ok: 200,
    },
    {
      name: 'change a section’s owner',
      method: 'PATCH',
      path: () => `/api/platforms/${platformId}/sections/${section(1)}`,
      body: () => ({ ownerOrgId: lastOrg() }),
      ok: 200,
    },
    { name: 'lock a section', method: 'PATCH', path: () => `/api/platforms/${platformId}/sections/${section(2)}`, body: () => ({ locked: true }), ok: 200 },
    {
      name: 'reorder sections',
      method: 'PUT',
      path: () => `/api/platforms/${platformId}/sections/order`,
      body: () => ({
        sectionIds: plank.plank.store
          .listSections(platformId)
          .map((s) => s.id)
          .reverse(),
      }),
      ok: 200,
    },
    { name: 'remove a section', method: 'DELETE', path: () => `/api/platforms/${platformId}/sections/${section(3)}`, ok: 204 },
    {
      name: 'restore a section',
      method: 'POST',
      path: () => `/api/platforms/${platformId}/sections/${plank.plank.store.listRemovedSections(platformId)[0]?.id ?? section(3)}/restore`,
      ok: 200,
    },
    { name: 'list members', method: 'GET', path: () => `/api/platforms/${platformId}/members`, ok: 200 },
    {
      name: 'change a member’s role',
      method: 'PATCH',
      path: () => `/api/platforms/${platformId}/members/${someone()}`,
      body: () => ({ role: 'boardRep' }),
      ok: 200,
    },
    {
      name: 'invite someone',
      method: 'POST',
      path: () => `/api/platforms/${platformId}/invitations`,
      body: () => ({ role: 'delegate', orgId: org(), name: 'New Person' }),
      ok: 201,
    },
    { name: 'list invitations', method: 'GET', path: () => `/api/platforms/${platformId}/invitations`, ok: 200 },
    {
      name: 'revoke an invitation',
      method: 'DELETE',
      path: () => `/api/platforms/${platformId}/invitations/${plank.plank.store.listInvitations(platformId)[0]?.id ?? 'none'}`,
      ok: 204,
    },
    { name: 'read the audit log', method: 'GET', path: () => `/api/platforms/${platformId}/audit`, ok: 200 },
    { name: 'remove a member', method: 'DELETE', path: () => `/api/platforms/${platformId}/members/${plank.person('observer').id}`, ok: 204 },
  ]

  it('members of every role may read the platform; a non-member gets 404 as for a platform that does not exist', async () => {
    for (const role of ['observer', 'delegate', 'boardRep', 'facilitator']) {
      expect((await api(plank.url, `/api/platforms/${platformId}`, { cookie: cookies[role] })).status).toBe(200)
    }
    const stranger = await api(plank.url, `/api/platforms/${platformId}`, { cookie: outsider })
    const missing = await api(plank.url, '/api/platforms/does-not-exist', { cookie: outsider })
    expect([stranger.status, stranger.body]).toEqual([missing.status, missing.body])
    const list = (await api(plank.url, '/api/platforms', { cookie: outsider })).body as { platforms: Array<{ id: string }> }
    expect(list.platforms.map((p) => p.id)).not.toContain(platformId)
  })

  for (const action of actions) {
    for (const role of ['observer', 'delegate', 'boardRep'] as const) {
      it(`a ${role} cannot ${action.name} (403, nothing stored)`, async () => {
        const before = governanceSnapshot(plank.plank.store, platformId)
        const res = await api(plank.url, action.path(), { method: action.method, body: action.body?.(), cookie: cookies[role] })
        expect(res.status).toBe(403)
        expect(res.body).toMatchObject({ error: { code: 'forbidden' } })
        expect(governanceSnapshot(plank.plank.store, platformId)).toBe(before)
      })
    }
    it(`someone signed out cannot ${action.name} (401), nor a non-member (404); nothing stored`, async () => {
      const before = governanceSnapshot(plank.plank.store, platformId)
      const anonymous = await api(plank.url, action.path(), { method: action.method, body: action.body?.() })
      expect(anonymous.status).toBe(401)
      const stranger = await api(plank.url, action.path(), { method: action.method, body: action.body?.(), cookie: outsider })
      expect(stranger.status).toBe(404)
      expect(governanceSnapshot(plank.plank.store, platformId)).toBe(before)
    })
    it(`a facilitator can ${action.name}`, async () => {
      const auditBefore = plank.plank.store.listAudit().length
      const res = await api(plank.url, action.path(), { method: action.method, body: action.body?.(), cookie: cookies.facilitator })
      expect(res.status, JSON.stringify(res.body)).toBe(action.ok)
      if (action.method !== 'GET') expect(plank.plank.store.listAudit().length).toBeGreaterThan(auditBefore)
    })
  }
})
