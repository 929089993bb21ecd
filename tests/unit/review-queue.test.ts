import { describe, expect, it } from 'vitest'
import { firstToReview, needsReview, neighbour, nextNeedingReview, positionOf, reviewQueue } from '../../client/src/signoff/review-queue.js'

const order = ['a', 'b', 'c', 'd', 'e']
const needing =
  (...ids: string[]) =>
  (id: string) =>
    ids.includes(id)

describe('the one-pass review order', () => {
  it('needs review: never decided, or decided on an earlier version; not a current approval or request for changes', () => {
    expect(needsReview('none')).toBe(true)
    expect(needsReview('stale')).toBe(true)
    expect(needsReview('staleChanges')).toBe(true)
    expect(needsReview('approved')).toBe(false)
    expect(needsReview('changes')).toBe(false)
  })

  it('the queue is every section, or with the filter only those needing review plus the one on screen, in platform order', () => {
    expect(reviewQueue(order, needing('b', 'd'), false, 'a')).toEqual(order)
    expect(reviewQueue(order, needing('d', 'b'), true, null)).toEqual(['b', 'd'])
    expect(reviewQueue(order, needing('b', 'd'), true, 'c')).toEqual(['b', 'c', 'd'])
    expect(reviewQueue(order, needing(), true, null)).toEqual([])
  })

  it('previous and next follow the queue and stop at its ends', () => {
    const queue = ['b', 'd']
    expect(neighbour(order, queue, 'b', 1)).toBe('d')
    expect(neighbour(order, queue, 'd', 1)).toBeNull()
    expect(neighbour(order, queue, 'd', -1)).toBe('b')
    expect(neighbour(order, queue, 'b', -1)).toBeNull()
    // From a section outside the queue (just approved, filter on), to the nearest one each way.
    expect(neighbour(order, queue, 'c', 1)).toBe('d')
    expect(neighbour(order, queue, 'c', -1)).toBe('b')
    expect(neighbour(order, queue, null, 1)).toBe('b')
    expect(neighbour(order, order, 'a', 1)).toBe('b')
    expect(neighbour(order, order, 'e', 1)).toBeNull()
  })

  it('after a decision: the next section needing review, wrapping once, never the decided one', () => {
    expect(nextNeedingReview(order, 'b', needing('a', 'd'))).toBe('d')
    expect(nextNeedingReview(order, 'd', needing('a', 'b'))).toBe('a')
    // The live sign-offs may still say the decided section needs review.
    expect(nextNeedingReview(order, 'c', needing('c'))).toBeNull()
    expect(nextNeedingReview(order, 'c', needing('c', 'e'))).toBe('e')
    expect(nextNeedingReview(order, 'e', needing())).toBeNull()
  })

  it('starts at the first section needing review, else at the first section; "n of m" counts within the queue', () => {
    expect(firstToReview(order, needing('c', 'e'))).toBe('c')
    expect(firstToReview(order, needing())).toBe('a')
    expect(firstToReview([], needing())).toBeNull()
    expect(positionOf(['b', 'c', 'd'], 'c')).toEqual({ n: 2, m: 3 })
    expect(positionOf(['b', 'd'], 'c')).toEqual({ n: 0, m: 2 })
    expect(positionOf([], null)).toEqual({ n: 0, m: 0 })
  })
})
