import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { MAX_RENDER_DEPTH, sectionDocument, toHtml, toMarkdown } from '../../server/publish/render.js'
import { canonicalJson } from '../../shared/canonical-json.js'
import { sectionCanonicalJson, sectionHash, sectionJson, type SectionNode } from '../../shared/content-hash.js'
import { layoutSection, sectionPlainText } from '../../shared/section-text.js'

const section = (build: (body: Y.XmlFragment) => void): Y.XmlFragment => {
  const doc = new Y.Doc()
  const body = doc.getXmlFragment('body:s')
  build(body)
  return body
}

const paragraph = (body: Y.XmlFragment | Y.XmlElement, text: string): Y.XmlText => {
  const p = new Y.XmlElement('paragraph')
  body.insert(body.length, [p])
  const t = new Y.XmlText(text)
  p.insert(0, [t])
  return t
}

/** Nests `depth` elements one insertion at a time (a prelim tree that deep overflows inside Yjs). */
const deep = (depth: number): { body: Y.XmlFragment; text: Y.XmlText } => {
  let text!: Y.XmlText
  const body = section((b) => {
    b.doc!.transact(() => {
      let parent: Y.XmlFragment | Y.XmlElement = b
      for (let i = 0; i < depth; i++) {
        const e = new Y.XmlElement(i % 2 ? 'bulletList' : 'blockquote')
        parent.insert(parent.length, [e])
        parent = e
      }
      text = new Y.XmlText('at the bottom')
      parent.insert(0, [text])
    })
  })
  return { body, text }
}

describe('canonicalJson', () => {
  it('sorts keys, drops undefined members, writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: [true, null, 'x', undefined], c: undefined, d: { z: {}, y: [] } })).toBe(
      '{"a":[true,null,"x",null],"b":1,"d":{"y":[],"z":{}}}',
    )
    expect(canonicalJson('é\u2028"')).toBe(JSON.stringify('é\u2028"'))
    expect(() => canonicalJson({ n: Infinity })).toThrow(/non-finite/)
  })

  it('writes values nested 100,000 deep without overflowing the stack', () => {
    let value: unknown = 'leaf'
    for (let i = 0; i < 100_000; i++) value = i % 2 ? [value] : { k: value }
    const json = canonicalJson(value)
    expect(json.length).toBe(50_000 * '{"k":}'.length + 50_000 * '[]'.length + '"leaf"'.length)
    expect(json.includes('"leaf"')).toBe(true)
  })
})

describe('the content hash', () => {
  it('is the same in the browser (WebCrypto) and on the server (node:crypto), for any text', async () => {
    const body = section((b) => {
      paragraph(b, 'Vivienda digna — para todos 🏠')
      paragraph(b, 'lone \ud800 surrogate')
    })
    const server = createHash('sha256').update(sectionCanonicalJson(body), 'utf8').digest('hex')
    expect(await sectionHash(body)).toBe(server)
    expect(await sectionHash(null)).toBe(createHash('sha256').update('[]').digest('hex'))
  })

  it('changes when one word is made bold, and only then', async () => {
    let text!: Y.XmlText
    const body = section((b) => (text = paragraph(b, 'Cap insulin at twenty-five dollars')))
    const before = await sectionHash(body)
    expect(await sectionHash(body)).toBe(before)
    text.format(4, 7, { bold: {} })
    const bold = await sectionHash(body)
    expect(bold).not.toBe(before)
    expect(sectionPlainText(body)).toBe('Cap insulin at twenty-five dollars')
    text.format(4, 7, { bold: null })
    expect(await sectionHash(body)).toBe(before)
  })

  it('walks a section nested 20,000 deep: node tree, hash, layout and plain text', async () => {
    const { body, text } = deep(20_000)
    const nodes = sectionJson(body)
    let node: SectionNode = nodes[0]!
    let depth = 1
    while ('content' in node && node.content[0]) {
      node = node.content[0]
      depth++
    }
    expect(depth).toBe(20_001)
    expect(node).toEqual({ text: 'at the bottom', marks: {} })
    expect(await sectionHash(body)).toMatch(/^[0-9a-f]{64}$/)
    const layout = layoutSection(body)
    expect(layout.text).toBe('at the bottom\n')
    expect(layout.offsetOf(text, 3)).toBe(3)
  })

  it('the layout is unchanged for ordinary sections (offsets of blocks and text)', () => {
    let second!: Y.XmlText
    const body = section((b) => {
      paragraph(b, 'one')
      second = paragraph(b, 'two')
    })
    const layout = layoutSection(body)
    expect(layout.text).toBe('one\ntwo\n')
    expect(layout.offsetOf(second, 1)).toBe(5)
    expect(layout.offsetOf(body, 1)).toBe(4)
    expect(layout.offsetOf(body, 2)).toBe(8)
  })
})

describe('export rendering of deep content', () => {
  it('keeps every word, bounded in depth and linear in size', () => {
    const { body } = deep(20_000)
    const doc = sectionDocument(body)
    const html = toHtml(doc)
    const md = toMarkdown(doc)
    expect(html).toContain('at the bottom')
    expect(md).toContain('at the bottom')
    expect(html.length).toBeLessThan(2_000)
    expect(md.length).toBeLessThan(2_000)
  })

  it('renders ordinary nesting as before', () => {
    const body = section((b) => {
      const list = new Y.XmlElement('bulletList')
      const item = new Y.XmlElement('listItem')
      const p = new Y.XmlElement('paragraph')
      b.insert(0, [list])
      list.insert(0, [item])
      item.insert(0, [p])
      p.insert(0, [new Y.XmlText()])
      ;(p.get(0) as Y.XmlText).insert(0, 'item', { bold: {} })
    })
    const doc = sectionDocument(body)
    expect(toHtml(doc)).toBe('<ul><li><p><strong>item</strong></p></li></ul>')
    expect(toMarkdown(doc)).toBe('- **item**')
  })

  it('renders a section nested just within the bound in full, and one past it cut at the bound', () => {
    // Quotes in quotes, a paragraph at the bottom: `quotes` + 1 levels of elements.
    const quoted = (quotes: number) =>
      section((b) => {
        let parent: Y.XmlFragment | Y.XmlElement = b
        for (let i = 0; i < quotes; i++) {
          const q = new Y.XmlElement('blockquote')
          parent.insert(0, [q])
          parent = q
        }
        paragraph(parent, 'at the bottom')
      })
    const quotesIn = (html: string) => (html.match(/<blockquote>/g) ?? []).length
    const within = toHtml(sectionDocument(quoted(MAX_RENDER_DEPTH - 1)))
    const past = toHtml(sectionDocument(quoted(MAX_RENDER_DEPTH + 10)))
    expect(within).toContain('<p>at the bottom</p>')
    expect(quotesIn(within)).toBe(MAX_RENDER_DEPTH - 1)
    expect(past).toContain('at the bottom')
    // Cut: ten quotes more written, none more shown, the words kept.
    expect(quotesIn(past)).toBe(MAX_RENDER_DEPTH - 1)
  })
})
