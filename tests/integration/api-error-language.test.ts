/**
 * Issue 15, API errors in the reader's language, over real HTTP: the same
 * refusal answers in Spanish to `Accept-Language: es-MX,es;q=0.9` and in
 * English without the header, with the same status and `code` (scripts read
 * the code); the Spanish carries none of the English words.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api, type HttpResult } from '../helpers/http.js'
import { startPlank, type RunningPlank } from '../helpers/server.js'

const SPANISH = { 'accept-language': 'es-MX,es;q=0.9' }

interface ErrorBody {
  error: { code: string; message: string }
}

/** The words of a message, lower case, without the names that are the same in every language. */
const words = (message: string, same: string[] = []): string[] =>
  message
    .toLowerCase()
    .split(/[^\p{L}]+/u)
    .filter((w) => w.length > 2 && !same.includes(w))

describe('API errors in the reader’s language', () => {
  let plank: RunningPlank
  let platformId: string
  let sectionId: string
  let delegate: string
  let facilitator: string
  let rep: string
  beforeAll(async () => {
    plank = await startPlank()
    platformId = plank.sample.platformId
    sectionId = plank.sample.sectionIds[0]!
    delegate = await plank.cookieFor(plank.person('delegate').id)
    facilitator = await plank.cookieFor(plank.person('facilitator').id)
    rep = await plank.cookieFor(plank.person('boardRep').id)
  })
  afterAll(() => plank.close())

  /** The same request in English (no header) and in Spanish; both refused alike. */
  async function bothWays(request: (headers: Record<string, string>) => Promise<HttpResult>, status: number, code: string) {
    const english = await request({})
    const spanish = await request(SPANISH)
    expect(english.status).toBe(status)
    expect(spanish.status).toBe(status)
    const en = (english.body as ErrorBody).error
    const es = (spanish.body as ErrorBody).error
    expect(en.code).toBe(code)
    expect(es.code).toBe(code)
    return { en: en.message, es: es.message }
  }

  /** The Spanish message shares no word with the English one (names such as JSON and field names aside). */
  const expectNoEnglishIn = (m: { en: string; es: string }, same: string[] = []) => {
    const spanish = new Set(words(m.es))
    expect(
      words(m.en, same).filter((w) => spanish.has(w)),
      `English words in «${m.es}»`,
    ).toEqual([])
  }

  it('403: a delegate managing the platform', async () => {
    const m = await bothWays(
      (headers) => api(plank.url, `/api/platforms/${platformId}/sections/${sectionId}`, { method: 'PATCH', body: { locked: true }, cookie: delegate, headers }),
      403,
      'forbidden',
    )
    expect(m.en).toBe('Only facilitators manage the platform.')
    expect(m.es).toBe('Solo los facilitadores gestionan la plataforma.')
    expectNoEnglishIn(m)
  })

  it('404: an unknown platform and an unknown route', async () => {
    const platform = await bothWays((headers) => api(plank.url, '/api/platforms/nope', { cookie: delegate, headers }), 404, 'not_found')
    expect(platform).toEqual({ en: 'No such platform.', es: 'Esa plataforma no existe.' })
    expectNoEnglishIn(platform)
    const route = await bothWays((headers) => api(plank.url, '/api/nowhere', { headers }), 404, 'not_found')
    expectNoEnglishIn(route, ['api'])
  })

  it('409: a sign-off on text that changed since it was reviewed (a stale hash)', async () => {
    const m = await bothWays(
      (headers) =>
        api(plank.url, `/api/platforms/${platformId}/sections/${sectionId}/signoffs`, {
          method: 'POST',
          body: { decision: 'approve', hash: 'a'.repeat(64) },
          cookie: rep,
          headers,
        }),
      409,
      'stale_hash',
    )
    expect(m.es).toBe('El texto cambió desde que usted empezó a revisarlo.')
    expectNoEnglishIn(m)
  })

  it('400: a body that is not JSON, and a field of the wrong type (its name kept)', async () => {
    const json = await bothWays(
      async (headers) => {
        const res = await fetch(`${plank.url}/api/platforms`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie: facilitator, ...headers },
          body: '{"title": ',
        })
        return { status: res.status, body: await res.json(), cookie: '' }
      },
      400,
      'invalid_json',
    )
    expect(json).toEqual({ en: 'The request body is not valid JSON.', es: 'El cuerpo de la solicitud no es JSON válido.' })
    expectNoEnglishIn(json, ['json'])

    const field = await bothWays(
      (headers) => api(plank.url, `/api/platforms/${platformId}/sections/${sectionId}`, { method: 'PATCH', body: { title: 5 }, cookie: facilitator, headers }),
      400,
      'invalid',
    )
    expect(field.en).toMatch(/^title: /)
    expect(field.es).toMatch(/^El campo «title» no es válido: /)
    expectNoEnglishIn(field, ['title'])
  })

  it('401: a login and password that match no account; the answer varies with Accept-Language', async () => {
    const m = await bothWays(
      (headers) => api(plank.url, '/api/session', { method: 'POST', body: { login: 'nobody', password: 'wrong password' }, headers }),
      401,
      'bad_credentials',
    )
    expectNoEnglishIn(m)
    const res = await fetch(`${plank.url}/api/platforms/nope`, { headers: { cookie: delegate, ...SPANISH } })
    expect(res.headers.get('vary') ?? '').toMatch(/accept-language/i)
  })

  it('English for a language Plank does not speak', async () => {
    const res = await api(plank.url, '/api/platforms/nope', { cookie: delegate, headers: { 'accept-language': 'fr-FR,fr;q=0.9' } })
    expect(res.body).toEqual({ error: { code: 'not_found', message: 'No such platform.' } })
  })
})
