import { describe, expect, it } from 'vitest'
import { sameOriginPath } from '../../shared/same-origin-path.js'

describe('sameOriginPath: where ?next= may send someone (#22)', () => {
  it('keeps paths on this site, with their query and fragment', () => {
    for (const path of ['/', '/p/abc', '/p/abc#section-1', '/p/a%20b/settings?tab=people', '/signin?next=%2Fp%2Fx']) {
      expect(sameOriginPath(path)).toBe(path)
    }
  })

  it('refuses everything that leaves the site, raw or once decoded', () => {
    const evil = [
      '/\\evil.example/x',
      '/%5Cevil.example/x',
      '/%09/evil.example/x',
      '/\t/evil.example/x',
      '/%0a/evil.example',
      '/%2F/evil.example',
      '//evil.example',
      '///evil.example',
      '/%2fevil.example',
      'https://evil.example',
      'HTTPS://evil.example/p/x',
      'javascript:alert(1)',
      'evil.example/x',
      '\\\\evil.example',
      ' /p/x',
      '/p/\u202eevil',
      '%2F%2Fevil.example',
      '/%E0%A4%A',
      '',
      null,
      undefined,
    ]
    for (const value of evil) expect(sameOriginPath(value), String(value)).toBe('/')
  })

  it('every accepted value resolves to the same origin on any base', () => {
    for (const value of ['/p/x', '/a/../b', '/./x']) {
      const out = sameOriginPath(value)
      expect(new URL(out, 'https://plank.example').origin).toBe('https://plank.example')
    }
  })
})
