import type { AmendmentConflict, ConflictResolution } from './amendments.js'
import type { SectionNode } from './content-hash.js'
import { closeToken, depths, openToken, type Token, TokenIds, textToken, tokenize, tokensPlainText } from './section-tokens.js'
import { canonicalJson } from './canonical-json.js'
import { diffSequences } from './myers.js'
import { diffTokens } from './token-diff.js'
import { TokenTreeBuilder } from './token-tree.js'

export { trackedChanges } from './tracked-changes.js'

/**
 * Accepting an amendment (issue 14): a three-way merge of the section's text
 * now and the amendment's text now against the section's text when the
 * amendment was proposed (its base), word by word.
 *
 * The three trees are laid out as tokens (shared/section-tokens.ts), base is
 * diffed against each side (Myers, shared/token-diff.ts), and the base is
 * cut into chunks: stable ones, where both sides kept the base, and the
 * changed ones between. A changed chunk that only one side changed takes
 * that side; one that both changed identically is taken once; one that
 * both changed differently is a conflict. A conflict that touches structure
 * (elements begin or end in it) is widened to whole top-level blocks, so that
 * every way of resolving it yields whole blocks. When taking both sides'
 * changes would break the editor's schema (say, one side turns a paragraph
 * into a code block while the other bolds a word in it), the top-level block
 * where that happens becomes a conflict too, rather than an invalid tree.
 */
export type MergeResult = { kind: 'merged'; nodes: SectionNode[] } | { kind: 'conflicts'; conflicts: AmendmentConflict[] }

/** One piece of the base, with where it is in each side; `take` says which side's tokens the merge uses. */
interface Chunk {
  o: [number, number]
  a: [number, number]
  b: [number, number]
  take: 'stable' | 'a' | 'b' | 'conflict'
}

/** Conflicting chunks p..q (inclusive), resolved together. */
interface Span {
  p: number
  q: number
}

type Side = 'a' | 'b'

export function mergeSection(
  base: SectionNode[],
  section: SectionNode[],
  amendment: SectionNode[],
  resolutions: Record<string, ConflictResolution> = {},
): MergeResult {
  const ids = new TokenIds()
  const nodes: SectionNode[] = []
  const conflicts: AmendmentConflict[] = []
  // Only where top-level blocks differ are words merged: an accept into a long section costs what changed in it.
  for (const region of blockRegions(base, section, amendment)) {
    if (region.stable) {
      nodes.push(...section.slice(...region.a))
      continue
    }
    const o = tokenize(base.slice(...region.o), ids)
    const a = tokenize(section.slice(...region.a), ids)
    const b = tokenize(amendment.slice(...region.b), ids)
    const result = new Merge(o, a, b, diff3Chunks(o, a, b), resolutions, region.o[0]).run()
    if (result.kind === 'conflicts') conflicts.push(...result.conflicts)
    else nodes.push(...result.nodes)
  }
  return conflicts.length > 0 ? { kind: 'conflicts', conflicts } : { kind: 'merged', nodes }
}

/** Top-level blocks [from, to) of base, section and amendment: equal in all three (stable), or to be merged word by word. */
interface BlockRegion {
  o: [number, number]
  a: [number, number]
  b: [number, number]
  stable: boolean
}

/**
 * The block-level diff3: base's top-level blocks matched (by canonical JSON)
 * in each side; runs matched in both are stable, and the blocks between are
 * one region each, merged on their own.
 */
function blockRegions(base: SectionNode[], section: SectionNode[], amendment: SectionNode[]): BlockRegion[] {
  const keys = (nodes: SectionNode[]) => nodes.map((n) => canonicalJson(n))
  const o = keys(base)
  const match = (side: string[]): Int32Array => {
    const m = new Int32Array(o.length).fill(-1)
    diffSequences(
      o.length,
      side.length,
      (i, j) => o[i] === side[j],
      (n, i, j) => {
        for (let k = 0; k < n; k++) m[i + k] = j + k
      },
    )
    return m
  }
  const ma = match(keys(section))
  const mb = match(keys(amendment))
  const regions: BlockRegion[] = []
  let i = 0
  let j = 0
  let k = 0
  while (i < o.length || j < section.length || k < amendment.length) {
    const n = stableRun(o.length, ma, mb, i, j, k, () => true)
    if (n > 0) {
      regions.push({ o: [i, i + n], a: [j, j + n], b: [k, k + n], stable: true })
      i += n
      j += n
      k += n
      continue
    }
    const [i2, j2, k2] = changedUntil(o.length, ma, mb, i, section.length, amendment.length)
    regions.push({ o: [i, i2], a: [j, j2], b: [k, k2], stable: false })
    i = i2
    j = j2
    k = k2
  }
  return regions
}

/**
 * The two walks of a three-way diff (block regions, diff3 chunks) step alike;
 * these are their two steps. `ma`/`mb` map a base index to its index in each
 * side, or -1 where that side changed it.
 */

/** How many base items from i both sides keep in place at j and k (a stable run), while `more(n)` lets the run go on. */
function stableRun(oLength: number, ma: ArrayLike<number>, mb: ArrayLike<number>, i: number, j: number, k: number, more: (n: number) => boolean): number {
  let n = 0
  while (i + n < oLength && ma[i + n] === j + n && mb[i + n] === k + n && more(n)) n++
  return n
}

/** Where the changed stretch from base index i ends: the next base item both sides keep, and its index in each (the sides' ends after the last). */
function changedUntil(oLength: number, ma: ArrayLike<number>, mb: ArrayLike<number>, i: number, aLength: number, bLength: number): [number, number, number] {
  let i2 = i
  while (i2 < oLength && (ma[i2]! < 0 || mb[i2]! < 0)) i2++
  return [i2, i2 < oLength ? ma[i2]! : aLength, i2 < oLength ? mb[i2]! : bLength]
}

/** base index → index in the side, or -1 where the side changed it. */
function matches(o: readonly Token[], side: readonly Token[]): Int32Array {
  const match = new Int32Array(o.length).fill(-1)
  for (const run of diffTokens(o, side)) for (let i = 0; i < run.length; i++) match[run.a + i] = run.b + i
  return match
}

const sameTokens = (x: readonly Token[], [x0, x1]: [number, number], y: readonly Token[], [y0, y1]: [number, number]): boolean => {
  if (x1 - x0 !== y1 - y0) return false
  for (let i = 0; i < x1 - x0; i++) if (x[x0 + i]!.id !== y[y0 + i]!.id) return false
  return true
}

/** The diff3 chunks (stable ones where base, section and amendment agree, and the changed ones between). */
function diff3Chunks(o: readonly Token[], a: readonly Token[], b: readonly Token[]): Chunk[] {
  const ma = matches(o, a)
  const mb = matches(o, b)
  const depth = depths(o)
  const chunks: Chunk[] = []
  let i = 0
  let j = 0
  let k = 0
  for (;;) {
    // A stable chunk ends where a top-level block of the base ends, so that a conflict widened to whole blocks takes no more than those.
    const n = stableRun(o.length, ma, mb, i, j, k, (n) => n === 0 || depth[i + n] !== 0)
    if (n > 0) {
      chunks.push({ o: [i, i + n], a: [j, j + n], b: [k, k + n], take: 'stable' })
      i += n
      j += n
      k += n
      continue
    }
    const [i2, j2, k2] = changedUntil(o.length, ma, mb, i, a.length, b.length)
    if (i2 === i && j2 === j && k2 === k) break
    const chunk: Chunk = { o: [i, i2], a: [j, j2], b: [k, k2], take: 'conflict' }
    if (sameTokens(o, chunk.o, a, chunk.a)) chunk.take = 'b'
    else if (sameTokens(o, chunk.o, b, chunk.b) || sameTokens(a, chunk.a, b, chunk.b)) chunk.take = 'a'
    chunks.push(chunk)
    i = i2
    j = j2
    k = k2
  }
  return chunks
}

/** Whether tokens[from, to) is text and hard breaks only: a conflict inside one textblock. */
function inline(tokens: readonly Token[], from: number, to: number): boolean {
  let open = 0
  for (let i = from; i < to; i++) {
    const token = tokens[i]!
    if (token.kind === 'open') {
      if (token.type !== 'hardBreak') return false
      open++
    } else if (token.kind === 'close' && --open < 0) return false
  }
  return open === 0
}

/** FNV-1a (32 bits) of a string, from a given start: a conflict's id must be the same in the browser and on the server. */
function fnv1a(text: string, seed: number): number {
  let h = seed >>> 0
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h
}

/** Where a build broke the schema: the chunk where the top-level block it happened in began, and the chunk where it happened. */
interface Failure {
  from: number
  to: number
}

class Merge {
  readonly #depth: { o: Int32Array; a: Int32Array; b: Int32Array }
  /** Conflicting spans, in order, never overlapping. */
  #spans: Span[] = []
  /** Conflict ids by span ("p:q"): hashing a span's tokens once. */
  readonly #ids = new Map<string, string>()

  constructor(
    readonly o: readonly Token[],
    readonly a: readonly Token[],
    readonly b: readonly Token[],
    readonly chunks: readonly Chunk[],
    readonly resolutions: Record<string, ConflictResolution>,
    /** Where the merged region starts in the base (top-level blocks): part of each conflict's id, which stays unique in the section. */
    readonly region: number,
  ) {
    this.#depth = { o: depths(o), a: depths(a), b: depths(b) }
    chunks.forEach((chunk, c) => {
      if (chunk.take === 'conflict') this.#addSpan(c, c)
    })
  }

  run(): MergeResult {
    // Each round either finds the merge valid or turns at least one more chunk into a conflict, so this ends.
    for (;;) {
      const unresolved = this.#spans.some((span) => this.#resolution(span) === undefined)
      const failure = this.#build('a').failure ?? (unresolved ? this.#build('b').failure : null)
      if (failure === null || !this.#addSpan(failure.from, failure.to)) break
    }
    const conflicts = this.#spans.filter((span) => this.#resolution(span) === undefined).map((span) => this.#conflict(span))
    if (conflicts.length > 0) return { kind: 'conflicts', conflicts }
    return { kind: 'merged', nodes: this.#build('a').nodes }
  }

  /** Tokens of chunks p..q in base, section and amendment. */
  #ranges({ p, q }: Span): { o: [number, number]; a: [number, number]; b: [number, number] } {
    const first = this.chunks[p]!
    const last = this.chunks[q]!
    return { o: [first.o[0], last.o[1]], a: [first.a[0], last.a[1]], b: [first.b[0], last.b[1]] }
  }

  /**
   * The ranges a conflict shows and replaces: for an inline one, without the
   * tokens all three share at its start and end (a space the diff happened to
   * take along), so that a person's own text goes exactly where the words differ.
   */
  #conflictRanges(span: Span): { o: [number, number]; a: [number, number]; b: [number, number] } {
    const r = this.#ranges(span)
    if (!this.#inline(span)) return r
    const { o, a, b } = this
    const size = Math.min(r.o[1] - r.o[0], r.a[1] - r.a[0], r.b[1] - r.b[0])
    let pre = 0
    while (pre < size && o[r.o[0] + pre]!.id === a[r.a[0] + pre]!.id && o[r.o[0] + pre]!.id === b[r.b[0] + pre]!.id) pre++
    let post = 0
    while (post < size - pre && o[r.o[1] - 1 - post]!.id === a[r.a[1] - 1 - post]!.id && o[r.o[1] - 1 - post]!.id === b[r.b[1] - 1 - post]!.id) post++
    return { o: [r.o[0] + pre, r.o[1] - post], a: [r.a[0] + pre, r.a[1] - post], b: [r.b[0] + pre, r.b[1] - post] }
  }

  #inline(span: Span): boolean {
    const r = this.#ranges(span)
    return inline(this.o, ...r.o) && inline(this.a, ...r.a) && inline(this.b, ...r.b)
  }

  /** Whether all three texts are outside every element at the start (edge 0) or end (edge 1) of a chunk. */
  #atTop(c: number, edge: 0 | 1): boolean {
    const chunk = this.chunks[c]!
    return this.#depth.o[chunk.o[edge]] === 0 && this.#depth.a[chunk.a[edge]] === 0 && this.#depth.b[chunk.b[edge]] === 0
  }

  /**
   * Makes chunks p..q a conflict: widened to whole top-level blocks unless it
   * is inline, joined with the conflicts it overlaps. False when nothing changed.
   */
  #addSpan(p: number, q: number): boolean {
    let span: Span = { p, q }
    for (;;) {
      const before = `${span.p}:${span.q}`
      if (!this.#inline(span)) {
        while (span.p > 0 && !this.#atTop(span.p, 0)) span.p--
        while (span.q < this.chunks.length - 1 && !this.#atTop(span.q, 1)) span.q++
      }
      for (const other of this.#spans) {
        if (other.q >= span.p && other.p <= span.q) span = { p: Math.min(span.p, other.p), q: Math.max(span.q, other.q) }
      }
      if (`${span.p}:${span.q}` === before) break
    }
    // A conflict must hold a change that was merged cleanly so far (else the inputs themselves break the schema).
    let changes = false
    for (let c = span.p; c <= span.q && !changes; c++) {
      changes = this.chunks[c]!.take !== 'stable' && !this.#spans.some((other) => other.p <= c && c <= other.q)
    }
    if (!changes) return false
    this.#spans = [...this.#spans.filter((other) => other.q < span.p || other.p > span.q), span].sort((x, y) => x.p - y.p)
    return true
  }

  #id(span: Span): string {
    const memo = `${span.p}:${span.q}`
    const known = this.#ids.get(memo)
    if (known !== undefined) return known
    const r = this.#conflictRanges(span)
    const keys = (tokens: readonly Token[], [from, to]: [number, number]): string =>
      tokens
        .slice(from, to)
        .map((t) => t.key)
        .join('\u0001')
    const text = `${this.region}\u0002${r.o[0]}\u0002${keys(this.o, r.o)}\u0002${keys(this.a, r.a)}\u0002${keys(this.b, r.b)}`
    const id = `c${fnv1a(text, 0x811c9dc5).toString(16).padStart(8, '0')}${fnv1a(text, 0x050c5d1f).toString(16).padStart(8, '0')}`
    this.#ids.set(memo, id)
    return id
  }

  #resolution(span: Span): ConflictResolution | undefined {
    const id = this.#id(span)
    return Object.hasOwn(this.resolutions, id) ? this.resolutions[id] : undefined
  }

  #conflict(span: Span): AmendmentConflict {
    const r = this.#conflictRanges(span)
    return {
      id: this.#id(span),
      base: tokensPlainText(this.o, ...r.o),
      section: tokensPlainText(this.a, ...r.a),
      amendment: tokensPlainText(this.b, ...r.b),
    }
  }

  /** The merged tree, taking `side` where a conflict is not resolved yet, and where that first broke the schema. */
  #build(side: Side): { nodes: SectionNode[]; failure: Failure | null } {
    const builder = new TokenTreeBuilder()
    const ids = new TokenIds()
    let failure: Failure | null = null
    // The chunk where the top-level block being built began.
    let blockStart = 0
    const emit = (tokens: readonly Token[], [from, to]: [number, number], chunk: number, last: number): void => {
      for (let i = from; i < to; i++) {
        const token = tokens[i]!
        if (builder.depth === 0) blockStart = chunk
        if (!builder.push(token) && failure === null) failure = { from: Math.min(blockStart, chunk), to: last }
      }
    }
    const spanAt = new Map(this.#spans.map((span) => [span.p, span]))
    for (let c = 0; c < this.chunks.length; c++) {
      const span = spanAt.get(c)
      if (span) {
        const full = this.#ranges(span)
        const r = this.#conflictRanges(span)
        const resolution = this.#resolution(span) ?? (side === 'a' ? 'section' : 'amendment')
        emit(this.a, [full.a[0], r.a[0]], c, span.q)
        if (resolution === 'section') emit(this.a, r.a, c, span.q)
        else if (resolution === 'amendment') emit(this.b, r.b, c, span.q)
        else {
          const tokens = this.#inline(span) ? inlineText(ids, resolution, builder.container) : blockText(ids, resolution)
          emit(tokens, [0, tokens.length], c, span.q)
        }
        emit(this.a, [r.a[1], full.a[1]], c, span.q)
        c = span.q
        continue
      }
      const chunk = this.chunks[c]!
      if (chunk.take === 'b') emit(this.b, chunk.b, c, c)
      else emit(this.a, chunk.a, c, c)
    }
    const nodes = builder.finish()
    if (builder.invalid && failure === null) failure = { from: blockStart, to: this.chunks.length - 1 }
    return { nodes, failure }
  }
}

/** A person's own text for an inline conflict: unmarked, its line breaks as hard breaks (kept as text in code). */
function inlineText(ids: TokenIds, text: string, container: string): Token[] {
  if (container === 'codeBlock') return text === '' ? [] : [textToken(ids, text, {})]
  const tokens: Token[] = []
  text.split('\n').forEach((line, i) => {
    if (i > 0) tokens.push(openToken(ids, 'hardBreak', {}), closeToken(ids))
    if (line !== '') tokens.push(textToken(ids, line, {}))
  })
  return tokens
}

/** A person's own text for a conflict of whole blocks: a paragraph per line. */
function blockText(ids: TokenIds, text: string): Token[] {
  if (text === '') return []
  return text.split('\n').flatMap((line) => [openToken(ids, 'paragraph', {}), ...(line === '' ? [] : [textToken(ids, line, {})]), closeToken(ids)])
}
