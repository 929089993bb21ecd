/**
 * A section's text as the exports show it (issue 16, faithful publishing):
 * read from the document with y-tiptap's conversion, cleaned against the
 * editor's schema, then rendered by the libraries of the editor itself:
 * Tiptap's static renderer (HTML, the same extensions as the editor) and
 * prosemirror-markdown's serializer (Markdown). The DOCX writer (docx.ts)
 * walks the same ProseMirror document.
 */
import type { JSONContent } from '@tiptap/core'
import type { Node as PMNode, Schema } from '@tiptap/pm/model'
import { renderToHTMLString } from '@tiptap/static-renderer/pm/html-string'
import { yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap'
import { defaultMarkdownSerializer, MarkdownSerializer, type MarkdownSerializerState } from 'prosemirror-markdown'
import * as Y from 'yjs'
import { type SectionNode, sectionJson } from '../../shared/content-hash.js'
import { editorSchemaExtensions } from '../../shared/editor-extensions.js'
import { attrValueAllowed, EDITOR_SCHEMA, type EditorNodeName, elementRule, isAllowedHref, markOfFormat, type NodeRule } from '../../shared/editor-schema.js'
import { MAX_NESTING_DEPTH } from '../../shared/limits.js'
import { editorSchema } from '../documents/editor-schema.js'

/** Escapes text for HTML element content and attribute values. */
export const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)

/** Only http(s) and mailto links survive, normalised by the URL parser (a `"` becomes %22); anything else (javascript:, data:) is dropped. */
export function safeHref(href: unknown): string | null {
  if (!isAllowedHref(href)) return null
  try {
    const url = new URL(href)
    return (url.protocol === 'http:' || url.protocol === 'https:' || url.protocol === 'mailto:') && isAllowedHref(url.href) ? url.href : null
  } catch {
    return null
  }
}

/**
 * Block nesting the renderers go to. The relay accepts up to
 * MAX_NESTING_DEPTH, and all of that renders as written; a document stored
 * before that rule, or written on the server, can nest tens of thousands of
 * levels. Such a section is read iteratively (sectionJson) and cut at this
 * depth, deeper content kept as one paragraph of its text, so every renderer
 * below (y-tiptap's conversion, the static renderer, the Markdown serializer,
 * the DOCX writer: all recursive) goes at most this deep.
 */
export const MAX_RENDER_DEPTH = MAX_NESTING_DEPTH

const isText = (n: SectionNode): n is Extract<SectionNode, { text: string }> => 'text' in n
type ElementNode = Extract<SectionNode, { type: string }>

/** The tree cut at `maxDepth`: elements there become a paragraph of their text (iterative, any depth). */
export function boundDepth(nodes: SectionNode[], maxDepth = MAX_RENDER_DEPTH): SectionNode[] {
  const root: SectionNode[] = []
  const stack: Array<{ from: SectionNode[]; to: SectionNode[]; depth: number }> = [{ from: nodes, to: root, depth: 0 }]
  while (stack.length > 0) {
    const { from, to, depth } = stack.pop()!
    for (const n of from) {
      if (isText(n)) to.push(n)
      else if (depth + 1 >= maxDepth) to.push({ type: 'paragraph', attrs: {}, content: textsOf(n) })
      else {
        const copy: ElementNode = { type: n.type, attrs: n.attrs, content: [] }
        to.push(copy)
        stack.push({ from: n.content, to: copy.content, depth: depth + 1 })
      }
    }
  }
  return root
}

/** Every text node under `node`, in document order, without recursion. */
function textsOf(node: ElementNode): SectionNode[] {
  const texts: SectionNode[] = []
  const stack: SectionNode[][] = [[...node.content].reverse()]
  while (stack.length > 0) {
    const next = stack[stack.length - 1]!.pop()
    if (next === undefined) stack.pop()
    else if (isText(next)) texts.push(next)
    else stack.push([...next.content].reverse())
  }
  return texts
}

/** How deep elements nest under `fragment` (its blocks are at 1), iteratively. */
function elementDepth(fragment: Y.XmlFragment): number {
  let max = 0
  const stack: Array<{ node: Y.XmlFragment | Y.XmlElement; depth: number }> = [{ node: fragment, depth: 0 }]
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!
    max = Math.max(max, depth)
    for (const child of node.toArray()) if (child instanceof Y.XmlElement) stack.push({ node: child, depth: depth + 1 })
  }
  return max
}

/** The editor's schema, the server's one copy (built from the same extensions as the editor). */
export const exportSchema = (): Schema => editorSchema()
const extensions = editorSchemaExtensions()

interface RawNode {
  type?: unknown
  attrs?: unknown
  content?: unknown
  text?: unknown
  marks?: unknown
}
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** A SectionNode tree (the bounded reading of a deep section) in ProseMirror's JSON form, as y-tiptap writes it. */
function fromSectionNode(n: SectionNode): RawNode {
  if (isText(n)) return { type: 'text', text: n.text, marks: Object.entries(n.marks).map(([name, attrs]) => ({ type: markOfFormat(name) ?? name, attrs })) }
  return { type: n.type, attrs: n.attrs, content: n.content.map(fromSectionNode) }
}

/** Where a node that may not sit in its parent goes instead: into the child its parent requires. */
const WRAPPER: Partial<Record<EditorNodeName, EditorNodeName>> = { bulletList: 'listItem', orderedList: 'listItem', table: 'tableRow', tableRow: 'tableCell' }
const ruleOf = (type: string): NodeRule => (type === 'doc' ? EDITOR_SCHEMA.nodes.doc : elementRule(type)!)

/** The marks the editor allows, its way: known names only, code alone (it excludes every other mark), links to safe targets only. */
function cleanMarks(raw: unknown): JSONContent['marks'] {
  if (!Array.isArray(raw)) return []
  const marks = new Map<string, Record<string, unknown>>()
  for (const m of raw) {
    if (!isObject(m) || typeof m.type !== 'string' || !Object.hasOwn(EDITOR_SCHEMA.marks, m.type)) continue
    if (m.type === 'link') {
      const href = safeHref(isObject(m.attrs) ? m.attrs.href : null)
      if (href !== null) marks.set('link', { href })
    } else marks.set(m.type, {})
  }
  const all = [...marks].map(([type, attrs]) => (type === 'link' ? { type, attrs } : { type }))
  return marks.has('code') ? [{ type: 'code' }] : all
}

/** The text under a node, as text nodes with their marks (iterative: used where nesting is cut). */
function textNodesOf(node: RawNode): JSONContent[] {
  const out: JSONContent[] = []
  const stack: unknown[][] = [Array.isArray(node.content) ? [...node.content].reverse() : []]
  while (stack.length > 0) {
    const next = stack[stack.length - 1]!.pop()
    if (next === undefined) stack.pop()
    else if (isObject(next) && next.type === 'text') {
      if (typeof next.text === 'string' && next.text !== '') out.push({ type: 'text', text: next.text, marks: cleanMarks(next.marks) })
    } else if (Array.isArray(next)) stack.push([...next].reverse())
    else if (isObject(next) && Array.isArray(next.content)) stack.push([...next.content].reverse())
  }
  return out
}

/**
 * One node made to fit the editor's schema: known attributes with allowed
 * values (a heading's level as the editor shows it: 3 or 4), children it may
 * hold. A child that may not sit here goes into the node its parent requires
 * (a paragraph in a list goes into a list item), or, in a text block, becomes
 * its text; an unknown node, or one past the depth bound, becomes its text.
 * Nothing a crafted document holds can make the renderers throw or go deep.
 */
function cleanNode(type: string, raw: RawNode, depth: number): JSONContent {
  const rule = ruleOf(type)
  const attrs: Record<string, unknown> = {}
  const given = isObject(raw.attrs) ? raw.attrs : {}
  for (const [key, attr] of Object.entries(rule.attrs)) if (attrValueAllowed(attr, given[key])) attrs[key] = given[key]
  if (type === 'heading') attrs.level = attrs.level === 4 ? 4 : 3
  const node: JSONContent = { type, attrs }
  if (type !== 'doc' && rule.children.length === 0 && !rule.text) return node
  const content: JSONContent[] = []
  let inline: JSONContent[] = []
  const flushInline = () => {
    if (inline.length === 0) return
    const paragraph: RawNode = { type: 'paragraph', content: inline }
    inline = []
    const wrapper = WRAPPER[type as EditorNodeName]
    content.push(wrapper ? cleanNode(wrapper, { content: [paragraph] }, depth + 1) : cleanNode('paragraph', paragraph, depth + 1))
  }
  const place = (children: unknown[]) => {
    for (const child of children) {
      // y-tiptap gives text directly in the fragment (no paragraph around it) as an array of text nodes.
      if (Array.isArray(child)) {
        place(child)
        continue
      }
      if (!isObject(child) || typeof child.type !== 'string') continue
      if (child.type === 'text') {
        if (typeof child.text !== 'string' || child.text === '') continue
        const text: JSONContent = { type: 'text', text: child.text, marks: rule.marks ? cleanMarks(child.marks) : [] }
        if (rule.text) content.push(text)
        else inline.push(text)
        continue
      }
      const childRule = child.type === 'doc' ? null : elementRule(child.type)
      const asText = (node: RawNode) => {
        const texts = textNodesOf(node)
        if (rule.text) content.push(...texts.map((t) => (rule.marks ? t : { ...t, marks: [] })))
        else inline.push(...texts)
      }
      if (childRule === null || depth + 1 > MAX_RENDER_DEPTH) asText(child)
      else if ((rule.children as readonly string[]).includes(child.type)) {
        flushInline()
        content.push(cleanNode(child.type, child, depth + 1))
        // Words stored inside a rule or a line break (which hold none): kept, after it.
        if (childRule.children.length === 0 && !childRule.text) asText(child)
      } else if (rule.text) asText(child)
      else if (child.type === 'hardBreak') {
        inline.push({ type: 'hardBreak' })
        asText(child)
      } else if (WRAPPER[type as EditorNodeName]) {
        flushInline()
        content.push(cleanNode(WRAPPER[type as EditorNodeName]!, { content: [child] }, depth + 1))
      } else {
        // A list item, row or cell outside its list or table: its content in its place.
        place(Array.isArray(child.content) ? child.content : [])
      }
    }
  }
  place(Array.isArray(raw.content) ? raw.content : [])
  flushInline()
  if (content.length > 0) node.content = content
  return node
}

/**
 * A section's text (a `body:<sectionId>` or `body:<sectionId>:<lang>`
 * fragment) as a ProseMirror document of the editor's schema. Read with
 * y-tiptap's conversion (yXmlFragmentToProsemirrorJSON: it only reads, where
 * yXmlFragmentToProseMirrorRootNode deletes what does not fit the schema
 * from the live document, a write nobody made); a section nested past
 * MAX_RENDER_DEPTH is read iteratively and cut there instead.
 */
export function sectionDocument(fragment: Y.XmlFragment | null): PMNode {
  let raw: RawNode | null = null
  if (fragment !== null && elementDepth(fragment) <= MAX_RENDER_DEPTH) {
    try {
      raw = yXmlFragmentToProsemirrorJSON(fragment) as RawNode
    } catch {
      // A hook or another type y-tiptap does not convert (only a crafted update makes one): the iterative reading skips it.
      raw = null
    }
  }
  raw ??= { type: 'doc', content: boundDepth(sectionJson(fragment)).map(fromSectionNode) }
  return exportSchema().nodeFromJSON(cleanNode('doc', raw, 0))
}

/** The document's text, one paragraph per text block: what an export shows should a renderer ever fail. */
function plainBlocks(doc: PMNode): string[] {
  const blocks: string[] = []
  doc.descendants((node) => {
    if (node.isTextblock) {
      blocks.push(node.textContent)
      return false
    }
    return true
  })
  return blocks
}

/** A section's text as HTML, by Tiptap's static renderer with the editor's own extensions: text escaped, links only to safe targets with a fixed rel. */
export function toHtml(doc: PMNode): string {
  try {
    return renderToHTMLString({ content: doc, extensions })
  } catch (error) {
    console.error('export: a section could not be rendered as HTML; its plain text is shown', error)
    return plainBlocks(doc)
      .map((b) => `<p>${escapeHtml(b)}</p>`)
      .join('')
  }
}

/** Text escaped so that no character in it is Markdown or HTML syntax (code spans and blocks stay raw: nothing is syntax there). */
function escapeMarkdownInline(text: string, pipes = true): string {
  return text
    .replace(pipes ? /[`*\\~[\]_|]/g : /[`*\\~[\]_]/g, (m, i: number) =>
      // An underscore inside a word is no emphasis (CommonMark's intraword rule): kept as written.
      m === '_' && i > 0 && i + 1 < text.length && /\w/.test(text[i - 1]!) && /\w/.test(text[i + 1]!) ? m : `\\${m}`,
    )
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
}

/**
 * What only means something at the start of a line: indentation (as
 * character references, so four spaces never make a code block), `#`
 * headings, `>` quotes, `-`/`+`/`*` bullets, `1.`/`1)` numbers, `===`
 * underlines. Runs on text already escaped by escapeMarkdownInline.
 */
function escapeMarkdownLineStart(escaped: string): string {
  const lead = /^[ \t]+/.exec(escaped)?.[0] ?? ''
  const rest = escaped
    .slice(lead.length)
    .replace(/^([-+>]|#{1,6}(?=\s|$)|=+(?=\s*$))/, '\\$1')
    .replace(/^(\d+)([.)])(?=\s|$)/, '$1\\$2')
  return lead.replace(/ /g, '&#32;').replace(/\t/g, '&#9;') + rest
}

/** A line of plain text (a title, a name) as Markdown text: every line's start and a heading's closing `#` escaped too. */
export const escapeMarkdown = (text: string): string =>
  text
    .split(/\r\n|\r|\n/)
    .map((line) => escapeMarkdownLineStart(escapeMarkdownInline(line)).replace(/#+(\s*)$/, '\\$&'))
    .join('\n')

/** Whether the serializer is at the start of a line: the block's start, or just after a line break. */
const atLineStart = (state: MarkdownSerializerState): boolean => {
  const s = state as unknown as { atBlockStart: boolean; out: string }
  return s.atBlockStart || s.out === '' || s.out.endsWith('\n')
}

/** Rows × columns of a table with spans laid out: a spanned cell's other positions are empty (GFM tables have no spans). */
function tableGrid(table: PMNode): Array<Array<{ cell: PMNode | null; header: boolean }>> {
  const grid: Array<Array<{ cell: PMNode | null; header: boolean }>> = []
  table.forEach((row, _, r) => {
    grid[r] ??= []
    let c = 0
    row.forEach((cell) => {
      while (grid[r]![c] !== undefined) c++
      const colspan = Math.max(1, Number(cell.attrs.colspan) || 1)
      const rowspan = Math.max(1, Number(cell.attrs.rowspan) || 1)
      for (let dr = 0; dr < rowspan && r + dr < table.childCount; dr++) {
        grid[r + dr] ??= []
        for (let dc = 0; dc < colspan; dc++) grid[r + dr]![c + dc] = { cell: dr === 0 && dc === 0 ? cell : null, header: cell.type.name === 'tableHeader' }
      }
      c += colspan
    })
  })
  return grid
}

/**
 * The Markdown serializer for the editor's node and mark names. Headings are
 * shifted by `headingShift` (to sit under the section's title); lists are
 * tight; text is escaped so that it stays text.
 */
function markdownSerializer(headingShift: number, inCell = false): MarkdownSerializer {
  let cells: MarkdownSerializer | null = null
  const serializer: MarkdownSerializer = new MarkdownSerializer(
    {
      blockquote(state, node) {
        state.wrapBlock('> ', null, node, () => state.renderContent(node))
      },
      codeBlock(state, node) {
        // A fence longer than any run of backticks in the code, so the code cannot close it.
        const longest = Math.max(0, ...(node.textContent.match(/`+/g) ?? []).map((r) => r.length))
        const fence = '`'.repeat(Math.max(3, longest + 1))
        state.write(`${fence}${typeof node.attrs.language === 'string' ? node.attrs.language : ''}\n`)
        state.text(node.textContent, false)
        state.ensureNewLine()
        state.write(fence)
        state.closeBlock(node)
      },
      heading(state, node) {
        const level = Math.min(6, Math.max(1, Number(node.attrs.level) + headingShift))
        state.write(`${'#'.repeat(level)} `)
        const out = state as unknown as { out: string }
        const start = out.out.length
        state.renderInline(node, false)
        // A heading ending in `#` would lose it as a closing sequence: the first `#` of that run escaped.
        const line = out.out.slice(start)
        if (/(^|[ \t])#+[ \t]*$/.test(line)) out.out = out.out.slice(0, start) + line.replace(/#+[ \t]*$/, '\\$&')
        state.closeBlock(node)
      },
      horizontalRule(state, node) {
        state.write('---')
        state.closeBlock(node)
      },
      bulletList(state, node) {
        state.renderList(node, '  ', () => '- ')
      },
      orderedList(state, node) {
        // CommonMark numbers are 0 to 999999999: an earlier start (the schema allows negative ones) starts at 0.
        const start = Math.max(0, Number(node.attrs.start ?? 1))
        const width = String(start + node.childCount - 1).length
        state.renderList(node, ' '.repeat(width + 2), (i) => `${String(start + i).padStart(width, ' ')}. `)
      },
      listItem(state, node) {
        state.renderContent(node)
      },
      paragraph(state, node) {
        state.renderInline(node)
        state.closeBlock(node)
      },
      hardBreak(state, node, parent, index) {
        // A heading is one line: a break in it is HTML's.
        if (parent.type.name === 'heading') state.write('<br>')
        else defaultMarkdownSerializer.nodes.hard_break!(state, node, parent, index)
      },
      text(state, node, parent) {
        const text = node.text ?? ''
        // A line break typed into the text itself shows as one in the editor: a hard break here too.
        const lineBreak = parent.type.name === 'heading' ? '<br>' : '\\\n'
        const first = atLineStart(state)
        const lines = text.split(/\r\n|\r|\n/).map((line, i) => {
          // A `|` could start a table; in a table's cell every pipe is escaped once the cell is written (see table).
          const escaped = escapeMarkdownInline(line, !inCell)
          return i > 0 || first ? escapeMarkdownLineStart(escaped) : escaped
        })
        state.text(lines.join(lineBreak), false)
      },
      table(state, node) {
        const grid = tableGrid(node)
        const columns = Math.max(0, ...grid.map((row) => row.length))
        if (columns === 0) return
        const cellText = (cell: PMNode | null): string => {
          if (cell === null) return ''
          // GFM cells hold one line of inline content: each text block's, joined by HTML line breaks, pipes escaped.
          const blocks: string[] = []
          cell.descendants((n) => {
            if (!n.isTextblock) return true
            const schema = exportSchema()
            const inline =
              n.type.name === 'codeBlock'
                ? n.textContent
                  ? [schema.text(n.textContent.replace(/\r\n|\r|\n/g, ' '), [schema.marks.code!.create()])]
                  : []
                : n.content
            cells ??= markdownSerializer(headingShift, true)
            const md = cells.serialize(schema.topNodeType.create(null, schema.nodes.paragraph!.create(null, inline)), { tightLists: true })
            blocks.push(md.trim().replace(/\\\n/g, '<br>').replace(/\n/g, ' '))
            return false
          })
          return blocks.join('<br>').replace(/\|/g, '\\|')
        }
        const line = (cells: string[]) => `| ${cells.map((c) => c || ' ').join(' | ')} |`
        const rows = grid.map((row) => Array.from({ length: columns }, (_, c) => cellText(row[c]?.cell ?? null)))
        // GFM requires a header row: the table's own when its first row is all header cells, else an empty one.
        const headed = grid[0]!.length === columns && grid[0]!.every((c) => c.header)
        const header = headed ? rows.shift()! : Array.from({ length: columns }, () => '')
        const delimiter = Array.from({ length: columns }, (_, c) => {
          const align = grid[0]![c]?.cell?.attrs.align
          return align === 'center' ? ':---:' : align === 'right' ? '---:' : align === 'left' ? ':---' : '---'
        })
        for (const l of [line(header), `| ${delimiter.join(' | ')} |`, ...rows.map(line)]) {
          state.write(l)
          state.ensureNewLine()
        }
        state.closeBlock(node)
      },
      // Rendered by `table` above, as a whole.
      tableRow() {},
      tableHeader() {},
      tableCell() {},
    },
    {
      bold: { open: '**', close: '**', mixable: true, expelEnclosingWhitespace: true },
      italic: { open: '*', close: '*', mixable: true, expelEnclosingWhitespace: true },
      strike: { open: '~~', close: '~~', mixable: true, expelEnclosingWhitespace: true },
      // Markdown has no underline: HTML's <u> (CommonMark passes inline HTML through), so the mark is not lost.
      underline: { open: '<u>', close: '</u>', mixable: true, expelEnclosingWhitespace: true },
      code: defaultMarkdownSerializer.marks.code!,
      // Links carry their (safe, normalised) href only, never a title, and always as [text](href): the text is escaped like any other.
      link: {
        open: '[',
        close: (_state, mark) =>
          `](${String(mark.attrs.href)
            .replace(/[\\()]/g, '\\$&')
            .replace(/&(?=#?[A-Za-z0-9]+;)/g, '&amp;')})`,
        mixable: true,
      },
    },
    { hardBreakNodeName: 'hardBreak' },
  )
  return serializer
}

/** The lowest heading level in a document, or null without headings. */
const topHeading = (doc: PMNode): number | null => {
  let top: number | null = null
  doc.descendants((n) => {
    if (n.type.name === 'heading') top = Math.min(top ?? 6, Number(n.attrs.level))
    return true
  })
  return top
}

/**
 * How far a section's headings move to sit under its title's `level`: the
 * highest becomes level + 1 and the others keep their distance, so the
 * outline never skips a level.
 */
export const headingShift = (doc: PMNode, level: number): number => {
  const top = topHeading(doc)
  return top === null ? 0 : level + 1 - top
}

/** A section's text as Markdown blocks, headings under a title of `titleLevel`. */
export function toMarkdown(doc: PMNode, titleLevel = 2): string {
  try {
    return markdownSerializer(headingShift(doc, titleLevel)).serialize(doc, { tightLists: true }).trimEnd()
  } catch (error) {
    console.error('export: a section could not be rendered as Markdown; its plain text is shown', error)
    return plainBlocks(doc).map(escapeMarkdown).join('\n\n')
  }
}
