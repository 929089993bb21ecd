import { describe, expect, it } from 'vitest'
import { wordDiff } from '../../shared/word-diff.js'

describe('wordDiff', () => {
  it('marks inserted and deleted words, keeping the rest', () => {
    const parts = wordDiff('Cap insulin at twenty-five dollars a month.', 'Cap insulin and inhalers at twenty dollars a month.')
    expect(parts.filter((p) => p.kind === 'added').map((p) => p.text.trim())).toEqual(['and inhalers', 'twenty'])
    expect(parts.filter((p) => p.kind === 'removed').map((p) => p.text.trim())).toEqual(['twenty-five'])
    const rebuilt = (kinds: string[]) =>
      parts
        .filter((p) => kinds.includes(p.kind))
        .map((p) => p.text)
        .join('')
    expect(rebuilt(['same', 'removed'])).toBe('Cap insulin at twenty-five dollars a month.')
    expect(rebuilt(['same', 'added'])).toBe('Cap insulin and inhalers at twenty dollars a month.')
  })

  it('gives one unchanged part for equal texts and handles empty ones', () => {
    expect(wordDiff('same words', 'same words')).toEqual([{ kind: 'same', text: 'same words' }])
    expect(wordDiff('', 'new')).toEqual([{ kind: 'added', text: 'new' }])
    expect(wordDiff('old', '')).toEqual([{ kind: 'removed', text: 'old' }])
  })

  it('compares two long texts with nothing in common (linear memory: no table of every pair of words)', () => {
    const words = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`).join(' ')
    const before = words('a', 20_000)
    const after = words('b', 20_000)
    const parts = wordDiff(before, after)
    const rebuilt = (kinds: string[]) =>
      parts
        .filter((p) => kinds.includes(p.kind))
        .map((p) => p.text)
        .join('')
    expect(rebuilt(['same', 'removed'])).toBe(before)
    expect(rebuilt(['same', 'added'])).toBe(after)
  })
})
