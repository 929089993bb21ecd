import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api } from '../helpers/http.js'
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
