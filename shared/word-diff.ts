import { diffSequences } from './myers.js'

/** One piece of a word-level difference between two texts. */
export interface DiffPart {
  kind: 'same' | 'added' | 'removed'
  text: string
}

const split = (text: string): string[] => text.match(/\s+|[^\s]+/g) ?? []

/**
 * Word-level difference over words and the spaces between them, for
 * "approved an earlier version" views and comparing versions (issue 16).
 * Myers' diff (shared/myers.ts): time grows with the size of the difference,
 * memory linearly, so two very different versions of a long section compare
 * without a table of every pair of words.
 */
export function wordDiff(before: string, after: string): DiffPart[] {
  const a = split(before)
  const b = split(after)
  const parts: DiffPart[] = []
  const push = (kind: DiffPart['kind'], words: string[]): void => {
    const text = words.join('')
    if (!text) return
    const last = parts.at(-1)
    if (last && last.kind === kind) last.text += text
    else parts.push({ kind, text })
  }
  let i = 0
  let j = 0
  const common = (n: number, aStart: number, bStart: number): void => {
    // What lies between the previous common run and this one: removed from the first text, added in the second.
    push('removed', a.slice(i, aStart))
    push('added', b.slice(j, bStart))
    push('same', a.slice(aStart, aStart + n))
    i = aStart + n
    j = bStart + n
  }
  diffSequences(a.length, b.length, (x, y) => a[x] === b[y], common)
  common(0, a.length, b.length)
  return parts
}
