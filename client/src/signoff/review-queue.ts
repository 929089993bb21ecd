import type { CellState } from './live.js'

/**
 * The order of a one-pass review ("Review all sections"): which sections it
 * walks, where Previous and Next lead, and where it goes after a decision.
 * Pure, so that the rules are tested without a browser.
 */

/**
 * Whether this organization still has to look at a section: it never decided,
 * or what it decided was on an earlier version of the text. A current request
 * for changes does not: it stands until the text changes (then it is stale).
 */
export const needsReview = (mine: CellState): boolean => mine === 'none' || mine === 'stale' || mine === 'staleChanges'

/**
 * The sections the review walks, in platform order. With the filter on, only
 * those needing review, plus the one on screen (`pinnedId`): a section being
 * read does not vanish under the reader when someone of their organization
 * decides on it elsewhere, and "n of m" does not jump.
 */
export function reviewQueue(order: readonly string[], needs: (id: string) => boolean, onlyNeeding: boolean, pinnedId: string | null): string[] {
  return onlyNeeding ? order.filter((id) => id === pinnedId || needs(id)) : [...order]
}

/**
 * The neighbour of `currentId` in the queue, `step` +1 (next) or -1
 * (previous), walking the platform order so that it works even when the
 * current section is not in the queue. Null at either end: the review does
 * not wrap, as "1 of m" and "m of m" say where one is.
 */
export function neighbour(order: readonly string[], queue: readonly string[], currentId: string | null, step: 1 | -1): string | null {
  const inQueue = new Set(queue)
  const from = currentId === null ? -1 : order.indexOf(currentId)
  if (from === -1) return step === 1 ? (queue[0] ?? null) : null
  for (let i = from + step; i >= 0 && i < order.length; i += step) {
    const id = order[i]
    if (id !== undefined && inQueue.has(id)) return id
  }
  return null
}

/**
 * Where the review goes once a decision on `decidedId` is recorded: the next
 * section after it that needs review, else the first one before it (wrapping
 * once), else null (nothing left). The decided section itself never counts:
 * the live sign-offs may not show the decision yet.
 */
export function nextNeedingReview(order: readonly string[], decidedId: string, needs: (id: string) => boolean): string | null {
  const at = order.indexOf(decidedId)
  const rotated = at === -1 ? order : [...order.slice(at + 1), ...order.slice(0, at)]
  return rotated.find((id) => id !== decidedId && needs(id)) ?? null
}

/** Where the review starts: the first section needing review, else the first section. */
export function firstToReview(order: readonly string[], needs: (id: string) => boolean): string | null {
  return order.find(needs) ?? order[0] ?? null
}

/** "n of m" of the current section in the queue: n is 1-based, 0 when it is not in the queue. */
export function positionOf(queue: readonly string[], currentId: string | null): { n: number; m: number } {
  return { n: currentId === null ? 0 : queue.indexOf(currentId) + 1, m: queue.length }
}
