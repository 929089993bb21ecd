/**
 * The section editor's document schema as plain data, for code that must
 * check content without loading Tiptap (the relay's content check, static
 * rendering). It describes exactly the schema that `shared/editor-extensions.ts`
 * builds; tests/unit/editor-schema.test.ts builds the real Tiptap schema and
 * fails when the two disagree.
 *
 * How y-prosemirror (@tiptap/y-tiptap) stores a section `body:<id>` (a Y.XmlFragment):
 * - the fragment itself is the `doc` node: its children are block nodes;
 * - every other node except `text` is a Y.XmlElement whose nodeName is the node
 *   type's name and whose attributes are the node's attrs (attributes whose
 *   value is null are not stored at all);
 * - text is Y.XmlText; each mark is a format attribute named by the mark's
 *   name (or `<name>--<8 base64 chars>` for marks that may overlap themselves;
 *   none in this schema) whose value is the mark's attrs object (`{}` for marks
 *   without attrs). A format value of null removes the mark.
 */

import { MAX_TABLE_SPAN } from './limits.js'

/** What one attribute may hold (JSON values as they arrive in Yjs). */
export type AttrRule =
  | { readonly kind: 'integer'; readonly min: number; readonly max: number; readonly default: number }
  | { readonly kind: 'enum'; readonly values: readonly (string | null)[]; readonly default: string | null }
  /** A string matching `pattern`, or null when `nullable`. */
  | { readonly kind: 'string'; readonly maxLength: number; readonly pattern: RegExp; readonly nullable: boolean; readonly default: string | null }
  /** A URL: a string of at most maxLength starting with one of `prefixes` (case-insensitive), no control characters. */
  | { readonly kind: 'href'; readonly maxLength: number; readonly prefixes: readonly string[]; readonly default: null }

export interface NodeRule {
  /** How the node is stored: the section fragment itself, a Y.XmlElement, or Y.XmlText. */
  readonly storedAs: 'fragment' | 'element' | 'text'
  readonly attrs: Readonly<Record<string, AttrRule>>
  /** The ProseMirror content expression (order and counts), for reference. */
  readonly content: string
  /** Node types that may appear as children (ignoring order and counts). */
  readonly children: readonly string[]
  /** Whether Y.XmlText (inline text) may appear as a child. */
  readonly text: boolean
  /** Whether text children may carry marks (format attributes). */
  readonly marks: boolean
}

export interface MarkRule {
  readonly attrs: Readonly<Record<string, AttrRule>>
  /** Attributes that must be present (non-null). */
  readonly required: readonly string[]
  /**
   * Attributes older clients wrote (Tiptap's default Link stored them with these
   * very values). Not in the schema: the editor ignores them. A content check may
   * accept exactly these values so that a tab opened before the update keeps working.
   */
  readonly legacyAttrs: Readonly<Record<string, AttrRule>>
  /** Stored under `<name>--<hash>` (the mark does not exclude itself). */
  readonly overlapping: boolean
}

/** Link targets the editor accepts and renders. */
export const LINK_PREFIXES = ['http://', 'https://', 'mailto:'] as const
export const LINK_MAX_LENGTH = 2048
/** Fixed on every rendered link, whatever the document says. */
export const LINK_REL = 'noopener noreferrer nofollow'
export const LINK_TARGET = '_blank'

const BLOCKS = ['paragraph', 'blockquote', 'bulletList', 'codeBlock', 'heading', 'horizontalRule', 'orderedList', 'table'] as const
const INLINE = ['hardBreak'] as const

const element = (content: string, children: readonly string[], attrs: Record<string, AttrRule> = {}, text = false, marks = text): NodeRule => ({
  storedAs: 'element',
  attrs,
  content,
  children,
  text,
  marks,
})

/** A table cell's span and alignment (column widths are not kept, see shared/editor-extensions.ts). */
const CELL_ATTRS: Record<string, AttrRule> = {
  colspan: { kind: 'integer', min: 1, max: MAX_TABLE_SPAN, default: 1 },
  rowspan: { kind: 'integer', min: 1, max: MAX_TABLE_SPAN, default: 1 },
  align: { kind: 'enum', values: [null, 'left', 'center', 'right'], default: null },
}

export const EDITOR_SCHEMA = {
  nodes: {
    doc: { storedAs: 'fragment', attrs: {}, content: 'block+', children: BLOCKS, text: false, marks: false },
    text: { storedAs: 'text', attrs: {}, content: '', children: [], text: false, marks: false },
    paragraph: element('inline*', INLINE, {}, true),
    heading: element('inline*', INLINE, { level: { kind: 'integer', min: 1, max: 6, default: 1 } }, true),
    blockquote: element('block+', BLOCKS),
    bulletList: element('listItem+', ['listItem']),
    orderedList: element('listItem+', ['listItem'], {
      start: { kind: 'integer', min: -1_000_000, max: 1_000_000, default: 1 },
      // HTML <ol type>: rendered as the list's type attribute.
      type: { kind: 'enum', values: [null, '1', 'a', 'A', 'i', 'I'], default: null },
    }),
    listItem: element('paragraph block*', BLOCKS),
    // Inside a code block: plain text only, no marks, no hard breaks.
    codeBlock: element(
      'text*',
      [],
      {
        // Rendered as the class `language-<value>`: one plain word, never a list of classes.
        language: { kind: 'string', maxLength: 32, pattern: /^[A-Za-z0-9_+#.-]+$/, nullable: true, default: null },
      },
      true,
      false,
    ),
    hardBreak: element('', []),
    horizontalRule: element('', []),
    table: element('tableRow+', ['tableRow']),
    tableRow: element('(tableCell | tableHeader)*', ['tableCell', 'tableHeader']),
    tableCell: element('block+', BLOCKS, CELL_ATTRS),
    tableHeader: element('block+', BLOCKS, CELL_ATTRS),
  },
  marks: {
    bold: { attrs: {}, required: [], legacyAttrs: {}, overlapping: false },
    italic: { attrs: {}, required: [], legacyAttrs: {}, overlapping: false },
    strike: { attrs: {}, required: [], legacyAttrs: {}, overlapping: false },
    underline: { attrs: {}, required: [], legacyAttrs: {}, overlapping: false },
    code: { attrs: {}, required: [], legacyAttrs: {}, overlapping: false },
    link: {
      attrs: { href: { kind: 'href', maxLength: LINK_MAX_LENGTH, prefixes: LINK_PREFIXES, default: null } },
      required: ['href'],
      legacyAttrs: {
        target: { kind: 'enum', values: [null, LINK_TARGET], default: null },
        rel: { kind: 'enum', values: [null, LINK_REL], default: null },
        class: { kind: 'enum', values: [null], default: null },
        title: { kind: 'enum', values: [null], default: null },
      },
      overlapping: false,
    },
  },
} as const satisfies {
  nodes: Record<string, NodeRule>
  marks: Record<string, MarkRule>
}

export type EditorNodeName = keyof typeof EDITOR_SCHEMA.nodes
export type EditorMarkName = keyof typeof EDITOR_SCHEMA.marks

// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/

/** Whether `url` is a link the editor may hold and render (also used by the editor itself). */
export function isAllowedHref(url: unknown): url is string {
  if (typeof url !== 'string' || url.length === 0 || url.length > LINK_MAX_LENGTH || CONTROL.test(url)) return false
  const lower = url.toLowerCase()
  return LINK_PREFIXES.some((p) => lower.startsWith(p) && lower.length > p.length)
}

/** Whether one attribute value fits its rule. */
export function attrValueAllowed(rule: AttrRule, value: unknown): boolean {
  switch (rule.kind) {
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value) && value >= rule.min && value <= rule.max
    case 'enum':
      return (rule.values as readonly unknown[]).includes(value)
    case 'string':
      if (value === null) return rule.nullable
      return typeof value === 'string' && value.length > 0 && value.length <= rule.maxLength && rule.pattern.test(value)
    case 'href':
      return isAllowedHref(value)
  }
}

const hasOwn = (o: object, k: string) => Object.hasOwn(o, k)

/** The rule of a Y.XmlElement's nodeName, or null when the schema has no such element. */
export function elementRule(nodeName: string): NodeRule | null {
  if (!hasOwn(EDITOR_SCHEMA.nodes, nodeName)) return null
  const rule: NodeRule = EDITOR_SCHEMA.nodes[nodeName as EditorNodeName]
  return rule.storedAs === 'element' ? rule : null
}

/** Whether a Y.XmlElement's attributes fit its node type (unknown names refused). */
export function elementAttrsAllowed(nodeName: string, attrs: Record<string, unknown>): boolean {
  const rule = elementRule(nodeName)
  if (!rule) return false
  for (const [key, value] of Object.entries(attrs)) {
    if (!hasOwn(rule.attrs, key)) return false
    const attr = rule.attrs[key]
    if (!attr || !attrValueAllowed(attr, value)) return false
  }
  return true
}

/** The mark a Y.XmlText format attribute name stands for, or null when unknown. */
export function markOfFormat(formatName: string): EditorMarkName | null {
  const hashed = /^(.*)--[a-zA-Z0-9+/=]{8}$/.exec(formatName)
  const name = hashed ? hashed[1]! : formatName
  if (!hasOwn(EDITOR_SCHEMA.marks, name)) return null
  const mark: MarkRule = EDITOR_SCHEMA.marks[name as EditorMarkName]
  if (hashed !== null && !mark.overlapping) return null
  return name as EditorMarkName
}

/**
 * Whether a format attribute (name and value) is a mark of this schema with
 * allowed attrs. null (removing the mark) is always allowed for a known mark.
 */
export function formatAllowed(formatName: string, value: unknown): boolean {
  const name = markOfFormat(formatName)
  if (name === null) return false
  if (value === null) return true
  if (typeof value !== 'object' || Array.isArray(value)) return false
  const rule: MarkRule = EDITOR_SCHEMA.marks[name]
  const attrs = value as Record<string, unknown>
  for (const key of rule.required) if (attrs[key] === undefined || attrs[key] === null) return false
  for (const [key, v] of Object.entries(attrs)) {
    const attr = hasOwn(rule.attrs, key) ? rule.attrs[key] : hasOwn(rule.legacyAttrs, key) ? rule.legacyAttrs[key] : undefined
    if (!attr || !attrValueAllowed(attr, v)) return false
  }
  return true
}
