import type { SectionNode } from './content-hash.js'
import { EDITOR_SCHEMA, elementRule, type NodeRule } from './editor-schema.js'
import type { Token } from './section-tokens.js'

type TextNode = { text: string; marks: Record<string, unknown> }

interface Frame {
  type: string
  rule: NodeRule
  content: SectionNode[]
  /** marksKey of the last child when it is text, so that equal runs are joined as Y.XmlText joins them. */
  lastMarksKey: string | null
}

/**
 * Builds a node tree from a token stream (shared/section-tokens.ts), one
 * token at a time, and checks it against the editor's schema as it goes
 * (shared/editor-schema.ts): node names allowed under their parent, text and
 * marks only where allowed, required content present. A stream that breaks
 * a rule is still built (leniently: a stray close is dropped, unclosed
 * elements are closed); `push` says which token first broke a rule, so
 * that the merge can report that place as a conflict instead.
 */
export class TokenTreeBuilder {
  readonly #root: Frame = { type: 'doc', rule: EDITOR_SCHEMA.nodes.doc, content: [], lastMarksKey: null }
  readonly #stack: Frame[] = [this.#root]
  /** Whether some token broke a rule so far. */
  invalid = false

  /** Type of the element tokens are added to ('doc' at the top). */
  get container(): string {
    return this.#top.type
  }

  get depth(): number {
    return this.#stack.length - 1
  }

  get #top(): Frame {
    return this.#stack[this.#stack.length - 1]!
  }

  /** Adds a token; false (and `invalid` set) when it breaks a rule of the schema. */
  push(token: Token): boolean {
    const top = this.#top
    let ok = true
    if (token.kind === 'text') {
      if (!top.rule.text || (!top.rule.marks && token.marksKey !== '{}')) ok = false
      const last = top.content.at(-1)
      if (last && top.lastMarksKey === token.marksKey && 'text' in last) (last as TextNode).text += token.text
      else {
        top.content.push({ text: token.text, marks: { ...token.marks } })
        top.lastMarksKey = token.marksKey
      }
    } else if (token.kind === 'open') {
      const rule = elementRule(token.type)
      if (!rule || !(top.rule.children as readonly string[]).includes(token.type)) ok = false
      const content: SectionNode[] = []
      top.content.push({ type: token.type, attrs: { ...token.attrs }, content })
      top.lastMarksKey = null
      this.#stack.push({ type: token.type, rule: rule ?? EDITOR_SCHEMA.nodes.doc, content, lastMarksKey: null })
    } else if (this.#stack.length === 1) ok = false
    else ok = this.#close()
    if (!ok) this.invalid = true
    return ok
  }

  /** The tree; unclosed elements are closed (which is invalid). */
  finish(): SectionNode[] {
    while (this.#stack.length > 1) {
      this.#close()
      this.invalid = true
    }
    return this.#root.content
  }

  #close(): boolean {
    const frame = this.#stack.pop()!
    this.#top.lastMarksKey = null
    const { content, rule } = frame
    // The content expressions of this schema: `x+` needs one child, `paragraph block*` a paragraph first.
    if (rule.content.endsWith('+') && content.length === 0) return false
    if (rule.content.startsWith('paragraph ')) {
      const first = content[0]
      return first !== undefined && 'type' in first && first.type === 'paragraph'
    }
    return true
  }
}
