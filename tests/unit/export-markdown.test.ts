import type { JSONContent } from '@tiptap/core'
import { Window } from 'happy-dom'
import MarkdownIt from 'markdown-it'
import { describe, expect, it } from 'vitest'
import { escapeMarkdown, exportSchema, toHtml, toMarkdown } from '../../server/publish/render.js'
import { seededRandom } from '../helpers/random.js'

/**
 * The Markdown export keeps text as text (issue 16): whatever a writer typed,
 * wherever it sits (a paragraph's start, after a line break, in a list, a
 * quote, a heading, a table cell), a CommonMark/GFM reader shows those
 * characters and no markup of its own making; and ordinary punctuation
 * (kitchen-table) is not escaped.
 */

const md = new MarkdownIt({ html: true })
const parse = (html: string): Element => {
  const doc = new new Window().DOMParser().parseFromString(`<main>${html}</main>`, 'text/html') as unknown as Document
  return doc.querySelector('main')!
}
const docOf = (content: JSONContent[]) => exportSchema().nodeFromJSON({ type: 'doc', content })
const text = (t: string, marks: string[] = []): JSONContent => ({ type: 'text', text: t, marks: marks.map((type) => ({ type })) })
const paragraph = (...content: JSONContent[]): JSONContent => ({ type: 'paragraph', content })
const rendered = (content: JSONContent[]) => parse(md.render(toMarkdown(docOf(content))))

const TRICKY = [
  '# not a heading',
  '###### six',
  '> not a quote',
  '- not a bullet',
  '+ not a bullet',
  '* not a bullet',
  '1. not a list',
  '1) not a list',
  '2024. A year',
  '===',
  '---',
  '***',
  '    four spaces are not code',
  '\tnor a tab',
  '<script>alert(1)</script>',
  '<!-- a comment -->',
  '<https://example.org>',
  '&amp; is an entity, &copy; too',
  '![not an image](https://example.org/x.png)',
  '[not a link](https://example.org)',
  '[^not a footnote]',
  '*not emphasis* _nor this_ **nor bold** ~~nor struck~~',
  '`not code`',
  'a | b | c',
  'trailing backslash \\',
  'snake_case_words stay',
  'kitchen-table, well-known, 3-4 people',
  'Room #',
  'C# and F#',
]

describe('Markdown export: text stays text', () => {
  it('each tricky line, as a paragraph of its own: one paragraph with exactly that text', () => {
    for (const line of TRICKY) {
      const root = rendered([paragraph(text(line))])
      expect(
        [...root.children].map((c) => c.tagName),
        line,
      ).toEqual(['P'])
      expect(root.children[0]!.children, line).toHaveLength(0)
      expect(root.children[0]!.textContent, line).toBe(line)
    }
  })

  it('each tricky line after a hard break, in a list item, a quote and a table cell stays text there', () => {
    for (const line of TRICKY) {
      const afterBreak = rendered([paragraph(text('first'), { type: 'hardBreak' }, text(line))])
      expect(
        [...afterBreak.children].map((c) => c.tagName),
        line,
      ).toEqual(['P'])
      expect(
        [...afterBreak.children[0]!.children].map((c) => c.tagName),
        line,
      ).toEqual(['BR'])
      expect(afterBreak.children[0]!.textContent, line).toBe(`first\n${line}`)
      const list = rendered([{ type: 'bulletList', content: [{ type: 'listItem', content: [paragraph(text(line))] }] }])
      expect(list.querySelector('li')?.textContent?.trim(), line).toBe(line.trim())
      expect(list.querySelectorAll('li *:not(p)'), line).toHaveLength(0)
      const quote = rendered([{ type: 'blockquote', content: [paragraph(text(line))] }])
      expect(quote.querySelector('blockquote > p')?.textContent, line).toBe(line)
      expect(quote.querySelectorAll('blockquote p *'), line).toHaveLength(0)
      const table = rendered([
        {
          type: 'table',
          content: [
            { type: 'tableRow', content: [{ type: 'tableHeader', content: [paragraph(text('Head'))] }] },
            { type: 'tableRow', content: [{ type: 'tableCell', content: [paragraph(text(line))] }] },
          ],
        },
      ])
      expect(table.querySelector('td')?.textContent, line).toBe(line)
      expect(table.querySelectorAll('td *'), line).toHaveLength(0)
    }
  })

  it('a heading keeps its text, a closing # included', () => {
    for (const line of ['Room #', 'C#', '# hash first', 'ends with ###', '1. numbered']) {
      const root = rendered([{ type: 'heading', attrs: { level: 3 }, content: [text(line)] }])
      expect(root.querySelector('h3')?.textContent, line).toBe(line)
    }
  })

  it('ordinary punctuation is written as it is', () => {
    const out = toMarkdown(docOf([paragraph(text('kitchen-table, well-known (really): 3-4 people! Yes + no = maybe.'))]))
    expect(out).toBe('kitchen-table, well-known (really): 3-4 people! Yes + no = maybe.')
    expect(escapeMarkdown('Transit for all - and housing (now)')).toBe('Transit for all - and housing (now)')
  })

  it('random text of Markdown’s own characters, with random marks, reads back as the same words and marks', () => {
    const seed = Date.now() % 100_000
    const random = seededRandom(seed)
    const alphabet = [
      '#',
      '>',
      '-',
      '+',
      '*',
      '_',
      '`',
      '~',
      '[',
      ']',
      '(',
      ')',
      '!',
      '<',
      '>',
      '&',
      ';',
      '|',
      '\\',
      '=',
      '1',
      '.',
      ')',
      ':',
      'a',
      'b',
      ' ',
      ' ',
      'x',
    ]
    const marks = ['bold', 'italic', 'strike', 'underline', 'code']
    for (let n = 0; n < 300; n++) {
      const pieces: JSONContent[] = []
      for (let k = 1 + Math.floor(random() * 3); k > 0; k--) {
        let t = ''
        for (let i = 1 + Math.floor(random() * 12); i > 0; i--) t += alphabet[Math.floor(random() * alphabet.length)]
        // Words at the edges: emphasis cannot open or close on a space (CommonMark), and the serializer moves such spaces outside the mark.
        t = `w${t}w`
        const mark = random() < 0.5 ? [] : [marks[Math.floor(random() * marks.length)]!]
        pieces.push(text(t, mark), text(' '))
      }
      pieces.pop()
      const doc = docOf([paragraph(...pieces)])
      const source = toMarkdown(doc)
      const root = parse(md.render(source))
      const expected = parse(toHtml(doc))
      const context = `seed ${seed}, case ${n}: ${JSON.stringify(source)}`
      expect(root.textContent?.trim(), context).toBe(expected.textContent)
      for (const tag of ['strong', 'em', 's', 'u', 'code']) {
        expect(
          [...root.querySelectorAll(tag)].map((e) => e.textContent),
          `${context} <${tag}>`,
        ).toEqual([...expected.querySelectorAll(tag)].map((e) => e.textContent))
      }
      expect(root.querySelectorAll('a, img, script, h1, h2, h3, h4, h5, h6, ul, ol, blockquote, table, pre, hr'), context).toHaveLength(0)
    }
  })
})
