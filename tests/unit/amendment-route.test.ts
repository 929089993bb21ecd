import { describe, expect, it } from 'vitest'
import { amendmentPath, routeOf } from '../../client/src/routes.js'
import { tintOf } from '../../client/src/amendments/tint.js'

describe('the amendment screen’s address', () => {
  it('round-trips through amendmentPath and routeOf, ids with characters that need escaping included', () => {
    for (const [platformId, amendmentId] of [
      ['p1', 'a1'],
      ['plat form', 'a/b?c#d'],
    ] as const) {
      expect(routeOf(amendmentPath(platformId, amendmentId), '')).toEqual({ kind: 'amendment', platformId, amendmentId })
    }
  })
  it('leaves the other platform screens as they were', () => {
    expect(routeOf('/p/x/amendments', '')).toEqual({ kind: 'unknown' })
    expect(routeOf('/p/x/amendments/a/b', '')).toEqual({ kind: 'unknown' })
    expect(routeOf('/p/x/signoff', '')).toEqual({ kind: 'signoff', platformId: 'x' })
    expect(routeOf('/p/x', '?view=sessions')).toEqual({ kind: 'sessions', platformId: 'x' })
  })
})

describe('tintOf', () => {
  it('mixes a colour with white by the amount given', () => {
    expect(tintOf('#000000', 0)).toBe('#ffffff')
    expect(tintOf('#b91c1c', 1)).toBe('#b91c1c')
    expect(tintOf('#000000', 0.5)).toBe('#808080')
  })
})
