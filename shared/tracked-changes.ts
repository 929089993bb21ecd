import type { TrackedChange, TrackedNode } from './amendments.js'
import type { SectionNode } from './content-hash.js'
import { EDITOR_SCHEMA, elementRule } from './editor-schema.js'
import { matchingCloses, type Token, TokenIds, tokenize } from './section-tokens.js'
import { diffTokens } from './token-diff.js'

/**
 * The tracked-changes view of an amendment against the section's text now
 * (issue 14): the amendment's own tree, its text runs marked 'same' or
 * 'added', and the words it removed from the section put back at their
 * place as 'removed' runs. A whole element the amendment removed (a
 * paragraph, a list item) comes back whole, its runs all 'removed', where
 * its parent may hold it; of a removed piece of structure that is not whole
 * (two paragraphs joined into one) only the words come back, in the
 * amendment's element there. Recomputed on every keystroke for every open
 * amendment of a section, so it is one token diff and one pass.
 */
export function trackedChanges(section: SectionNode[], amendment: SectionNode[]): TrackedNode[] {
  const ids = new TokenIds()
  const before = tokenize(section, ids)
  const after = tokenize(amendment, ids)
  const closes = matchingCloses(before)
  const out = new TrackedBuilder()
  let i = 0
  let j = 0
  for (const run of [...diffTokens(before, after), { a: before.length, b: after.length, length: 0 }]) {
    out.removed(before, i, run.a, closes)
    for (let x = j; x < run.b; x++) out.push(after[x]!, 'added')
    for (let x = 0; x < run.length; x++) out.push(after[run.b + x]!, 'same')
    i = run.a + run.length
    j = run.b + run.length
  }
  return out.root
}

type TrackedText = Extract<TrackedNode, { text: string }>
type TrackedElement = Extract<TrackedNode, { content: TrackedNode[] }>

const children = (type: string): readonly string[] => (type === 'doc' ? EDITOR_SCHEMA.nodes.doc.children : (elementRule(type)?.children ?? []))
const holdsText = (type: string): boolean => elementRule(type)?.text ?? false

class TrackedBuilder {
  readonly root: TrackedNode[] = []
  readonly #stack: Array<{ type: string; content: TrackedNode[] }> = [{ type: 'doc', content: this.root }]
  /** Marks and change of each content's last child when it is text, so that equal runs are joined. */
  readonly #lastText = new WeakMap<TrackedNode[], string>()
  /** Paragraphs made to hold removed words where the amendment has no textblock. */
  readonly #madeUp = new WeakSet<TrackedNode>()

  get #top(): { type: string; content: TrackedNode[] } {
    return this.#stack[this.#stack.length - 1]!
  }

  push(token: Token, change: TrackedChange): void {
    const top = this.#top
    if (token.kind === 'text') this.#text(top.content, token, change)
    else if (token.kind === 'open') {
      const element: TrackedElement = { type: token.type, attrs: { ...token.attrs }, content: [] }
      top.content.push(element)
      this.#lastText.delete(top.content)
      this.#stack.push({ type: token.type, content: element.content })
    } else if (this.#stack.length > 1) {
      this.#stack.pop()
      this.#lastText.delete(this.#top.content)
    }
  }

  /** The section's tokens [from, to), which the amendment removed, put back as 'removed'. */
  removed(tokens: readonly Token[], from: number, to: number, closes: Int32Array): void {
    let x = from
    while (x < to) {
      const token = tokens[x]!
      if (token.kind === 'text') {
        this.#removedText(token)
        x++
      } else if (token.kind === 'open' && closes[x]! < to && (token.type === 'hardBreak' || children(this.#top.type).includes(token.type))) {
        // A whole element (a hard break has no words to show, so it is left out).
        const end = closes[x]!
        if (token.type !== 'hardBreak') for (let y = x; y <= end; y++) this.push(tokens[y]!, 'removed')
        x = end + 1
      } else x++
    }
  }

  #removedText(token: Extract<Token, { kind: 'text' }>): void {
    const top = this.#top
    if (holdsText(top.type)) {
      this.#text(top.content, token, 'removed')
      return
    }
    let holder = top.content.at(-1)
    if (!holder || !this.#madeUp.has(holder)) {
      holder = { type: 'paragraph', attrs: {}, content: [] }
      this.#madeUp.add(holder)
      top.content.push(holder)
    }
    this.#text((holder as TrackedElement).content, token, 'removed')
  }

  #text(content: TrackedNode[], token: Extract<Token, { kind: 'text' }>, change: TrackedChange): void {
    const key = `${change}${token.marksKey}`
    const last = content.at(-1)
    if (last && this.#lastText.get(content) === key) (last as TrackedText).text += token.text
    else {
      content.push({ text: token.text, marks: { ...token.marks }, change })
      this.#lastText.set(content, key)
    }
  }
}
