import { describe, expect, it } from 'vitest'
import { alignedPads } from '../../client/src/platform/align-columns.js'
import { seededRandom } from '../helpers/random.js'

/** Where each block's content starts once `pads` are given: the layout alignedPads reasons about. */
function contentTops(start: number, heights: number[], pads: number[]): number[] {
  const tops: number[] = []
  let y = start
  heights.forEach((h, i) => {
    tops.push(y + pads[i]!)
    y += pads[i]! + h
  })
  return tops
}
/** Block tops (border edges) with `pads` applied, as the page reports them. */
function blockTops(start: number, heights: number[], pads: number[]): number[] {
  return contentTops(start, heights, pads).map((t, i) => t - pads[i]!)
}

describe('paragraph alignment of two columns', () => {
  it('gives the higher block of each row the space that brings it level, from any space given before (seeded)', () => {
    const random = seededRandom(15015)
    for (let run = 0; run < 500; run++) {
      const n = 1 + Math.floor(random() * 8)
      const m = 1 + Math.floor(random() * 8)
      const ha = Array.from({ length: n }, () => 20 + Math.floor(random() * 200))
      const hb = Array.from({ length: m }, () => 20 + Math.floor(random() * 200))
      const [sa, sb] = [Math.floor(random() * 80), Math.floor(random() * 80)]
      // Whatever space is there from an earlier alignment (the text changed since).
      const oldA = ha.map(() => (random() < 0.3 ? Math.floor(random() * 60) : 0))
      const oldB = hb.map(() => (random() < 0.3 ? Math.floor(random() * 60) : 0))
      const [padA, padB] = alignedPads({ tops: blockTops(sa, ha, oldA), pads: oldA }, { tops: blockTops(sb, hb, oldB), pads: oldB })
      const a = contentTops(sa, ha, padA)
      const b = contentTops(sb, hb, padB)
      for (let i = 0; i < Math.min(n, m); i++) {
        expect(Math.abs(a[i]! - b[i]!), `run ${run}, row ${i}`).toBeLessThanOrEqual(1)
        // Only one side of a row needs space: the other starts where it would anyway.
        expect(Math.min(padA[i]!, padB[i]!), `run ${run}, row ${i}`).toBe(0)
      }
      // Blocks past the shorter text get no space.
      for (let i = Math.min(n, m); i < n; i++) expect(padA[i]).toBe(0)
      for (let i = Math.min(n, m); i < m; i++) expect(padB[i]).toBe(0)
    }
  })

  it('asks nothing of two columns already level, nor of an empty one', () => {
    expect(alignedPads({ tops: [0, 50, 90], pads: [0, 0, 0] }, { tops: [0, 50, 90], pads: [0, 0, 0] })).toEqual([
      [0, 0, 0],
      [0, 0, 0],
    ])
    expect(alignedPads({ tops: [0, 50], pads: [0, 0] }, { tops: [], pads: [] })).toEqual([[0, 0], []])
  })
})
