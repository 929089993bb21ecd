import { Window } from 'happy-dom'
import { afterEach, describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import { platformDocx } from '../../server/publish/docx.js'
import type { PublishedPlatform } from '../../server/publish/export.js'
import { ExportWords } from '../../server/publish/export-words.js'
import { sectionDocument, toHtml, toMarkdown } from '../../server/publish/render.js'
import { seededRandom } from '../helpers/random.js'

/**
 * Whatever a section's fragment holds (a document stored before the relay's
 * content rules, or written on the server: nodes where the schema does not
 * allow them, unknown nodes and marks, bad attributes, javascript: links),
 * every export renders it without an error, keeps its words, and writes only
 * the editor's own elements and safe links.
 */

const NAMES = [
  'paragraph',
  'heading',
  'blockquote',
  'bulletList',
  'orderedList',
  'listItem',
  'codeBlock',
  'horizontalRule',
  'hardBreak',
  'table',
  'tableRow',
  'tableCell',
  'tableHeader',
  'script',
  'img',
  'doc',
]
const ATTRS: Array<Record<string, unknown>> = [
  {},
  { level: 1 },
  { level: 4 },
  { level: 'x" onclick="alert(1)' },
  { start: 7 },
  { start: -3 },
  { type: 'I' },
  { type: '" onmouseover="x' },
  { colspan: 3, rowspan: 2 },
  { colspan: 0 },
  { align: 'center' },
  { align: 'left; background:url(x)' },
  { language: 'js' },
  { language: 'x" onload="y' },
  { class: 'evil', style: 'color:red' },
]
const MARKS: Array<Record<string, unknown>> = [
  {},
  { bold: {} },
  { italic: {}, strike: {} },
  { underline: {}, code: {} },
  { link: { href: 'https://example.org/ok' } },
  { link: { href: 'javascript:alert(1)' } },
  { link: { href: 'data:text/html,<script>x</script>' } },
  { link: { href: 'https://example.org/x', target: '_self', onclick: 'x' } },
  { script: {} },
  { 'bold--AAAAAAAA': {} },
]
const ALLOWED_TAGS = new Set(
  'p h1 h2 h3 h4 h5 h6 blockquote ul ol li pre code hr br table tbody tr td th strong em u s a'.split(' ').map((t) => t.toUpperCase()),
)
const ALLOWED_ATTRS = new Set(['href', 'target', 'rel', 'start', 'type', 'colspan', 'rowspan', 'style', 'class'])

const words: string[] = []
function randomSection(random: () => number): Y.XmlFragment {
  const doc = new Y.Doc()
  const body = doc.getXmlFragment('body:s')
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!
  doc.transact(() => {
    const fill = (parent: Y.XmlFragment | Y.XmlElement, depth: number) => {
      for (let n = Math.floor(random() * 3); n >= 0; n--) {
        if (depth > 5 || random() < 0.35) {
          const word = `w${words.length}`
          words.push(word)
          const text = new Y.XmlText()
          parent.insert(parent.length, [text])
          text.insert(0, `<${word}>`, pick(MARKS) as Record<string, unknown>)
        } else {
          const element = new Y.XmlElement(pick(NAMES))
          parent.insert(parent.length, [element])
          for (const [k, v] of Object.entries(pick(ATTRS))) element.setAttribute(k, v as string)
          fill(element, depth + 1)
        }
      }
    }
    fill(body, 0)
  })
  return body
}

const parse = (html: string): Element =>
  (new new Window().DOMParser().parseFromString(`<main>${html}</main>`, 'text/html') as unknown as Document).querySelector('main')!

describe('exports of crafted content', () => {
  afterEach(() => vi.restoreAllMocks())

  it('render every random structure with the editor’s elements only, safe links only, every word kept', async () => {
    const errors = vi.spyOn(console, 'error')
    const seed = Number(process.env.SEED ?? Date.now() % 100_000)
    const random = seededRandom(seed)
    for (let n = 0; n < 200; n++) {
      words.length = 0
      const fragment = randomSection(random)
      const doc = sectionDocument(fragment)
      const html = toHtml(doc)
      const md = toMarkdown(doc)
      const context = `seed ${seed}, case ${n}: ${fragment.toString().slice(0, process.env.SEED ? 100_000 : 300)}`
      const root = parse(html)
      for (const el of root.querySelectorAll('*')) {
        expect(ALLOWED_TAGS.has(el.tagName), `${context}: <${el.tagName}>`).toBe(true)
        for (const name of el.getAttributeNames()) expect(ALLOWED_ATTRS.has(name), `${context}: ${name}=`).toBe(true)
        const href = el.getAttribute('href')
        if (href !== null) expect(href, context).toMatch(/^https:\/\/example\.org\//)
        const style = el.getAttribute('style')
        if (style !== null) expect(style, context).toMatch(/^text-align: (left|center|right)$/)
        const cls = el.getAttribute('class')
        if (cls !== null) expect(cls, context).toBe('language-js')
      }
      expect(html, context).not.toMatch(/javascript:|data:|onclick|onload|onmouseover/i)
      expect(md, context).not.toMatch(/javascript:|data:/i)
      for (const word of words) {
        expect(root.textContent, `${context}: ${word}`).toContain(`<${word}>`)
        expect(md, `${context}: ${word}`).toContain(word)
      }
    }
    expect(errors).not.toHaveBeenCalled()
  })

  it('write every random structure into a Word file', async () => {
    const random = seededRandom(7)
    const words = new ExportWords('en', 'UTC')
    for (let n = 0; n < 20; n++) {
      const doc = sectionDocument(randomSection(random))
      const platform: PublishedPlatform = {
        title: 'Crafted',
        draft: true,
        generatedAt: new Date(0).toISOString(),
        languages: ['en'],
        sections: [{ title: 'S', texts: [{ lang: 'en', title: 'S', doc }] }],
        endorsements: [],
        amendments: [],
        audit: null,
      }
      const docx = await platformDocx(platform, words)
      expect(docx.subarray(0, 2).toString()).toBe('PK')
    }
  })
})
