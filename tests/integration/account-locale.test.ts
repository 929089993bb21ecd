import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SessionInfo } from '../../shared/api.js'
import { api, demoCookie } from '../helpers/http.js'
import { startPlank, type RunningPlank } from '../helpers/server.js'

/** Issue 15: the interface language follows the person (remembered with the account), not the device. */
describe('the interface language remembered with the account', () => {
  let plank: RunningPlank
  beforeAll(async () => {
    plank = await startPlank()
  })
  afterAll(() => plank.close())

  const localeOf = (personId: string) => plank.plank.store.getPerson(personId)?.locale

  it('is null until chosen; PATCH /api/session stores it and every later session (another device) carries it', async () => {
    const person = plank.person('delegate')
    const first = await demoCookie(plank.url, person.id)
    const before = await api(plank.url, '/api/session', { cookie: first })
    expect((before.body as SessionInfo).person.locale).toBeNull()

    const chosen = await api(plank.url, '/api/session', { method: 'PATCH', body: { locale: 'es' }, cookie: first })
    expect(chosen.status).toBe(200)
    expect((chosen.body as SessionInfo).person.locale).toBe('es')
    expect(localeOf(person.id)).toBe('es')

    // A second sign-in, as from another device: its first answer already says Spanish.
    const other = await api(plank.url, '/api/demo/sign-in', { method: 'POST', body: { personId: person.id } })
    expect((other.body as SessionInfo).person.locale).toBe('es')
    const back = await api(plank.url, '/api/session', { method: 'PATCH', body: { locale: 'en' }, cookie: other.cookie })
    expect((back.body as SessionInfo).person.locale).toBe('en')
    expect(((await api(plank.url, '/api/session', { cookie: first })).body as SessionInfo).person.locale).toBe('en')
  })

  it('refuses an unknown language, another field, no session and a cross-site request, storing nothing', async () => {
    const person = plank.person('boardRep')
    const cookie = await demoCookie(plank.url, person.id)
    expect((await api(plank.url, '/api/session', { method: 'PATCH', body: { locale: 'es' }, cookie })).status).toBe(200)
    const refused: Array<[number, string, Parameters<typeof api>[2]]> = [
      [400, 'invalid', { body: { locale: 'fr' }, cookie }],
      [400, 'invalid', { body: { locale: 'es', displayName: 'Someone else' }, cookie }],
      [400, 'invalid', { body: { locale: null }, cookie }],
      [400, 'invalid', { body: {}, cookie }],
      [401, 'unauthenticated', { body: { locale: 'en' } }],
      [403, 'cross_site', { body: { locale: 'en' }, cookie, headers: { origin: 'https://evil.example' } }],
    ]
    for (const [status, code, options] of refused) {
      const res = await api(plank.url, '/api/session', { ...options, method: 'PATCH' })
      expect(res.status, JSON.stringify(options?.body)).toBe(status)
      expect(res.body).toMatchObject({ error: { code } })
    }
    const invalidJson = await fetch(`${plank.url}/api/session`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', cookie },
      body: '{"locale":',
    })
    expect(invalidJson.status).toBe(400)
    expect(localeOf(person.id)).toBe('es')
    expect(plank.plank.store.getPerson(person.id)?.displayName).toBe(person.name)
  })
})
