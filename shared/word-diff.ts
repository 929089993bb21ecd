/** One piece of a word-level difference between two texts. */
export interface DiffPart {
  kind: 'same' | 'added' | 'removed'
  text: string
}

const split = (text: string): string[] => text.match(/\s+|[^\s]+/g) ?? []

/**
 * Word-level difference (longest common subsequence over words and the
 * spaces between them), for "approved an earlier version" views. Quadratic in
 * the number of differing words after trimming the common start and end,
 * which is small for one section's edits.
 */
export function wordDiff(before: string, after: string): DiffPart[] {
  const a = split(before)
  const b = split(after)
  let start = 0
  while (start < a.length && start < b.length && a[start] === b[start]) start++
  let endA = a.length
  let endB = b.length
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--
    endB--
  }
  const midA = a.slice(start, endA)
  const midB = b.slice(start, endB)
  // lengths[i][j]: LCS length of midA[i:] and midB[j:]
  const lengths: number[][] = Array.from({ length: midA.length + 1 }, () => new Array<number>(midB.length + 1).fill(0))
  for (let i = midA.length - 1; i >= 0; i--) {
    for (let j = midB.length - 1; j >= 0; j--) {
      lengths[i]![j] = midA[i] === midB[j] ? lengths[i + 1]![j + 1]! + 1 : Math.max(lengths[i + 1]![j]!, lengths[i]![j + 1]!)
    }
  }
  const parts: DiffPart[] = []
  const push = (kind: DiffPart['kind'], text: string): void => {
    const last = parts.at(-1)
    if (last && last.kind === kind) last.text += text
    else if (text) parts.push({ kind, text })
  }
  push('same', a.slice(0, start).join(''))
  let i = 0
  let j = 0
  while (i < midA.length || j < midB.length) {
    if (i < midA.length && j < midB.length && midA[i] === midB[j]) {
      push('same', midA[i++]!)
      j++
    } else if (j < midB.length && (i === midA.length || lengths[i]![j + 1]! >= lengths[i + 1]![j]!)) {
      push('added', midB[j++]!)
    } else {
      push('removed', midA[i++]!)
    }
  }
  push('same', a.slice(endA).join(''))
  return parts
}
