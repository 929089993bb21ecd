import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { getSchema } from '@tiptap/core'
import { prosemirrorJSONToYXmlFragment } from '@tiptap/y-tiptap'
import { Window } from 'happy-dom'
import MarkdownIt from 'markdown-it'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { sectionRoot } from '../../shared/documents.js'
import { editorSchemaExtensions } from '../../shared/editor-extensions.js'
import { approveEverySection, reviewStaleTranslations } from '../helpers/approve-all.js'
import { appendParagraph, connectClient, sectionText, waitFor, waitSynced } from '../helpers/clients.js'
import { api } from '../helpers/http.js'
import { type RunningPlank, startPlank } from '../helpers/server.js'

/**
 * Faithful publishing and DOCX out (issue 16): a section holding every node
 * and mark the editor allows (tests/fixtures/export/every-node.json), written
 * by a real y-websocket client, comes out of export.html, export.md and
 * export.docx with each of them, read back the way a reader's tool reads
 * them: the page parsed (happy-dom), the Markdown parsed (markdown-it), the
 * Word file converted by LibreOffice. Text that looks like markup stays text,
 * and a javascript: link never appears in any format.
 */

const FIXTURE = JSON.parse(readFileSync('tests/fixtures/export/every-node.json', 'utf8')) as Record<string, unknown>
const TITLE = 'Every node and mark'
const HOSTILE_TEXT =
  'Text that looks like markup stays text: <script>alert(1)</script> *not emphasis* [not a link](https://example.org) ~~not struck~~ & <b>not bold</b>'
const LOOKALIKES = ['# not a heading', '1. not a list', '- not a bullet', '> not a quote']
const CODE = 'rent <= income / 3\nno `backtick` escape\n# not a heading'

const run = promisify(execFile)
const parse = (html: string): Document => new new Window().DOMParser().parseFromString(html, 'text/html') as unknown as Document
const texts = (root: ParentNode, selector: string): string[] =>
  [...root.querySelectorAll(selector)].map((e) => (e.textContent ?? '').replace(/\s+/g, ' ').trim())
const one = (root: ParentNode, selector: string, text: string): Element => {
  const found = [...root.querySelectorAll(selector)].filter((e) => (e.textContent ?? '').replace(/\s+/g, ' ').trim() === text)
  expect(found, `${selector} with “${text}”`).toHaveLength(1)
  return found[0]!
}

/** The Word file as LibreOffice reads it, converted to HTML (a private profile: conversions never share one). */
async function docxAsHtml(docx: Buffer): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'plank-docx-'))
  try {
    writeFileSync(join(dir, 'export.docx'), docx)
    await run('soffice', [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', 'html', '--outdir', dir, join(dir, 'export.docx')], {
      timeout: 120_000,
    })
    return readFileSync(join(dir, 'export.html'), 'utf8')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** What both the page and the rendered Markdown must show of the fixture (the section's own part of the page). */
function expectEveryNodeAndMark(root: Element, flavour: 'html' | 'md'): void {
  expect(texts(root, 'h3')).toEqual(['Housing first'])
  expect(texts(root, 'h4')).toEqual(['What we ask'])
  one(root, 'strong', 'bold')
  one(root, 'em', 'italic')
  one(root, 'u', 'underlined')
  one(root, 's', 'struck')
  expect(texts(root, 'code').filter((t) => t === 'inline code')).toHaveLength(1)
  expect(one(root, 'em strong, strong em', 'bold italic')).toBeTruthy()
  const link = one(root, 'a', 'a link')
  expect(link.getAttribute('href')).toBe('https://example.org/housing?a=1&b=2')
  // The page's link carries the editor's fixed target and rel and nothing a writer could set.
  expect(link.getAttributeNames().sort()).toEqual(flavour === 'html' ? ['href', 'rel', 'target'] : ['href'])
  if (flavour === 'html') expect(link.getAttribute('rel')).toBe('noopener noreferrer nofollow')
  expect(one(root, 'a', 'mail us').getAttribute('href')).toBe('mailto:board@example.org')
  const broken = [...root.querySelectorAll('p')].filter((p) => p.textContent?.startsWith('First line'))
  expect(broken.map((p) => p.innerHTML.trim())).toEqual([expect.stringMatching(/^First line<br\/?>\s*second line after a hard break$/)])
  expect(texts(root, 'ul > li > ul > li')).toEqual(['Nested bullet'])
  expect(texts(root, 'ul > li > ol > li')).toEqual(['Nested number', 'Nested number two'])
  const started = [...root.querySelectorAll('ol')].find((o) => o.getAttribute('start') === '3')
  expect(started && texts(started, ':scope > li')).toEqual(['Third step', 'Fourth step'])
  expect(texts(root, 'blockquote p')).toEqual(['Quoted words of the assembly'])
  const code = root.querySelector('pre > code')!
  expect(code.getAttribute('class')).toBe('language-text')
  expect(code.textContent?.trimEnd()).toBe(CODE)
  expect(root.querySelectorAll('hr')).toHaveLength(1)
  const table = root.querySelector('table')!
  expect(texts(table, 'tr:first-child > th')).toEqual(['Measure', 'Year one', 'Year two'])
  expect(one(table, 'td strong', 'Both years')).toBeTruthy()
  one(table, 'td', 'Vouchers')
  one(table, 'td', 'a | pipe')
  if (flavour === 'html') {
    expect(one(table, 'td', 'Both years').getAttribute('colspan')).toBe('2')
    expect(one(table, 'td', 'Vouchers').getAttribute('rowspan')).toBe('2')
  } else {
    // GFM has no spans: a spanned cell's other places are empty.
    expect([...table.querySelectorAll('tbody tr')].map((tr) => texts(tr, 'td'))).toEqual([
      ['Rent cap', 'Both years', ''],
      ['Vouchers', '500', 'a | pipe'],
      ['', '600', '700'],
    ])
  }
  // Text that looks like markup is text: one paragraph, no element in it.
  const hostile = one(root, 'p', HOSTILE_TEXT)
  expect(hostile.children).toHaveLength(0)
  for (const text of LOOKALIKES) expect(one(root, 'p', text).children).toHaveLength(0)
  expect(root.querySelector('script, b, img')).toBeNull()
  // The javascript: link's words stay, as text.
  expect(one(root, 'p', 'Hostile link: click me').querySelector('a')).toBeNull()
}

describe('exports keep every node and mark (HTML, Markdown, DOCX)', () => {
  let plank: RunningPlank
  let facilitator: string
  let platformId: string
  let sectionId: string
  const get = (path: string, cookie = facilitator) => fetch(`${plank.url}/api/platforms/${platformId}/${path}`, { headers: { cookie } })

  beforeAll(async () => {
    plank = await startPlank()
    platformId = plank.sample.platformId
    facilitator = await plank.cookieFor(plank.person('facilitator').id)
    const created = await api(plank.url, `/api/platforms/${platformId}/sections`, {
      method: 'POST',
      body: { title: TITLE, ownerOrgId: null },
      cookie: facilitator,
    })
    sectionId = (created.body as { id: string }).id
    // The fixture, through the relay, as the editor writes it: y-tiptap's conversion into a scratch doc, copied into the section.
    const client = connectClient(plank.wsUrl, platformId, { cookie: facilitator })
    await waitSynced(client)
    const scratch = new Y.Doc()
    const written = prosemirrorJSONToYXmlFragment(getSchema(editorSchemaExtensions()), FIXTURE, scratch.getXmlFragment('x'))
    const body = client.doc.getXmlFragment(sectionRoot(sectionId))
    client.doc.transact(() =>
      body.insert(
        0,
        written.toArray().map((n) => (n as Y.XmlElement).clone()),
      ),
    )
    await waitFor(() => sectionText(plank.plank.rooms.get(platformId)!.doc, sectionId).includes('not a quote'), 'fixture stored')
    expect(client.provider.shouldConnect).toBe(true)
    client.destroy()
    // The relay refuses a javascript: link; a document stored before that rule, or written on the server, may hold one.
    const text = appendParagraph(plank.plank.rooms.get(platformId)!.doc, sectionId, 'Hostile link: ')
    text.insert(text.length, 'click me', { link: { href: 'javascript:alert(3)' } })
  }, 60_000)

  afterAll(async () => {
    await plank?.close()
  })

  it('HTML: every node and mark, parsed back, with its text', async () => {
    const res = await get('export.html')
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).not.toMatch(/javascript:/i)
    const page = parse(html)
    const section = [...page.querySelectorAll('section')].find((s) => s.querySelector('h2')?.textContent === TITLE)!
    expect(section).toBeTruthy()
    expectEveryNodeAndMark(section, 'html')
  })

  it('Markdown: parsed back with markdown-it, the same structure; only the marks Markdown lacks are HTML', async () => {
    const res = await get('export.md')
    expect(res.status).toBe(200)
    const md = await res.text()
    expect(md).not.toMatch(/javascript:/i)
    expect(md).toContain('kitchen-table')
    const part = md.slice(md.indexOf(`\n## ${TITLE}\n`) + 1)
    const own = part.slice(0, part.indexOf('\n## ', 1))
    // With raw HTML on, as the most permissive reader has it: the only HTML is the underline's and the line breaks'.
    const parser = new MarkdownIt({ html: true })
    const tokens = parser.parse(own, {})
    expect(tokens.filter((t) => t.type === 'html_block')).toEqual([])
    const inlineHtml = tokens.flatMap((t) => t.children ?? []).filter((t) => t.type === 'html_inline')
    expect(new Set(inlineHtml.map((t) => t.content))).toEqual(new Set(['<u>', '</u>']))
    const root = parse(`<main>${parser.render(own)}</main>`).querySelector('main')!
    expect(texts(root, 'h2')).toEqual([TITLE])
    expectEveryNodeAndMark(root, 'md')
  })

  it('DOCX: a Word file LibreOffice opens, with the headings, lists, table, marks, links and the draft header', async () => {
    const started = performance.now()
    const res = await get('export.docx')
    const took = performance.now() - started
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename=".+\(draft\)\.docx"/)
    const docx = Buffer.from(await res.arrayBuffer())
    expect(docx.subarray(0, 2).toString()).toBe('PK')
    const converted = performance.now()
    const html = await docxAsHtml(docx)
    console.log(`export.docx: ${docx.length} bytes in ${Math.round(took)} ms; LibreOffice conversion ${Math.round(performance.now() - converted)} ms`)
    expect(html).not.toMatch(/javascript:/i)
    const page = parse(html)
    // The draft says so in the header of every page.
    expect(page.querySelector('[title="header"]')?.textContent).toContain('DRAFT')
    const headings = texts(page, 'h1, h2, h3')
    const at = headings.indexOf(TITLE)
    expect(headings.slice(at, at + 3)).toEqual([TITLE, 'Housing first', 'What we ask'])
    expect(page.querySelector('h1 + h2')).toBeTruthy()
    for (const item of ['Bullet one', 'Bullet two', 'Nested bullet', 'Bullet three', 'Nested number', 'Nested number two', 'Third step', 'Fourth step'])
      one(page, 'li > p', item)
    // Nested lists are lists in lists; the numbered one starts at 3.
    expect(texts(page, 'ul ul li')).toEqual(['Nested bullet'])
    expect(texts(page, 'ol ol li')).toEqual(['Nested number', 'Nested number two'])
    expect(one(page, 'li > p', 'Third step').parentElement!.getAttribute('value')).toBe('3')
    one(page, 'b', 'bold')
    one(page, 'i', 'italic')
    one(page, 'u', 'underlined')
    one(page, 'strike', 'struck')
    one(page, 'i b, b i', 'bold italic')
    expect(one(page, 'font', 'inline code').getAttribute('face')).toMatch(/Courier/)
    expect(one(page, 'a', 'a link').getAttribute('href')).toBe('https://example.org/housing?a=1&b=2')
    expect(one(page, 'a', 'mail us').getAttribute('href')).toBe('mailto:board@example.org')
    expect(one(page, 'p', 'First line second line after a hard break').querySelector('br')).toBeTruthy()
    expect(one(page, 'p', 'Quoted words of the assembly').getAttribute('style')).toMatch(/border-left: [^;]*solid/)
    const code = [...page.querySelectorAll('p')].find((p) => p.textContent?.includes('rent <= income / 3'))!
    expect(code.querySelector('font')?.getAttribute('face')).toMatch(/Courier/)
    expect(code.querySelectorAll('br')).toHaveLength(2)
    // The horizontal rule: an empty paragraph with a bottom border.
    expect([...page.querySelectorAll('p')].some((p) => /border-bottom: 1px solid/.test(p.getAttribute('style') ?? '') && p.textContent?.trim() === '')).toBe(
      true,
    )
    const table = [...page.querySelectorAll('table')].find((t) => t.textContent?.includes('Measure'))!
    expect(texts(table, 'thead td')).toEqual(['Measure', 'Year one', 'Year two'])
    expect(one(table, 'td', 'Both years').getAttribute('colspan')).toBe('2')
    expect(one(table, 'td', 'Both years').querySelector('b')).toBeTruthy()
    expect(one(table, 'td', 'Vouchers').getAttribute('rowspan')).toBe('2')
    one(table, 'td', 'a | pipe')
    expect([...table.querySelectorAll('tbody tr')].map((tr) => texts(tr, 'td'))).toEqual([
      ['Rent cap', 'Both years'],
      ['Vouchers', '500', 'a | pipe'],
      ['600', '700'],
    ])
    expect(one(page, 'p', HOSTILE_TEXT).querySelector('b')).toBeNull()
    for (const text of LOOKALIKES) one(page, 'p', text)
    expect(one(page, 'p', 'Hostile link: click me').querySelector('a')).toBeNull()
    expect(texts(page, 'h1')).toContain('Endorsements')
  }, 180_000)

  it('DOCX asks what export.html asks: a signed-in member, ?lang, ?final=1 only after adoption', async () => {
    expect((await fetch(`${plank.url}/api/platforms/${platformId}/export.docx`)).status).toBe(401)
    const observer = await plank.cookieFor(plank.person('observer').id)
    expect((await get('export.docx', observer)).status).toBe(200)
    const spanish = await get('export.docx?lang=es')
    expect(spanish.status).toBe(200)
    expect(spanish.headers.get('content-language')).toBe('es')
    expect((await get('export.docx?lang=en,es')).status).toBe(200)
    expect((await get('export.docx?lang=fr')).status).toBe(400)
    const early = await get('export.docx?final=1')
    expect(early.status).toBe(409)
    expect(((await early.json()) as { error: { code: string } }).error.code).toBe('not_adopted')
  })

  it('DOCX final: after adoption, no draft anywhere, and the endorsements on a page of their own', async () => {
    await approveEverySection(plank, facilitator)
    await reviewStaleTranslations(plank, facilitator)
    expect((await api(plank.url, `/api/platforms/${platformId}/adopt`, { method: 'POST', cookie: facilitator })).status).toBe(200)
    const res = await get('export.docx?final=1')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-disposition')).not.toContain('draft')
    const page = parse(await docxAsHtml(Buffer.from(await res.arrayBuffer())))
    expect(page.body.textContent).not.toMatch(/DRAFT/)
    const endorsements = one(page, 'h1', 'Endorsements')
    expect(endorsements.getAttribute('style')).toMatch(/page-break-before: always/)
    const rep = plank.people.find((p) => p.role === 'boardRep')!
    expect(page.body.textContent).toContain(rep.name)
    expect(texts(page, 'h1')).toContain(TITLE)
  }, 180_000)
})
