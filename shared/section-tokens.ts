import { canonicalJson } from './canonical-json.js'
import type { SectionNode } from './content-hash.js'

/**
 * A section's node tree laid out as one flat line of tokens, so that word
 * diffs and merges can compare sections as sequences (shared/amendment-merge.ts):
 * an `open` token per element (its type and attrs), one typeless `close` token
 * ending it (typeless, so that changing a paragraph into a heading changes one
 * token and its end still matches), and text as words and whitespace runs,
 * each carrying its marks.
 *
 * `key` says when two tokens are the same; `id` is that key interned to a
 * number by a {@link TokenIds} shared by every sequence being compared, so
 * the diff compares numbers.
 */
export type Token =
  | { kind: 'open'; type: string; attrs: Record<string, unknown>; key: string; id: number }
  | { kind: 'close'; key: string; id: number }
  | { kind: 'text'; text: string; marks: Record<string, unknown>; marksKey: string; space: boolean; key: string; id: number }

const CLOSE_KEY = 'c'
const WORDS = /\s+|\S+/g

/** Interns token keys to small numbers: one instance per comparison, so equal keys get equal ids. */
export class TokenIds {
  readonly #ids = new Map<string, number>()
  id(key: string): number {
    let id = this.#ids.get(key)
    if (id === undefined) {
      id = this.#ids.size
      this.#ids.set(key, id)
    }
    return id
  }
}

export const textToken = (ids: TokenIds, text: string, marks: Record<string, unknown>, marksKey = canonicalJson(marks)): Token => {
  const key = `t${marksKey}\u0000${text}`
  return { kind: 'text', text, marks, marksKey, space: /^\s/.test(text), key, id: ids.id(key) }
}

export const openToken = (ids: TokenIds, type: string, attrs: Record<string, unknown>): Token => {
  const key = `o${canonicalJson([type, attrs])}`
  return { kind: 'open', type, attrs, key, id: ids.id(key) }
}

export const closeToken = (ids: TokenIds): Token => ({ kind: 'close', key: CLOSE_KEY, id: ids.id(CLOSE_KEY) })

/**
 * The tokens of a node tree. Iterative (an explicit stack): a crafted client
 * can nest elements deeper than the call stack allows.
 */
export function tokenize(nodes: SectionNode[], ids: TokenIds): Token[] {
  const out: Token[] = []
  const stack: Array<{ nodes: SectionNode[]; next: number }> = [{ nodes, next: 0 }]
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!
    if (frame.next >= frame.nodes.length) {
      stack.pop()
      if (stack.length > 0) out.push(closeToken(ids))
      continue
    }
    const node = frame.nodes[frame.next++]!
    if ('text' in node) {
      const marksKey = canonicalJson(node.marks)
      for (const word of node.text.match(WORDS) ?? []) out.push(textToken(ids, word, node.marks, marksKey))
    } else {
      out.push(openToken(ids, node.type, node.attrs))
      stack.push({ nodes: node.content, next: 0 })
    }
  }
  return out
}

/** For each open token, the index of its close token (or tokens.length when unclosed); -1 elsewhere. */
export function matchingCloses(tokens: readonly Token[]): Int32Array {
  const match = new Int32Array(tokens.length).fill(-1)
  const open: number[] = []
  tokens.forEach((token, i) => {
    if (token.kind === 'open') open.push(i)
    else if (token.kind === 'close') {
      const start = open.pop()
      if (start !== undefined) match[start] = i
    }
  })
  for (const start of open) match[start] = tokens.length
  return match
}

/** Nesting depth before each token (and after the last one, at index tokens.length). */
export function depths(tokens: readonly Token[]): Int32Array {
  const depth = new Int32Array(tokens.length + 1)
  let d = 0
  tokens.forEach((token, i) => {
    depth[i] = d
    if (token.kind === 'open') d++
    else if (token.kind === 'close') d--
  })
  depth[tokens.length] = d
  return depth
}

/**
 * Plain text of tokens[from, to): text as it is, a hard break and the edges
 * of blocks as line breaks. What a conflict shows side by side.
 */
export function tokensPlainText(tokens: readonly Token[], from: number, to: number): string {
  let out = ''
  const open: string[] = []
  const newline = (): void => {
    if (out !== '' && !out.endsWith('\n')) out += '\n'
  }
  for (let i = from; i < to; i++) {
    const token = tokens[i]!
    if (token.kind === 'text') out += token.text
    else if (token.kind === 'open') {
      open.push(token.type)
      if (token.type === 'hardBreak') out += '\n'
      else newline()
    } else if (open.pop() !== 'hardBreak') newline()
  }
  return out.replace(/^\n+|\n+$/g, '')
}

/** Plain text of a node tree, blocks on their own lines (as tokensPlainText reads it). */
export const nodesPlainText = (nodes: SectionNode[]): string => {
  const tokens = tokenize(nodes, new TokenIds())
  return tokensPlainText(tokens, 0, tokens.length)
}
