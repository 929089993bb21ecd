import { diffSequences } from './myers.js'
import { matchingCloses, type Token } from './section-tokens.js'

/** A run of tokens common to both sequences: a[a, a+length) equals b[b, b+length). */
export interface CommonRun {
  a: number
  b: number
  length: number
}

/** How far an insertion or a deletion may be slid to find a whole-element position (it slides over repeated tokens only). */
const MAX_SLIDE = 64

/**
 * The common runs of an edit script from `a` to `b`, in order, found level by
 * level so that whole unchanged elements are matched first:
 * - at each level, the children (text tokens and whole elements) are diffed
 *   as units (Myers O(ND), diff-sequences), so an unchanged paragraph or list
 *   item always matches itself, never a neighbour that merely shares its
 *   opening and closing tokens;
 * - between those matches, elements on each side of the same types in the
 *   same order (the list whose items changed, paragraphs edited in place)
 *   are matched pair by pair and diffed inside the same way;
 * - anything else is diffed token by token, so that splitting or joining
 *   paragraphs is a change of a few tokens.
 * The result is then tidied for people and for merging:
 * - a common run of whitespace alone between two changes is made part of the
 *   change, so that rewriting "w1 w2 w3" into "x y z" is one change rather
 *   than three joined by the spaces they happen to share;
 * - a pure insertion or deletion is slid (over tokens equal at both of its
 *   ends) to where it is whole elements, when there is such a place, so that
 *   removing a paragraph removes `<p>…</p>` and not `…</p><p>`.
 */
export function diffTokens(a: readonly Token[], b: readonly Token[]): CommonRun[] {
  const runs: CommonRun[] = []
  const common = (ai: number, bi: number, length: number): void => {
    const last = runs.at(-1)
    if (last && last.a + last.length === ai && last.b + last.length === bi) last.length += length
    else if (length > 0) runs.push({ a: ai, b: bi, length })
  }
  diffLevel({ tokens: a, closes: matchingCloses(a) }, 0, a.length, { tokens: b, closes: matchingCloses(b) }, 0, b.length, common)
  return slideEdits(a, b, absorbSpaces(a, b, runs))
}

interface Side {
  tokens: readonly Token[]
  closes: Int32Array
}

/** The children of tokens[from, to): [start, end) of each text token or whole element. */
function children({ tokens, closes }: Side, from: number, to: number): Array<[number, number]> {
  const out: Array<[number, number]> = []
  for (let i = from; i < to; ) {
    const end = tokens[i]!.kind === 'open' ? Math.min(closes[i]! + 1, to) : i + 1
    out.push([i, end])
    i = end
  }
  return out
}

/** Whether two lists of children are whole elements with equal opening tokens, pair by pair. */
function sameShapes(a: Side, ca: Array<[number, number]>, b: Side, cb: Array<[number, number]>): boolean {
  return ca.every(([x0, x1], k) => {
    const [y0, y1] = cb[k]!
    const x = a.tokens[x0]!
    return x.kind === 'open' && x.id === b.tokens[y0]!.id && a.closes[x0] === x1 - 1 && b.closes[y0] === y1 - 1
  })
}

function diffLevel(a: Side, a0: number, a1: number, b: Side, b0: number, b1: number, common: (ai: number, bi: number, length: number) => void): void {
  const ca = children(a, a0, a1)
  const cb = children(b, b0, b1)
  // A key per child: equal for equal content.
  const keys = new Map<string, number>()
  const key = (side: Side, [from, to]: [number, number]): number => {
    let text = ''
    for (let i = from; i < to; i++) text += `${side.tokens[i]!.id},`
    let id = keys.get(text)
    if (id === undefined) {
      id = keys.size
      keys.set(text, id)
    }
    return id
  }
  const ka = ca.map((child) => key(a, child))
  const kb = cb.map((child) => key(b, child))
  let i = 0
  let j = 0
  // The children between two matches: one element each of the same type is diffed inside, the rest token by token.
  const gap = (i2: number, j2: number): void => {
    if (i2 === i && j2 === j) return
    const from = i < ca.length ? ca[i]![0] : a1
    const to = i2 > i ? ca[i2 - 1]![1] : from
    const bFrom = j < cb.length ? cb[j]![0] : b1
    const bTo = j2 > j ? cb[j2 - 1]![1] : bFrom
    if (i2 - i === j2 - j && sameShapes(a, ca.slice(i, i2), b, cb.slice(j, j2))) {
      // As many elements on each side, of the same types in the same order: each is diffed inside its counterpart.
      for (let k = 0; k < i2 - i; k++) {
        const [x0, x1] = ca[i + k]!
        const [y0, y1] = cb[j + k]!
        common(x0, y0, 1)
        diffLevel(a, x0 + 1, x1 - 1, b, y0 + 1, y1 - 1, common)
        common(x1 - 1, y1 - 1, 1)
      }
    } else if (to > from && bTo > bFrom) {
      diffSequences(
        to - from,
        bTo - bFrom,
        (x, y) => a.tokens[from + x]!.id === b.tokens[bFrom + y]!.id,
        (length, x, y) => common(from + x, bFrom + y, length),
      )
    }
    i = i2
    j = j2
  }
  diffSequences(
    ca.length,
    cb.length,
    (x, y) => ka[x] === kb[y],
    (length, x, y) => {
      gap(x, y)
      common(ca[x]![0], cb[y]![0], ca[x + length - 1]![1] - ca[x]![0])
      i = x + length
      j = y + length
    },
  )
  gap(ca.length, cb.length)
}

/** Drops common runs that are whitespace alone and have a change on both sides. */
function absorbSpaces(a: readonly Token[], b: readonly Token[], runs: CommonRun[]): CommonRun[] {
  const kept: CommonRun[] = []
  for (let r = 0; r < runs.length; r++) {
    const run = runs[r]!
    const prev = kept.at(-1)
    const changeBefore = prev ? prev.a + prev.length < run.a || prev.b + prev.length < run.b : run.a > 0 || run.b > 0
    const next = runs[r + 1]
    const changeAfter = next ? run.a + run.length < next.a || run.b + run.length < next.b : run.a + run.length < a.length || run.b + run.length < b.length
    let spaces = changeBefore && changeAfter
    for (let i = 0; spaces && i < run.length; i++) {
      const token = a[run.a + i]!
      spaces = token.kind === 'text' && token.space
    }
    if (!spaces) kept.push(run)
  }
  return kept
}

/** Whether tokens[from, to) is whole elements: it never closes what it did not open, and closes all it opens. */
function balanced(tokens: readonly Token[], from: number, to: number): boolean {
  let depth = 0
  for (let i = from; i < to; i++) {
    const kind = tokens[i]!.kind
    if (kind === 'open') depth++
    else if (kind === 'close' && --depth < 0) return false
  }
  return depth === 0
}

function slideEdits(a: readonly Token[], b: readonly Token[], runs: CommonRun[]): CommonRun[] {
  for (let r = 0; r + 1 < runs.length; r++) {
    const left = runs[r]!
    const right = runs[r + 1]!
    const deleted = right.a - (left.a + left.length)
    const inserted = right.b - (left.b + left.length)
    if (deleted > 0 === inserted > 0) continue
    // The changed side: its tokens, and where the change starts in it.
    const side = deleted > 0 ? a : b
    const size = deleted > 0 ? deleted : inserted
    const start = deleted > 0 ? left.a + left.length : left.b + left.length
    if (balanced(side, start, start + size)) continue
    // Sliding left by k moves the last k tokens of `left` behind the change; right by k the first k of `right`.
    let best = 0
    for (let k = 1; k <= MAX_SLIDE && k < left.length; k++) {
      if (side[start - k]!.id !== side[start + size - k]!.id) break
      if (balanced(side, start - k, start - k + size)) {
        best = -k
        break
      }
    }
    if (best === 0) {
      for (let k = 1; k <= MAX_SLIDE && k < right.length; k++) {
        if (side[start + k - 1]!.id !== side[start + size + k - 1]!.id) break
        if (balanced(side, start + k, start + k + size)) {
          best = k
          break
        }
      }
    }
    if (best !== 0) {
      left.length += best
      right.a += best
      right.b += best
      right.length -= best
    }
  }
  return runs
}
