/**
 * A .docx or .md file as sections of the editor's content. Both go through
 * HTML: mammoth turns Word's structure (styles, numbering, tables, runs) into
 * plain semantic HTML, markdown-it does the same for Markdown (raw HTML in
 * the Markdown stays text). That HTML is parsed once (happy-dom), cut at the
 * headings of the chosen level, and each piece is read by ProseMirror's own
 * DOMParser with the editor's schema (shared/editor-extensions.ts): what the
 * editor cannot hold is dropped or becomes text, exactly as when someone
 * pastes it into a section. What comes out is then put through the relay's
 * content rules (server/documents/import-content-check.ts) before anything is held.
 *
 * Bounds, so that no file can take the server down: the upload's size
 * (multer), what the zip may unpack to (zip-check.ts), the HTML's length and
 * nesting (checked on the string before it is parsed; happy-dom's parser is
 * iterative but everything after it walks trees), and the element count.
 */
import { DOMParser as ProseMirrorParser } from '@tiptap/pm/model'
import { Window } from 'happy-dom'
import mammoth from 'mammoth'
import MarkdownIt, { type Options as MarkdownOptions } from 'markdown-it'
import type { SectionNode } from '../../shared/content-hash.js'
import { editorSchema } from '../documents/editor-schema.js'
import { MAX_IMPORT_HTML_CHARS, MAX_IMPORT_HTML_DEPTH } from '../../shared/limits.js'
import { normalizeName } from '../../shared/names.js'
import { checkDocxZip, ZipRefusal } from './zip-check.js'

export type ImportKind = 'docx' | 'markdown'

/** Why a file cannot be imported; the API turns each into a localized error. */
export type ConvertProblem = 'unsupported' | 'corrupt' | 'tooLarge' | 'tooDeep'

export class ConvertRefusal extends Error {
  constructor(readonly problem: ConvertProblem) {
    super(`import: ${problem}`)
  }
}

export interface ConvertedSection {
  title: string
  nodes: SectionNode[]
  /** The text before the first section heading, under the "Introduction" title. */
  intro?: true
}

export interface ConvertedDocument {
  kind: ImportKind
  title: string
  sections: ConvertedSection[]
  /** Headings found at each level 1–6 (index 0 is level 1), the document's title heading left out. */
  headingCounts: number[]
}

/** Beyond this nesting the HTML is refused outright rather than flattened (a crafted file, never a real document). */
const REFUSE_DEPTH = 400
/** Elements one document may produce. */
const MAX_ELEMENTS = 150_000
const TITLE_MAX = 200

const VOID = new Set(['br', 'hr', 'img', 'col', 'wbr', 'input', 'meta', 'link', 'area', 'base', 'embed', 'source', 'track', 'param'])

/** Which kind a file is, by its name and its first bytes; null when it is neither. */
export function importKind(fileName: string, bytes: Buffer): ImportKind | null {
  const lower = fileName.toLowerCase()
  const zip = bytes.length >= 4 && bytes.readUInt32LE(0) === 0x04034b50
  if (lower.endsWith('.docx')) return 'docx'
  if (/\.(md|markdown)$/.test(lower)) return zip ? null : 'markdown'
  return null
}

export async function convertFile(
  fileName: string,
  bytes: Buffer,
  headingLevel: number,
  words: { introduction: string; untitled: string },
): Promise<ConvertedDocument> {
  const kind = importKind(fileName, bytes)
  if (kind === null) throw new ConvertRefusal('unsupported')
  const { html, documentTitle } = kind === 'docx' ? await docxHtml(bytes) : { html: markdownHtml(bytes), documentTitle: null }
  const fallbackTitle = normalizeName(fileName.replace(/\.[^.]*$/, '')).slice(0, TITLE_MAX) || words.untitled
  return { kind, ...splitSections(html, headingLevel, documentTitle, fallbackTitle, words.introduction) }
}

async function docxHtml(bytes: Buffer): Promise<{ html: string; documentTitle: string | null }> {
  let parts: Map<string, Buffer>
  try {
    parts = checkDocxZip(bytes)
  } catch (error) {
    if (error instanceof ZipRefusal) throw new ConvertRefusal(error.problem)
    throw error
  }
  if (!parts.has('word/document.xml') && !parts.has('[Content_Types].xml')) throw new ConvertRefusal('corrupt')
  let html: string
  try {
    const result = await mammoth.convertToHtml(
      { buffer: bytes },
      {
        // Underline is not kept by mammoth's default map; Word's Title style marks the document's title.
        styleMap: ['u => u', "p[style-name='Title'] => p.plank-title:fresh", "p[style-name='Subtitle'] => p:fresh"],
        includeEmbeddedStyleMap: false,
        // A .docx may point at files "next to it": never on this server.
        externalFileAccess: false,
        // Pictures are not kept (the editor has none), and never unpacked.
        convertImage: mammoth.images.imgElement(async () => ({ src: '' })),
        ignoreEmptyParagraphs: true,
      },
    )
    html = result.value
  } catch {
    // mammoth fails on what is no Word document (a zip of something else, broken XML, recursion too deep).
    throw new ConvertRefusal('corrupt')
  }
  const core = parts.get('docProps/core.xml')?.toString('utf8') ?? ''
  const title = /<dc:title>([^<]*)<\/dc:title>/.exec(core)?.[1]
  return { html, documentTitle: title ? decodeXmlText(title) : null }
}

const decodeXmlText = (text: string): string =>
  text.replace(/&(lt|gt|amp|quot|apos);/g, (_, name: string) => ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" })[name] ?? '')

function markdownHtml(bytes: Buffer): string {
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    throw new ConvertRefusal('unsupported')
  }
  if (text.includes('\u0000')) throw new ConvertRefusal('unsupported')
  // html: false: HTML written into the Markdown stays visible text, never markup. maxNesting bounds quotes and lists.
  // maxNesting is one of markdown-it's options that its type definitions leave out.
  const options: MarkdownOptions & { maxNesting: number } = { html: false, linkify: true, maxNesting: MAX_IMPORT_HTML_DEPTH }
  const md = new MarkdownIt(options)
  return md.render(text)
}

/** The deepest nesting of the HTML's tags, read from the string (well-formed output of mammoth or markdown-it). */
function htmlDepth(html: string): number {
  let depth = 0
  let deepest = 0
  for (const match of html.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*?(\/?)>/g)) {
    const name = match[2]!.toLowerCase()
    if (match[1]) depth--
    else if (!match[3] && !VOID.has(name)) depth++
    if (depth > deepest) deepest = depth
  }
  return deepest
}

// Structural types of the happy-dom nodes this module touches (the server compiles without DOM types).
interface DomNode {
  nodeType: number
  nodeName: string
  textContent: string | null
  childNodes: ArrayLike<DomNode>
  parentNode: DomNode | null
  removeChild(child: DomNode): DomNode
  replaceChild(node: DomNode, child: DomNode): DomNode
  appendChild(node: DomNode): DomNode
}
interface DomElement extends DomNode {
  tagName: string
  className: string
  children: ArrayLike<DomElement>
}
interface DomDocument {
  body: DomElement
  createElement(name: string): DomElement
  createTextNode(text: string): DomNode
}

const ELEMENT = 1
const TEXT = 3

/** The text of a subtree, read iteratively (happy-dom's textContent recurses). */
function textOf(node: DomNode): string {
  let out = ''
  const stack: DomNode[] = [node]
  while (stack.length > 0) {
    const next = stack.pop()!
    if (next.nodeType === TEXT) out += next.textContent ?? ''
    else for (let i = next.childNodes.length - 1; i >= 0; i--) stack.push(next.childNodes[i]!)
  }
  return out
}

const headingLevelOf = (node: DomNode): number | null => {
  if (node.nodeType !== ELEMENT) return null
  const match = /^H([1-6])$/.exec(node.nodeName.toUpperCase())
  return match ? Number(match[1]) : null
}

const cleanTitle = (text: string): string => normalizeName(text).slice(0, TITLE_MAX)

function splitSections(
  html: string,
  level: number,
  documentTitle: string | null,
  fallbackTitle: string,
  introduction: string,
): Omit<ConvertedDocument, 'kind'> {
  if (html.length > MAX_IMPORT_HTML_CHARS) throw new ConvertRefusal('tooLarge')
  if (htmlDepth(html) > REFUSE_DEPTH) throw new ConvertRefusal('tooDeep')
  const window = new Window({
    settings: {
      disableJavaScriptEvaluation: true,
      disableJavaScriptFileLoading: true,
      disableCSSFileLoading: true,
      disableIframePageLoading: true,
      disableComputedStyleRendering: true,
    },
  })
  try {
    const parsed = new window.DOMParser().parseFromString(`<!DOCTYPE html><html><body>${html}</body></html>`, 'text/html')
    const document = parsed as unknown as DomDocument // happy-dom's Document, seen through the structural types above
    const body = document.body
    boundTree(document, body)
    const top = Array.from(body.childNodes)

    // The title: Word's Title paragraph, else the document's properties, else a lone level-1 heading above
    // the chosen level (taken out of the text: it heads the whole document), else the file's name.
    let title = cleanTitle(documentTitle ?? '')
    let titleNode: DomNode | null = null
    const styledTitle = top.find((n) => n.nodeType === ELEMENT && (n as DomElement).className.split(' ').includes('plank-title'))
    if (styledTitle) {
      titleNode = styledTitle
      title = cleanTitle(textOf(styledTitle)) || title
    }
    if (!titleNode && level > 1) {
      const ones = top.filter((n) => headingLevelOf(n) === 1)
      const firstSection = top.findIndex((n) => {
        const l = headingLevelOf(n)
        return l !== null && l > 1 && l <= level
      })
      const only = ones.length === 1 ? ones[0]! : null
      if (only && (firstSection === -1 || top.indexOf(only) < firstSection) && cleanTitle(textOf(only))) {
        titleNode = only
        if (!title) title = cleanTitle(textOf(only))
      }
    }
    title ||= fallbackTitle

    const headingCounts = [0, 0, 0, 0, 0, 0]
    for (const node of top) {
      const l = headingLevelOf(node)
      if (l !== null && node !== titleNode && cleanTitle(textOf(node))) headingCounts[l - 1]!++
    }

    // Cut at every heading of the chosen level or above (a heading above it starts a part: its text would
    // otherwise land at the end of the previous section); headings below become the editor's levels 3 and 4.
    const pieces: Array<{ title: string | null; nodes: DomNode[] }> = [{ title: null, nodes: [] }]
    for (const node of top) {
      if (node === titleNode) continue
      const l = headingLevelOf(node)
      const text = l === null ? '' : cleanTitle(textOf(node))
      if (l !== null && l <= level && text) pieces.push({ title: text, nodes: [] })
      else if (l !== null && l <= level) continue
      else pieces.at(-1)!.nodes.push(l === null ? node : renamed(document, node as DomElement, l === level + 1 ? 'h3' : 'h4'))
    }

    const parser = ProseMirrorParser.fromSchema(editorSchema())
    const sections: ConvertedSection[] = []
    for (const [index, piece] of pieces.entries()) {
      const holder = document.createElement('div')
      for (const node of piece.nodes) holder.appendChild(node)
      // happy-dom's element is what ProseMirror's parser walks (childNodes, nodeName, getAttribute, style).
      const doc = parser.parse(holder as unknown as Parameters<typeof parser.parse>[0])
      const nodes = sectionNodesOf(doc.toJSON() as ProseMirrorJson)
      if (index === 0) {
        if (hasText(nodes)) sections.push({ title: introduction, nodes, intro: true })
      } else sections.push({ title: piece.title!, nodes: nodes.length > 0 ? nodes : [] })
    }
    return { title, sections, headingCounts }
  } finally {
    void window.happyDOM.close()
  }
}

/**
 * Bounds the parsed tree: more than MAX_ELEMENTS elements is too large;
 * an element nested deeper than MAX_IMPORT_HTML_DEPTH becomes its text
 * (iteratively: the tree may be deep).
 */
function boundTree(document: DomDocument, body: DomElement): void {
  let elements = 0
  const stack: Array<{ node: DomNode; depth: number }> = [{ node: body, depth: 0 }]
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!
    const children = Array.from(node.childNodes)
    for (const child of children) {
      if (child.nodeType !== ELEMENT) continue
      if (++elements > MAX_ELEMENTS) throw new ConvertRefusal('tooLarge')
      // Pictures are not kept; a paragraph that held only a picture goes with it.
      if (child.nodeName.toUpperCase() === 'IMG') {
        node.removeChild(child)
        if (node.nodeName.toUpperCase() === 'P' && node.parentNode && !textOf(node).trim() && node.childNodes.length === 0) node.parentNode.removeChild(node)
        continue
      }
      if (depth + 1 > MAX_IMPORT_HTML_DEPTH) node.replaceChild(document.createTextNode(textOf(child)), child)
      else stack.push({ node: child, depth: depth + 1 })
    }
  }
}

function renamed(document: DomDocument, element: DomElement, name: string): DomElement {
  const replacement = document.createElement(name)
  while (element.childNodes.length > 0) replacement.appendChild(element.childNodes[0]!)
  return replacement
}

type ProseMirrorJson = {
  type: string
  attrs?: Record<string, unknown>
  content?: ProseMirrorJson[]
  text?: string
  marks?: Array<{ type: string; attrs?: Record<string, unknown> }>
}

/**
 * ProseMirror's JSON as y-prosemirror stores it (shared/editor-schema.ts's
 * header): attributes whose value is null are not stored, marks are a map
 * of name to attrs. Recursive: the tree is at most MAX_IMPORT_HTML_DEPTH
 * deep plus what the schema wraps (lists, cells).
 */
function sectionNodesOf(doc: ProseMirrorJson): SectionNode[] {
  const convert = (node: ProseMirrorJson): SectionNode => {
    if (node.type === 'text') {
      const marks: Record<string, unknown> = {}
      for (const mark of node.marks ?? []) marks[mark.type] = withoutNulls(mark.attrs ?? {})
      return { text: node.text ?? '', marks }
    }
    return { type: node.type, attrs: withoutNulls(node.attrs ?? {}), content: (node.content ?? []).map(convert) }
  }
  return (doc.content ?? []).map(convert)
}

const withoutNulls = (attrs: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(attrs).filter(([, v]) => v !== null && v !== undefined))

/** Whether the nodes hold any visible text (an intro of empty paragraphs is no section). */
function hasText(nodes: SectionNode[]): boolean {
  const stack = [...nodes]
  while (stack.length > 0) {
    const node = stack.pop()!
    if ('text' in node) {
      if (node.text.trim()) return true
    } else stack.push(...node.content)
  }
  return false
}
