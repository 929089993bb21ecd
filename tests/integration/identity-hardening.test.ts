import Database from 'better-sqlite3'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { WebSocket } from 'ws'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CloseCode } from '../../shared/protocol.js'
import { passwordHashing } from '../../server/identity/hash-queue.js'
import { appendParagraph, connectClient, sectionText, storedDoc, waitFor, waitSynced } from '../helpers/clients.js'
import { api, governanceSnapshot } from '../helpers/http.js'
import { closed, openRaw } from '../helpers/raw-socket.js'
import { syncUpdateFrame, updateOn } from '../helpers/updates.js'
import { startPlank, type RunningPlank } from '../helpers/server.js'

/** Issue 11, identity, HTTP and connection findings: each refusal over the wire, and nothing stored. */

describe('security headers on app pages, API answers and exports (#15)', () => {
  let plank: RunningPlank
  let facilitator: string
  beforeAll(async () => {
    plank = await startPlank()
    facilitator = await plank.cookieFor(plank.person('facilitator').id)
  })
  afterAll(() => plank.close())

  const expectHeaders = (res: Response, what: string): string => {
    expect(res.headers.get('x-content-type-options'), what).toBe('nosniff')
    expect(res.headers.get('x-frame-options'), what).toBe('DENY')
    expect(res.headers.get('referrer-policy'), what).toBe('no-referrer')
    const csp = res.headers.get('content-security-policy') ?? ''
    expect(csp, what).toContain("frame-ancestors 'none'")
    expect(csp, what).toMatch(/object-src 'none'|^default-src 'none'/)
    return csp
  }

  it('app pages get the app policy: scripts and connections only from this origin', async () => {
    for (const path of ['/', `/p/${plank.sample.platformId}`, '/signin']) {
      const res = await fetch(plank.url + path)
      expect(res.status).toBe(200)
      const csp = expectHeaders(res, path)
      expect(csp).toContain("script-src 'self'")
      expect(csp).toContain("base-uri 'self'")
      expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${plank.port} wss://127.0.0.1:${plank.port}`)
      expect(csp).not.toMatch(/script-src[^;]*unsafe/)
    }
  })

  it('API answers (including errors) and health carry them too', async () => {
    for (const path of ['/api/session', '/api/nope', '/healthz', '/api/demo/people']) expectHeaders(await fetch(plank.url + path), path)
  })

  it('exports keep their stricter policy: no script at all', async () => {
    for (const format of ['html', 'md']) {
      const res = await fetch(`${plank.url}/api/platforms/${plank.sample.platformId}/export.${format}`, { headers: { cookie: facilitator } })
      expect(res.status).toBe(200)
      const csp = expectHeaders(res, format)
      expect(csp).toMatch(/^default-src 'none'/)
      expect(csp).not.toContain('script-src')
    }
  })

  it('a Host header cannot inject into the policy', async () => {
    const { request } = await import('node:http')
    const headers = await new Promise<Record<string, string | string[] | undefined>>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: plank.port, path: '/healthz', headers: { host: "evil; script-src 'unsafe-inline'" } }, (res) => {
        res.resume()
        resolve(res.headers)
      })
      req.on('error', reject)
      req.end()
    })
    expect(String(headers['content-security-policy'])).not.toContain('evil')
    expect(String(headers['content-security-policy'])).toMatch(/connect-src 'self'; /)
  })
})

describe('names are normalised at input; invisible-only names are refused (#23)', () => {
  let plank: RunningPlank
  let facilitator: string
  let platformId: string
  beforeAll(async () => {
    plank = await startPlank()
    platformId = plank.sample.platformId
    facilitator = await plank.cookieFor(plank.person('facilitator').id)
  })
  afterAll(() => plank.close())

  const invite = async (body: Record<string, unknown> = { role: 'observer' }): Promise<{ status: number; token: string }> => {
    const res = await api(plank.url, `/api/platforms/${platformId}/invitations`, { method: 'POST', body, cookie: facilitator })
    return { status: res.status, token: (res.body as { link?: string }).link?.split('#')[1] ?? '' }
  }

  it('a display name loses bidi overrides, zero-width and control characters, and is NFC', async () => {
    const { token } = await invite()
    const res = await api(plank.url, `/api/invitations/${token}/accept`, {
      method: 'POST',
      body: { username: 'jose', displayName: ' \u202eJose\u0301\u200b \t Ma\u200dria\u0007 \u2066', password: 'long enough password' },
    })
    expect(res.status).toBe(200)
    expect(plank.plank.store.findPersonByLogin('jose')!.displayName).toBe('Jos\u00e9 Maria')
  })

  it('a name of nothing visible is a 400 and creates no account', async () => {
    const { token } = await invite()
    const res = await api(plank.url, `/api/invitations/${token}/accept`, {
      method: 'POST',
      body: { username: 'ghost', displayName: '\u202e\u200b\u2066\u0000 \u00ad', password: 'long enough password' },
    })
    expect(res.status).toBe(400)
    expect(res.body).toMatchObject({ error: { code: 'invalid' } })
    expect(plank.plank.store.findPersonByLogin('ghost')).toBeNull()
    // The invitation is still unused.
    expect(plank.plank.store.listInvitations(platformId).filter((i) => i.usedAt).length).toBe(1)
  })

  it('organization names and invitation names are normalised the same way', async () => {
    const before = plank.plank.store.listOrganizations(platformId).length
    const bad = await api(plank.url, `/api/platforms/${platformId}/organizations`, {
      method: 'POST',
      cookie: facilitator,
      body: { name: '\u202d\u202c', shortName: 'X', color: '#123456' },
    })
    expect(bad.status).toBe(400)
    expect(plank.plank.store.listOrganizations(platformId).length).toBe(before)
    const ok = await api(plank.url, `/api/platforms/${platformId}/organizations`, {
      method: 'POST',
      cookie: facilitator,
      body: { name: 'Tenants\u202e  Union\u200b', shortName: ' TU\u2067 ', color: '#123456' },
    })
    expect(ok.status).toBe(201)
    const org = plank.plank.store.getOrganization(platformId, (ok.body as { id: string }).id)!
    expect([org.name, org.shortName]).toEqual(['Tenants Union', 'TU'])
    const named = await invite({ role: 'observer', name: 'Ro\u202ebin ' })
    expect(named.status).toBe(201)
    expect(plank.plank.store.listInvitations(platformId).some((i) => i.name === 'Robin')).toBe(true)
    const unnamed = await invite({ role: 'observer', name: '\u200b' })
    expect(unnamed.status).toBe(400)
  })
})

/** A demo delegate and a section their organization owns. */
function delegateAndSection(plank: RunningPlank): { personId: string; sectionId: string } {
  const store = plank.plank.store
  for (const person of plank.people.filter((p) => p.role === 'delegate')) {
    const section = store.listSections(plank.sample.platformId).find((s) => s.ownerOrgId === person.orgId)
    if (section) return { personId: person.id, sectionId: section.id }
  }
  throw new Error('no demo delegate owning a section')
}

/** Still open a moment after the upgrade: the relay admitted it (refusals close at once). */
async function admitted(socket: WebSocket): Promise<boolean> {
  await new Promise((r) => setTimeout(r, 300))
  return socket.readyState === WebSocket.OPEN
}

/** Opens a raw socket with extra handshake headers; resolves with the HTTP refusal or the open socket. */
function handshake(url: string, headers: Record<string, string>): Promise<{ socket: WebSocket | null; status: number | null }> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, { headers })
    socket.once('open', () => resolve({ socket, status: null }))
    socket.once('unexpected-response', (_req, res) => {
      resolve({ socket: null, status: res.statusCode ?? 0 })
      res.resume()
    })
    socket.once('error', () => resolve({ socket: null, status: -1 }))
  })
}

describe('the relay refuses other origins on the upgrade, as the HTTP API does (#21)', () => {
  let plank: RunningPlank
  let delegate: string
  let platformId: string
  let sectionId: string
  beforeAll(async () => {
    plank = await startPlank()
    platformId = plank.sample.platformId
    const mine = delegateAndSection(plank)
    sectionId = mine.sectionId
    delegate = await plank.cookieFor(mine.personId)
  })
  afterAll(() => plank.close())

  it('another port, a sibling subdomain, a null origin or Sec-Fetch-Site same-site: 403 before any credential is used', async () => {
    const before = plank.plank.store.loadDocument(platformId).lastSeq
    const url = `${plank.wsUrl}/${platformId}`
    const refused: Array<Record<string, string>> = [
      { origin: 'http://127.0.0.1:1' },
      { origin: `http://evil.127.0.0.1:${plank.port}` },
      { origin: 'null' },
      { origin: `http://127.0.0.1:${plank.port}`, 'sec-fetch-site': 'same-site' },
      { origin: `https://127.0.0.1:${plank.port}.evil.example` },
    ]
    for (const headers of refused) {
      const result = await handshake(url, { cookie: delegate, ...headers })
      expect(result.status, JSON.stringify(headers)).toBe(403)
    }
    // The HTTP API gives the same answer for the same headers.
    const http = await api(plank.url, '/api/tickets', { method: 'POST', cookie: delegate, body: { platformId }, headers: { origin: 'http://127.0.0.1:1' } })
    expect(http.status).toBe(403)
    expect(http.body).toMatchObject({ error: { code: 'cross_site' } })
    expect(plank.plank.store.loadDocument(platformId).lastSeq).toBe(before)
  })

  it('this origin connects and writes; a non-browser client without Origin still connects with a ticket', async () => {
    const same = await handshake(`${plank.wsUrl}/${platformId}`, { cookie: delegate, origin: plank.url, 'sec-fetch-site': 'same-origin' })
    expect(same.socket).not.toBeNull()
    same.socket!.close()
    const ticket = (await api(plank.url, '/api/tickets', { method: 'POST', cookie: delegate, body: { platformId } })).body as { ticket: string }
    const client = connectClient(plank.wsUrl, platformId, { params: { ticket: ticket.ticket } })
    await waitSynced(client)
    appendParagraph(client.doc, sectionId, 'written with a ticket')
    await waitFor(() => sectionText(storedDoc(plank.plank.store, platformId), sectionId).includes('written with a ticket'), 'stored')
    client.destroy()
  })

  it('a cross-site attempt carrying a ticket does not spend it', async () => {
    const ticket = ((await api(plank.url, '/api/tickets', { method: 'POST', cookie: delegate, body: { platformId } })).body as { ticket: string }).ticket
    const refused = await handshake(`${plank.wsUrl}/${platformId}?ticket=${ticket}`, { origin: 'http://127.0.0.1:1' })
    expect(refused.status).toBe(403)
    const ok = await openRaw(`${plank.wsUrl}/${platformId}?ticket=${ticket}`)
    expect(await admitted(ok)).toBe(true)
    ok.close()
  })
})

describe('connection caps per session and per address, with close code 4429 (#16)', () => {
  let plank: RunningPlank
  let platformId: string
  beforeAll(async () => {
    plank = await startPlank({ config: { maxSocketsPerSession: 3, maxSocketsPerAddress: 5 } })
    platformId = plank.sample.platformId
  })
  afterAll(() => plank.close())

  it('the socket over the per-session cap is closed with 4429; the others keep working; closing one frees a place', async () => {
    const { sectionId, personId } = delegateAndSection(plank)
    const cookie = await plank.cookieFor(personId)
    const clients = [0, 1, 2].map(() => connectClient(plank.wsUrl, platformId, { cookie }))
    await Promise.all(clients.map(waitSynced))
    const extra = await openRaw(`${plank.wsUrl}/${platformId}`, cookie)
    expect((await closed(extra)).code).toBe(CloseCode.TooManyConnections)
    // The three admitted ones still sync with each other.
    appendParagraph(clients[0]!.doc, sectionId, 'still working')
    await waitFor(() => sectionText(clients[2]!.doc, sectionId).includes('still working'), 'relayed')
    clients[1]!.destroy()
    await new Promise((r) => setTimeout(r, 100))
    const again = await openRaw(`${plank.wsUrl}/${platformId}`, cookie)
    expect(await admitted(again)).toBe(true)
    again.close()
    clients[0]!.destroy()
    clients[2]!.destroy()
  })

  it('the per-address cap counts every session from that address', async () => {
    const people = plank.people.filter((p) => p.platformId === platformId).slice(0, 6)
    expect(people.length).toBe(6)
    const cookies = await Promise.all(people.map((p) => plank.cookieFor(p.id)))
    const sockets = await Promise.all(cookies.slice(0, 5).map((c) => openRaw(`${plank.wsUrl}/${platformId}`, c)))
    const sixth = await openRaw(`${plank.wsUrl}/${platformId}`, cookies[5]!)
    expect((await closed(sixth)).code).toBe(CloseCode.TooManyConnections)
    for (const s of sockets) expect(s.readyState).toBe(WebSocket.OPEN)
    for (const s of sockets) s.close()
    await Promise.all(sockets.map(closed))
  })
})

describe('a connection ends when its session expires, not at the next heartbeat (#23)', () => {
  let plank: RunningPlank
  let platformId: string
  let sectionId: string
  beforeAll(async () => {
    plank = await startPlank({ config: { sessionTtlMs: 1500 } })
    platformId = plank.sample.platformId
    sectionId = delegateAndSection(plank).sectionId
  })
  afterAll(() => plank.close())

  it('is closed with 4401 at the expiry time', async () => {
    const cookie = await plank.cookieFor(delegateAndSection(plank).personId)
    const started = Date.now()
    const socket = await openRaw(`${plank.wsUrl}/${platformId}`, cookie)
    const close = await closed(socket)
    expect(close.code).toBe(CloseCode.Unauthenticated)
    expect(Date.now() - started).toBeLessThan(5_000)
  })

  it('a write that arrives after the expiry is not applied or stored, even if the timer has not fired yet', async () => {
    const cookie = await plank.cookieFor(delegateAndSection(plank).personId)
    const socket = await openRaw(`${plank.wsUrl}/${platformId}`, cookie)
    const base = storedDoc(plank.plank.store, platformId)
    const before = plank.plank.store.loadDocument(platformId).lastSeq
    const update = updateOn(base, (doc) => appendParagraph(doc, sectionId, 'after expiry'))
    const closing = closed(socket)
    // Sleep (blocking this process, server included) past the expiry, with the write already on the wire:
    // when the loop resumes, the message and the expiry timer are both due.
    await new Promise((r) => setTimeout(r, 1000))
    socket.send(syncUpdateFrame(update))
    const until = Date.now() + 800
    while (Date.now() < until) {
      // busy wait on purpose
    }
    expect((await closing).code).toBe(CloseCode.Unauthenticated)
    await new Promise((r) => setTimeout(r, 100))
    expect(plank.plank.store.loadDocument(platformId).lastSeq).toBe(before)
    expect(sectionText(storedDoc(plank.plank.store, platformId), sectionId)).not.toContain('after expiry')
  })
})

describe('first-run setup: token first, throttled, hashing bounded (#7); expires, works once, least privilege (#8)', () => {
  let plank: RunningPlank
  let db: Database.Database
  const PASSWORD = 'the first facilitator'
  beforeAll(async () => {
    // Behind one (loopback) proxy: X-Forwarded-For gives each test its own client address.
    plank = await startPlank({ config: { trustProxy: 1 } })
    db = new Database(join(plank.dataDir, 'plank.sqlite'))
  })
  afterAll(async () => {
    db.close()
    await plank.close()
  })

  const setupState = () =>
    JSON.stringify({
      people: db.prepare('SELECT COUNT(*) AS n FROM people').get(),
      memberships: db.prepare('SELECT * FROM memberships ORDER BY platform_id, person_id').all(),
      audit: db.prepare('SELECT COUNT(*) AS n FROM audit_log').get(),
      tokens: db.prepare('SELECT token_hash, created_at, used_at FROM setup_tokens ORDER BY token_hash').all(),
      sessions: db.prepare('SELECT COUNT(*) AS n FROM sessions').get(),
    })
  const setup = (token: string, username: string, address: string) =>
    api(plank.url, '/api/setup', {
      method: 'POST',
      headers: { 'x-forwarded-for': address },
      body: { token, username, displayName: username, password: PASSWORD },
    })

  it('300 wrong tokens run no password hash and are throttled per address; other addresses are not', async () => {
    const before = setupState()
    const hashes = passwordHashing.started
    const started = Date.now()
    const answers = await Promise.all(Array.from({ length: 300 }, (_, i) => setup(`wrong-${i}`, `guess${i}`, '203.0.113.1')))
    const burstMs = Date.now() - started
    expect(answers.filter((a) => a.status === 403).length).toBe(10)
    expect(answers.filter((a) => a.status === 429).length).toBe(290)
    expect(answers.find((a) => a.status === 429)!.body).toMatchObject({ error: { code: 'rate_limited' } })
    expect(passwordHashing.started).toBe(hashes)
    // Even the real token is refused from that address until the window passes; nothing is stored.
    expect((await setup(plank.plank.setupToken!, 'maya', '203.0.113.1')).status).toBe(429)
    expect(setupState()).toBe(before)
    console.log(`#7: 300 wrong setup requests answered in ${burstMs} ms with ${passwordHashing.started - hashes} password hashes`)
  })

  it('an expired link is refused and stores nothing', async () => {
    const created = (db.prepare('SELECT created_at FROM setup_tokens WHERE used_at IS NULL').get() as { created_at: string }).created_at
    db.prepare('UPDATE setup_tokens SET created_at = ? WHERE used_at IS NULL').run(new Date(Date.now() - 25 * 60 * 60_000).toISOString())
    const before = setupState()
    const res = await setup(plank.plank.setupToken!, 'maya', '203.0.113.2')
    expect(res.status).toBe(403)
    expect(res.body).toMatchObject({ error: { code: 'bad_setup_token' } })
    expect(setupState()).toBe(before)
    db.prepare('UPDATE setup_tokens SET created_at = ? WHERE used_at IS NULL').run(created)
  })

  it('works once, for the platforms of first run only; a used link is refused and stores nothing', async () => {
    const sample = plank.sample.platformId
    const ok = await setup(plank.plank.setupToken!, 'maya', '203.0.113.3')
    expect(ok.status).toBe(201)
    const maya = plank.plank.store.findPersonByLogin('maya')!
    expect(plank.plank.store.listMemberships(maya.id).map((m) => [m.platformId, m.role])).toEqual([[sample, 'facilitator']])
    const before = setupState()
    const again = await setup(plank.plank.setupToken!, 'maya2', '203.0.113.4')
    expect(again.status).toBe(403)
    expect(again.body).toMatchObject({ error: { code: 'bad_setup_token' } })
    expect(plank.plank.store.findPersonByLogin('maya2')).toBeNull()
    expect(setupState()).toBe(before)
  })

  it('a link issued on first run grants nothing once a real account exists, even if unused', async () => {
    // A second unused token, as if issued at an earlier start and never used (the table allows it).
    const { newToken, tokenHash } = await import('../../server/identity/secrets.js')
    const stale = newToken()
    db.prepare('INSERT INTO setup_tokens (token_hash, created_at) VALUES (?, ?)').run(tokenHash(stale), new Date().toISOString())
    // Someone else creates a platform after first run.
    const maya = await api(plank.url, '/api/session', { method: 'POST', body: { login: 'maya', password: PASSWORD } })
    const later = await api(plank.url, '/api/platforms', { method: 'POST', cookie: maya.cookie, body: { title: 'Later platform' } })
    expect(later.status).toBe(201)
    const before = setupState()
    const res = await setup(stale, 'mallory', '203.0.113.5')
    expect(res.status).toBe(403)
    expect(plank.plank.store.findPersonByLogin('mallory')).toBeNull()
    expect(setupState()).toBe(before)
  })

  it('password hashing is bounded: at most two at once, and a burst beyond the queue is a 429, not a stall', async () => {
    const { HashQueue } = await import('../../server/identity/hash-queue.js')
    const queue = new HashQueue(2, 3)
    let running = 0
    let peak = 0
    const work = () =>
      queue.run(async () => {
        running += 1
        peak = Math.max(peak, running)
        await new Promise((r) => setTimeout(r, 20))
        running -= 1
      })
    const results = await Promise.allSettled(Array.from({ length: 8 }, work))
    expect(peak).toBe(2)
    expect(results.filter((r) => r.status === 'fulfilled').length).toBe(5)
    expect(results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.status)).toEqual([429, 429, 429])
  })
})

describe('sign-in throttling per (login, address) with backoff, behind a trusted proxy (#9); Secure cookie behind TLS (#23)', () => {
  let plank: RunningPlank
  let direct: RunningPlank
  const PASSWORD = 'correct horse battery'
  const sessions = (p: RunningPlank) => new Database(join(p.dataDir, 'plank.sqlite'), { readonly: true })
  const countSessions = (p: RunningPlank): number => {
    const db = sessions(p)
    try {
      return (db.prepare('SELECT COUNT(*) AS n FROM sessions').get() as { n: number }).n
    } finally {
      db.close()
    }
  }
  const makeAccount = async (p: RunningPlank): Promise<void> => {
    const res = await api(p.url, '/api/setup', {
      method: 'POST',
      body: { token: p.plank.setupToken, username: 'rosa', displayName: 'Rosa', password: PASSWORD },
    })
    expect(res.status).toBe(201)
  }
  const signIn = (p: RunningPlank, password: string, headers: Record<string, string> = {}) =>
    fetch(`${p.url}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ login: 'rosa', password }),
    })
  beforeAll(async () => {
    plank = await startPlank({ config: { trustProxy: 1 } })
    direct = await startPlank()
    await makeAccount(plank)
    await makeAccount(direct)
  })
  afterAll(async () => {
    await plank.close()
    await direct.close()
  })

  it('wrong passwords from address A do not lock the right password out from address B', async () => {
    const A = { 'x-forwarded-for': '198.51.100.1' }
    const B = { 'x-forwarded-for': '198.51.100.2' }
    const statuses: number[] = []
    for (let i = 0; i < 7; i++) statuses.push((await signIn(plank, `guess ${i}`, A)).status)
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429])
    const before = countSessions(plank)
    const fromA = await signIn(plank, PASSWORD, A)
    expect(fromA.status).toBe(429)
    expect(Number(fromA.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(await fromA.json()).toMatchObject({ error: { code: 'rate_limited' } })
    expect(countSessions(plank)).toBe(before)
    const fromB = await signIn(plank, PASSWORD, B)
    expect(fromB.status).toBe(200)
    // With a hop count of 1 only the proxy's own entry is trusted: a client-forged first entry is ignored.
    const forged = await signIn(plank, PASSWORD, { 'x-forwarded-for': '198.51.100.2, 198.51.100.1' })
    expect(forged.status).toBe(429)
  })

  it('without PLANK_TRUST_PROXY, X-Forwarded-For and -Proto are ignored (a client cannot pick its address)', async () => {
    const untrusted = await signIn(direct, PASSWORD, { 'x-forwarded-proto': 'https' })
    expect(untrusted.status).toBe(200)
    expect(untrusted.headers.getSetCookie()[0]).not.toMatch(/;\s*Secure/i)
    for (let i = 0; i < 5; i++) expect((await signIn(direct, `guess ${i}`, { 'x-forwarded-for': `192.0.2.${i}` })).status).toBe(401)
    expect((await signIn(direct, PASSWORD, { 'x-forwarded-for': '192.0.2.99' })).status).toBe(429)
  })

  it('the wait doubles after each further failure, up to 15 minutes, and a success clears it', async () => {
    const { SignInThrottle } = await import('../../server/identity/sign-in-throttle.js')
    const t = new SignInThrottle(direct.plank.store)
    let now = 1_000_000
    // Each attempt is counted when taken (before its password is checked); a refused one is not counted.
    const free = Array.from({ length: 5 }, () => t.take('rosa', 'a', now))
    expect(free.map((attempt) => attempt.refused)).toEqual([false, false, false, false, false])
    const waits: number[] = []
    let last = free[4]!
    for (let i = 0; i < 7; i++) {
      const refused = t.take('rosa', 'a', now)
      if (!refused.refused) throw new Error('an attempt within the wait was counted')
      waits.push(refused.retryAfterMs)
      expect(t.retryAfterMs('rosa', 'a', now)).toBe(refused.retryAfterMs)
      now += refused.retryAfterMs
      expect(t.retryAfterMs('rosa', 'a', now)).toBe(0)
      last = t.take('rosa', 'a', now)
      expect(last.refused).toBe(false)
    }
    expect(waits).toEqual([30_000, 60_000, 120_000, 240_000, 480_000, 900_000, 900_000])
    expect(t.retryAfterMs('rosa', 'b', now)).toBe(0)
    if (last.refused) throw new Error('unreachable')
    last.succeeded()
    expect(t.retryAfterMs('rosa', 'a', now)).toBe(0)
  })

  it('the session cookie is Secure when a trusted proxy says the request came over https, and only then', async () => {
    const secure = (res: Response) => /;\s*Secure/i.test(res.headers.getSetCookie()[0] ?? '')
    const viaTls = await signIn(plank, PASSWORD, { 'x-forwarded-for': '198.51.100.3', 'x-forwarded-proto': 'https' })
    expect(viaTls.status).toBe(200)
    expect(secure(viaTls)).toBe(true)
    const plain = await signIn(plank, PASSWORD, { 'x-forwarded-for': '198.51.100.3' })
    expect(secure(plain)).toBe(false)
  })
})

describe('demo mode leaves nothing durable: with PLANK_DEMO=0 its sessions and accounts stop working (#13)', () => {
  it('demo on: sign in, invite, make accounts; restart the same data with demo off', async () => {
    const PASSWORD = 'long enough password'
    const on = await startPlank({ keepData: true })
    const platformId = on.sample.platformId
    const demoFacilitator = await on.cookieFor(on.person('facilitator').id)
    const demoDelegate = await on.cookieFor(on.person('delegate').id)
    // The operator's real account (first run).
    const real = await api(on.url, '/api/setup', {
      method: 'POST',
      body: { token: on.plank.setupToken, username: 'operator', displayName: 'Operator', password: PASSWORD },
    })
    expect(real.status).toBe(201)
    const operator = on.plank.store.findPersonByLogin('operator')!
    // A demo facilitator invites; the account made from it is a demo account.
    const link = (await api(on.url, `/api/platforms/${platformId}/invitations`, { method: 'POST', cookie: demoFacilitator, body: { role: 'facilitator' } }))
      .body as { link: string }
    const token = link.link.split('#')[1]!
    const made = await api(on.url, `/api/invitations/${token}/accept`, {
      method: 'POST',
      body: { username: 'through-demo', displayName: 'Through Demo', password: PASSWORD },
    })
    expect(made.status).toBe(200)
    expect(on.plank.store.findPersonByLogin('through-demo')!.isDemo).toBe(true)
    expect((await api(on.url, '/api/setup')).body).toEqual({ needed: false })
    // While demo is on, a demo person cannot touch a real account's membership, nor hand one a membership.
    const before = governanceSnapshot(on.plank.store, platformId)
    const patch = await api(on.url, `/api/platforms/${platformId}/members/${operator.id}`, {
      method: 'PATCH',
      cookie: demoFacilitator,
      body: { role: 'observer' },
    })
    expect(patch.status).toBe(403)
    const remove = await api(on.url, `/api/platforms/${platformId}/members/${operator.id}`, { method: 'DELETE', cookie: demoFacilitator })
    expect(remove.status).toBe(403)
    const link2 = (await api(on.url, `/api/platforms/${platformId}/invitations`, { method: 'POST', cookie: demoFacilitator, body: { role: 'observer' } }))
      .body as { link: string }
    const afterInvite = governanceSnapshot(on.plank.store, platformId)
    const platform2 = (await api(on.url, '/api/platforms', { method: 'POST', cookie: real.cookie, body: { title: 'Operator platform' } })).body as {
      id: string
    }
    const before2 = governanceSnapshot(on.plank.store, platform2.id)
    const joined = await api(on.url, `/api/invitations/${link2.link.split('#')[1]}/accept`, { method: 'POST', cookie: real.cookie, body: {} })
    expect(joined.status).toBe(403)
    expect(on.plank.store.getMembership(platformId, operator.id)!.role).toBe('facilitator')
    expect(governanceSnapshot(on.plank.store, platform2.id)).toBe(before2)
    expect(before).not.toBe(afterInvite) // (the invitation itself is stored: demo people may invite demo accounts)
    const demoMadeCookie = (await api(on.url, '/api/session', { method: 'POST', body: { login: 'through-demo', password: PASSWORD } })).cookie
    expect(demoMadeCookie).toMatch(/^plank_session=/)
    await on.close()

    const off = await startPlank({ dataDir: on.dataDir, config: { demo: false } })
    try {
      const db = new Database(join(on.dataDir, 'plank.sqlite'), { readonly: true })
      const sessionRows = () => (db.prepare('SELECT COUNT(*) AS n FROM sessions').get() as { n: number }).n
      const rows = sessionRows()
      for (const cookie of [demoFacilitator, demoDelegate, demoMadeCookie]) {
        expect((await api(off.url, '/api/session', { cookie })).status).toBe(401)
        expect((await api(off.url, '/api/tickets', { method: 'POST', cookie, body: { platformId } })).status).toBe(401)
        const socket = await openRaw(`${off.wsUrl}/${platformId}`, cookie)
        expect((await closed(socket)).code).toBe(CloseCode.Unauthenticated)
        const manage = await api(off.url, `/api/platforms/${platformId}/members/${operator.id}`, { method: 'PATCH', cookie, body: { role: 'observer' } })
        expect(manage.status).toBe(401)
      }
      const password = await api(off.url, '/api/session', { method: 'POST', body: { login: 'through-demo', password: PASSWORD } })
      expect(password.status).toBe(403)
      expect(password.body).toMatchObject({ error: { code: 'demo_off' } })
      expect(password.cookie).toBe('')
      expect(sessionRows()).toBe(rows)
      expect((await api(off.url, '/api/demo/people')).status).toBe(404)
      // The real account still works, and its role was never changed by demo people.
      const again = await api(off.url, '/api/session', { method: 'POST', body: { login: 'operator', password: PASSWORD } })
      expect(again.status).toBe(200)
      expect(off.plank.store.getMembership(platformId, operator.id)!.role).toBe('facilitator')
      db.close()
    } finally {
      await off.close()
      rmSync(on.dataDir, { recursive: true, force: true })
    }
  })
})

describe('platform creation is rate-limited per person (#16)', () => {
  let plank: RunningPlank
  beforeAll(async () => {
    plank = await startPlank({ config: { platformsPerHour: 3 } })
  })
  afterAll(() => plank.close())

  it('the request over the limit is a 429 in the standard shape and creates nothing; another person is unaffected', async () => {
    const a = await plank.cookieFor(plank.person('observer').id)
    const b = await plank.cookieFor(plank.person('delegate').id)
    const create = (cookie: string, title: string) => api(plank.url, '/api/platforms', { method: 'POST', cookie, body: { title } })
    const statuses: number[] = []
    for (let i = 0; i < 3; i++) statuses.push((await create(a, `Mine ${i}`)).status)
    expect(statuses).toEqual([201, 201, 201])
    const count = plank.plank.store.listPlatforms().length
    const refused = await create(a, 'One too many')
    expect(refused.status).toBe(429)
    expect(refused.body).toMatchObject({ error: { code: 'rate_limited', message: expect.any(String) } })
    expect(plank.plank.store.listPlatforms().length).toBe(count)
    expect(plank.plank.store.listPlatforms().some((p) => p.title === 'One too many')).toBe(false)
    expect((await create(b, 'Theirs')).status).toBe(201)
  })
})
