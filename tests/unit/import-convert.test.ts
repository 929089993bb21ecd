import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { SectionNode } from '../../shared/content-hash.js'
import { checkSectionContent } from '../../server/documents/import-content-check.js'
import { ConvertRefusal, convertFile } from '../../server/import/convert.js'
import { plainText } from '../../server/import/plain-text.js'
import { buildZip, docxWithBody, wordParagraph } from '../helpers/zip.js'

/**
 * The conversion of issue 16 item 6 on its own: Word documents saved by
 * Microsoft Word (tests/fixtures/import/README.md says where they come from)
 * and a Markdown platform, into sections of exactly what the editor holds.
 * Over HTTP, with the server's document, in tests/integration/import.test.ts.
 */
const words = { introduction: 'Introduction', untitled: 'Untitled' }
const fixture = (name: string): Buffer => readFileSync(`tests/fixtures/import/${name}`)
const convert = (name: string, level: number, bytes = fixture(name)) => convertFile(name, bytes, level, words)

type Element = Extract<SectionNode, { type: string }>
/** Every element of a tree, depth first. */
function elements(nodes: SectionNode[]): Element[] {
  const out: Element[] = []
  const stack = [...nodes].reverse()
  while (stack.length > 0) {
    const node = stack.pop()!
    if ('text' in node) continue
    out.push(node)
    stack.push(...[...node.content].reverse())
  }
  return out
}
function runs(nodes: SectionNode[]): Array<{ text: string; marks: Record<string, unknown> }> {
  const out: Array<{ text: string; marks: Record<string, unknown> }> = []
  const stack = [...nodes].reverse()
  while (stack.length > 0) {
    const node = stack.pop()!
    if ('text' in node) out.push(node)
    else stack.push(...[...node.content].reverse())
  }
  return out
}
/** How deep lists of `type` nest inside one another. */
function listDepth(nodes: SectionNode[], type: string): number {
  const walk = (node: SectionNode, depth: number): number =>
    'text' in node ? depth : Math.max(depth, ...node.content.map((c) => walk(c, node.type === type ? depth + 1 : depth)))
  return Math.max(0, ...nodes.map((n) => walk(n, 0)))
}
const markedText = (nodes: SectionNode[], mark: string): string[] =>
  runs(nodes)
    .filter((r) => mark in r.marks)
    .map((r) => r.text)

describe('a Word document saved by Word', () => {
  it('level 1: the text before the first heading is the Introduction, the level-1 heading a section, structure kept', async () => {
    const doc = await convert('word-example.docx', 1)
    expect(doc.kind).toBe('docx')
    // No Title paragraph, empty document title: the file's name.
    expect(doc.title).toBe('word-example')
    expect(doc.sections.map((s) => s.title)).toEqual(['Introduction', 'Heading 1'])
    expect(doc.headingCounts).toEqual([1, 1, 0, 0, 0, 0])
    const [intro, heading] = doc.sections as [(typeof doc.sections)[0], (typeof doc.sections)[0]]
    // A table, with a nested numbered list (five levels), a nested bullet list (three) and a nested table in its cells.
    expect(intro.nodes[0]).toMatchObject({ type: 'table' })
    expect(listDepth(intro.nodes, 'orderedList')).toBe(5)
    expect(listDepth(intro.nodes, 'bulletList')).toBe(3)
    expect(elements(intro.nodes).filter((e) => e.type === 'table')).toHaveLength(2)
    expect(elements(intro.nodes).filter((e) => e.type === 'tableRow')).toHaveLength(8)
    expect(markedText(intro.nodes, 'bold')).toEqual(['Bold', 'Large Bold', 'Large Bold Italics Underlined'])
    expect(markedText(intro.nodes, 'italic')).toEqual(['Italics', 'Large Bold Italics Underlined'])
    expect(markedText(intro.nodes, 'underline')).toEqual(['Underlined', 'Large Bold Italics Underlined'])
    expect(plainText(intro.nodes)).toContain('10 < 20 and 20 > 10')
    // Footnote references are links to "#footnote-1": not a scheme the editor allows, so text only.
    expect(runs(intro.nodes).some((r) => 'link' in r.marks)).toBe(false)
    expect(plainText(intro.nodes)).toContain('Reference footnote 1[1]')
    // The level-2 heading below the chosen level is the editor's level 3; the picture is gone, with its paragraph.
    expect(heading.nodes[0]).toEqual({ type: 'heading', attrs: { level: 3 }, content: [{ text: 'Heading 2', marks: {} }] })
    expect(elements(heading.nodes).some((e) => e.type === 'paragraph' && e.content.length === 0)).toBe(false)
    for (const s of doc.sections) expect(checkSectionContent(s.nodes)).toEqual({ ok: true })
  })

  it('level 2: the lone level-1 heading above the sections is the title', async () => {
    const doc = await convert('word-example.docx', 2)
    expect(doc.title).toBe('Heading 1')
    expect(doc.sections.map((s) => s.title)).toEqual(['Introduction', 'Heading 2'])
    expect(doc.headingCounts).toEqual([0, 1, 0, 0, 0, 0])
  })

  it('keeps a link to a web address, with only its href', async () => {
    const doc = await convert('word-hyperlink.docx', 1)
    expect(doc.sections).toHaveLength(1)
    expect(runs(doc.sections[0]!.nodes)).toEqual([
      { text: 'This is a link to ', marks: {} },
      { text: 'my website', marks: { link: { href: 'http://www.shayallenhill.com/' } } },
      { text: '.', marks: {} },
    ])
    expect(doc.headingCounts).toEqual([0, 0, 0, 0, 0, 0])
  })
})

describe('a Markdown platform', () => {
  it('level 2: the title from the level-1 heading, sections from level 2, the rest as the editor holds it', async () => {
    const doc = await convert('platform.md', 2)
    expect(doc.kind).toBe('markdown')
    expect(doc.title).toBe("People's Platform for Fair Housing")
    expect(doc.sections.map((s) => s.title)).toEqual(['Introduction', 'Housing', 'Transit', 'Jobs'])
    const [intro, housing, transit, jobs] = doc.sections.map((s) => s.nodes) as [SectionNode[], SectionNode[], SectionNode[], SectionNode[]]
    expect(plainText(intro)).toBe('This draft gathers what the coalition agreed at the spring convention.')
    expect(markedText(housing, 'bold')).toEqual(['safe'])
    expect(markedText(housing, 'italic')).toEqual(['affordable'])
    expect(runs(housing).filter((r) => 'link' in r.marks)).toEqual([
      { text: "the tenants' guide", marks: { link: { href: 'https://example.org/guide' } } },
      { text: 'the office', marks: { link: { href: 'mailto:office@example.org' } } },
    ])
    expect(housing[1]).toEqual({ type: 'heading', attrs: { level: 3 }, content: [{ text: 'Rent', marks: {} }] })
    expect(listDepth(housing, 'bulletList')).toBe(3)
    expect(listDepth(housing, 'orderedList')).toBe(2)
    expect(elements(transit).filter((e) => e.type === 'tableRow')).toHaveLength(3)
    expect(elements(transit).filter((e) => e.type === 'tableHeader')).toHaveLength(3)
    expect(markedText(transit, 'bold')).toEqual(['Line 1'])
    expect(markedText(transit, 'strike')).toEqual(['$2'])
    expect(markedText(transit, 'code')).toEqual(['free fare'])
    // A javascript: link is no link (markdown-it leaves it as text), raw HTML is text, never markup.
    expect(runs(transit).some((r) => 'link' in r.marks)).toBe(false)
    expect(plainText(transit)).toContain('<script>alert(2)</script>')
    expect(elements(transit).find((e) => e.type === 'heading')).toEqual({ type: 'heading', attrs: { level: 4 }, content: [{ text: 'Stops', marks: {} }] })
    expect(plainText(jobs)).toBe('Living wages for all.')
    for (const s of doc.sections) expect(checkSectionContent(s.nodes)).toEqual({ ok: true })
  })

  it('level 1: the level-1 heading is the one section (the title then comes from the file name)', async () => {
    const doc = await convert('platform.md', 1)
    expect(doc.title).toBe('platform')
    expect(doc.sections.map((s) => s.title)).toEqual(["People's Platform for Fair Housing"])
    expect(
      elements(doc.sections[0]!.nodes)
        .filter((e) => e.type === 'heading')
        .map((e) => e.attrs.level),
    ).toEqual([3, 4, 3, 4, 3])
  })

  it('links with other schemes never get through: only http, https and mailto', async () => {
    const md =
      '# A\n\n[a](javascript:alert(1)) [b](data:text/html,x) [c](vbscript:x) [d](file:///etc/passwd) <javascript:alert(1)> [e](//evil.example) [f](https://ok.example)\n'
    const doc = await convert('links.md', 1, Buffer.from(md))
    expect(runs(doc.sections[0]!.nodes).filter((r) => 'link' in r.marks)).toEqual([{ text: 'f', marks: { link: { href: 'https://ok.example' } } }])
  })
})

describe('what no file may do', () => {
  const refusal = async (promise: Promise<unknown>): Promise<string> => {
    try {
      await promise
    } catch (error) {
      if (error instanceof ConvertRefusal) return error.problem
      throw error
    }
    return 'accepted'
  }

  it('a zip bomb stops at the unpacking budget', async () => {
    // 200 MB of spaces claim 1 KB and pack into about 200 KB.
    const bomb = docxWithBody(wordParagraph('x', 'Heading1'), [{ name: 'word/styles.xml', data: Buffer.alloc(200 * 1024 * 1024, 32), claimedSize: 1024 }])
    const started = performance.now()
    expect(await refusal(convert('bomb.docx', 1, bomb))).toBe('tooLarge')
    expect(performance.now() - started).toBeLessThan(5000)
  })

  it('a broken zip, and a zip that is no Word document, are corrupt', async () => {
    const good = fixture('word-example.docx')
    expect(await refusal(convert('cut.docx', 1, good.subarray(0, good.length / 2)))).toBe('corrupt')
    expect(await refusal(convert('random.docx', 1, Buffer.from('not a zip at all')))).toBe('corrupt')
    expect(await refusal(convert('other.docx', 1, buildZip([{ name: 'hello.txt', data: 'hello' }])))).toBe('corrupt')
  })

  it('neither .docx nor .md is unsupported; a .md that is not text too', async () => {
    expect(await refusal(convert('notes.pdf', 1, Buffer.from('%PDF-1.4')))).toBe('unsupported')
    expect(await refusal(convert('binary.md', 1, Buffer.from([0xff, 0xfe, 0x00, 0x41])))).toBe('unsupported')
    expect(await refusal(convert('zip.md', 1, fixture('word-example.docx')))).toBe('unsupported')
  })

  it('deep nesting is flattened to text within what the editor allows, or refused; never a crash', async () => {
    const deepMd = `# A\n\n${Array.from({ length: 3000 }, (_, i) => `${'  '.repeat(i)}- level ${i}`).join('\n')}\n`
    const md = await convert('deep.md', 1, Buffer.from(deepMd))
    expect(checkSectionContent(md.sections[0]!.nodes)).toEqual({ ok: true })
    expect(plainText(md.sections[0]!.nodes)).toContain('level 0')
    const quotes = await convert('quotes.md', 1, Buffer.from(`# A\n\n${'>'.repeat(50_000)} deep\n`))
    expect(checkSectionContent(quotes.sections[0]!.nodes)).toEqual({ ok: true })
    // Tables nested in tables, 60 deep (Word allows it): flattened below the editor's nesting limit.
    let cell = wordParagraph('innermost')
    for (let i = 0; i < 60; i++) cell = `<w:tbl><w:tr><w:tc>${cell}</w:tc></w:tr></w:tbl><w:p/>`
    const tables = await convert('tables.docx', 1, docxWithBody(wordParagraph('A', 'Heading1') + cell))
    expect(checkSectionContent(tables.sections[0]!.nodes)).toEqual({ ok: true })
    expect(plainText(tables.sections[0]!.nodes)).toContain('innermost')
    // 5,000 deep: refused outright.
    let deeper = wordParagraph('innermost')
    for (let i = 0; i < 5000; i++) deeper = `<w:tbl><w:tr><w:tc>${deeper}</w:tc></w:tr></w:tbl>`
    expect(['tooDeep', 'corrupt']).toContain(await refusal(convert('deeper.docx', 1, docxWithBody(wordParagraph('A', 'Heading1') + deeper))))
  })
})

describe('the same document in Word and in Markdown', () => {
  // Built the way Word lays a document out: Heading1/Heading2 styles, lists through numbering.xml
  // (an abstractNum per list kind, w:numPr with the level on each paragraph), a w:tbl whose first row
  // repeats as a header, runs with w:b and w:i, a hyperlink through a relationship.
  const styles = `<?xml version="1.0" encoding="UTF-8"?><w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">${[
    ['Title', 'Title'],
    ['Heading1', 'heading 1'],
    ['Heading2', 'heading 2'],
    ['ListParagraph', 'List Paragraph'],
  ]
    .map(([id, name]) => `<w:style w:type="paragraph" w:styleId="${id}"><w:name w:val="${name}"/></w:style>`)
    .join('')}</w:styles>`
  const level = (ilvl: number, format: string) =>
    `<w:lvl w:ilvl="${ilvl}"><w:start w:val="1"/><w:numFmt w:val="${format}"/><w:lvlText w:val="${format === 'bullet' ? '•' : `%${ilvl + 1}.`}"/></w:lvl>`
  const numbering = `<?xml version="1.0" encoding="UTF-8"?><w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:abstractNum w:abstractNumId="0">${level(0, 'bullet')}${level(1, 'bullet')}</w:abstractNum><w:abstractNum w:abstractNumId="1">${level(0, 'decimal')}${level(1, 'decimal')}</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num></w:numbering>`
  const item = (text: string, numId: number, ilvl: number) =>
    `<w:p><w:pPr><w:pStyle w:val="ListParagraph"/><w:numPr><w:ilvl w:val="${ilvl}"/><w:numId w:val="${numId}"/></w:numPr></w:pPr><w:r><w:t>${text}</w:t></w:r></w:p>`
  const cell = (text: string) => `<w:tc><w:p><w:r><w:t>${text}</w:t></w:r></w:p></w:tc>`
  const body = [
    wordParagraph('Fair Housing', 'Title'),
    wordParagraph('Housing', 'Heading1'),
    `<w:p><w:r><w:t xml:space="preserve">Every family deserves a </w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>safe</w:t></w:r><w:r><w:t xml:space="preserve">, </w:t></w:r><w:r><w:rPr><w:i/></w:rPr><w:t>affordable</w:t></w:r><w:r><w:t xml:space="preserve"> home: see </w:t></w:r><w:hyperlink r:id="rId9"><w:r><w:t>the guide</w:t></w:r></w:hyperlink><w:r><w:t>.</w:t></w:r></w:p>`,
    wordParagraph('Rent', 'Heading2'),
    item('Cap increases', 1, 0),
    item('at inflation', 1, 1),
    item('Publish registers', 1, 0),
    item('A registry', 2, 0),
    item('A board', 2, 0),
    item('elected by tenants', 2, 1),
    wordParagraph('Transit', 'Heading1'),
    `<w:tbl><w:tr><w:trPr><w:tblHeader/></w:trPr>${cell('Route')}${cell('Fare')}</w:tr><w:tr>${cell('Line 1')}${cell('free')}</w:tr></w:tbl>`,
  ].join('')
  const docx = docxWithBody(body, [
    { name: 'word/styles.xml', data: styles },
    { name: 'word/numbering.xml', data: numbering },
    {
      name: 'word/_rels/document.xml.rels',
      data: '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/><Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://example.org/guide" TargetMode="External"/></Relationships>',
    },
  ])
  const markdown = `# Fair Housing

# Housing

Every family deserves a **safe**, *affordable* home: see [the guide](https://example.org/guide).

## Rent

- Cap increases
  - at inflation
- Publish registers

1. A registry
2. A board
   1. elected by tenants

# Transit

| Route | Fare |
| --- | --- |
| Line 1 | free |
`

  it('gives the same sections with the same content', async () => {
    const fromWord = await convertFile('fair.docx', docx, 1, words)
    // Markdown has no Title paragraph: its first level-1 heading is the title only above a deeper level, so at level 1 it is a section.
    const fromMarkdown = await convertFile('fair.md', Buffer.from(markdown.replace('# Fair Housing\n\n', '')), 1, words)
    expect(fromWord.title).toBe('Fair Housing')
    expect(fromWord.sections.map((s) => s.title)).toEqual(['Housing', 'Transit'])
    expect(fromMarkdown.sections).toEqual(fromWord.sections)
    expect(listDepth(fromWord.sections[0]!.nodes, 'bulletList')).toBe(2)
    expect(listDepth(fromWord.sections[0]!.nodes, 'orderedList')).toBe(2)
    expect(elements(fromWord.sections[1]!.nodes).map((e) => e.type)).toEqual([
      'table',
      'tableRow',
      'tableHeader',
      'paragraph',
      'tableHeader',
      'paragraph',
      'tableRow',
      'tableCell',
      'paragraph',
      'tableCell',
      'paragraph',
    ])
  })

  it("the document's title from Word's Title paragraph, else from its properties", async () => {
    const withProperties = docxWithBody(wordParagraph('Housing', 'Heading1') + wordParagraph('Text.'), [
      {
        name: 'docProps/core.xml',
        data: '<?xml version="1.0"?><cp:coreProperties xmlns:cp="x" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Platform &amp; Plan</dc:title></cp:coreProperties>',
      },
    ])
    expect((await convertFile('x.docx', withProperties, 1, words)).title).toBe('Platform & Plan')
  })
})
