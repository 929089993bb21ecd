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
