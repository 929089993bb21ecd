import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type SectionNode, sectionJson } from '../../shared/content-hash.js'
import { sectionRoot } from '../../shared/documents.js'
import type { GovSection } from '../../shared/gov.js'
import { MAX_IMPORT_FILE_BYTES, MAX_IMPORT_SECTIONS } from '../../shared/limits.js'
import { nodesHash } from '../../server/documents/documents.js'
import { convertFile } from '../../server/import/convert.js'
import { connectClient, storedDoc, waitFor, waitSynced } from '../helpers/clients.js'
import { api, governanceSnapshot } from '../helpers/http.js'
import { type DemoPerson, type RunningPlank, startPlank } from '../helpers/server.js'
import { docxWithBody, wordParagraph } from '../helpers/zip.js'

/**
 * Importing a platform from a .docx or .md file over the wire (issue 16,
 * item 6): the preview creates nothing; confirming creates the platform with
 * its sections (open, unlocked) and their text in the platform's Yjs
 * document, read by a stock y-websocket client and from the store; appending
 * to an existing platform; every refusal and every bad file answered with a
 * clear error and nothing stored.
 */
const fixture = (name: string): Buffer => readFileSync(`tests/fixtures/import/${name}`)
const words = { introduction: 'Introduction', untitled: 'Untitled' }

interface Preview {
  importId: string
  title: string
  kind: string
  headingLevel: number
  platformId: string | null
  sections: Array<{ title: string; preview: string; words: number; intro?: true }>
  counts: { sections: number; words: number; headings: number[] }
}

async function upload(
  plank: RunningPlank,
  options: { cookie?: string; file?: { name: string; bytes: Buffer }; fields?: Record<string, string>; headers?: Record<string, string> },
): Promise<{ status: number; body: Record<string, unknown> }> {
  const form = new FormData()
  for (const [name, value] of Object.entries(options.fields ?? {})) form.append(name, value)
  if (options.file) form.append('file', new Blob([new Uint8Array(options.file.bytes)]), options.file.name)
  const res = await fetch(`${plank.url}/api/platforms/import`, {
    method: 'POST',
    body: form,
    headers: { ...(options.cookie ? { cookie: options.cookie } : {}), ...options.headers },
  })
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}

const confirm = (plank: RunningPlank, importId: string, cookie?: string, body?: unknown) =>
  api(plank.url, `/api/platforms/import/${importId}/confirm`, { method: 'POST', cookie, body: body ?? {} })

/** Every link's href in a node tree, in order. */
function linkHrefs(nodes: SectionNode[]): unknown[] {
  return nodes.flatMap((n) => ('text' in n ? ('link' in n.marks ? [(n.marks.link as { href?: unknown }).href] : []) : linkHrefs(n.content)))
}

/** Everything an import could write: platforms, memberships, audit entries, and the sample platform's governance and document. */
const everything = (plank: RunningPlank): string =>
  JSON.stringify({
    platforms: plank.plank.store.listPlatforms(),
    audit: plank.plank.store.listAudit().length,
    sample: governanceSnapshot(plank.plank.store, plank.sample.platformId),
  })

describe('import over the wire', () => {
  let plank: RunningPlank
  let facilitator: DemoPerson
  let observer: DemoPerson
  let delegate: DemoPerson
  const cookie = new Map<string, string>()
  const as = (p: DemoPerson) => cookie.get(p.id)!

  beforeAll(async () => {
    plank = await startPlank()
    facilitator = plank.person('facilitator')
    observer = plank.person('observer')
    delegate = plank.person('delegate')
    for (const p of [facilitator, observer, delegate]) cookie.set(p.id, await plank.cookieFor(p.id))
  })
  afterAll(() => plank?.close())

  it('the preview of a Word document shows its sections and creates nothing', async () => {
    const before = everything(plank)
    const res = await upload(plank, {
      cookie: as(delegate),
      file: { name: 'word-example.docx', bytes: fixture('word-example.docx') },
      fields: { headingLevel: '1' },
    })
    expect(res.status).toBe(200)
    const preview = res.body as unknown as Preview
    expect(preview).toMatchObject({ kind: 'docx', title: 'word-example', headingLevel: 1, platformId: null })
    expect(preview.sections.map((s) => s.title)).toEqual(['Introduction', 'Heading 1'])
    expect(preview.sections[0]!.intro).toBe(true)
    expect(preview.sections[0]!.preview.startsWith('expect I expect A expect B')).toBe(true)
    expect(preview.sections[0]!.preview.length).toBeLessThanOrEqual(160)
    expect(preview.sections[1]).toMatchObject({ title: 'Heading 1', words: 14 })
    expect(preview.counts).toMatchObject({ sections: 2, headings: [1, 1, 0, 0, 0, 0] })
    expect(everything(plank)).toBe(before)
  })

  it('confirming creates the platform: its sections open and unlocked, their text in the Yjs document, the uploader its facilitator', async () => {
    // Any signed-in person may create a platform (POST /api/platforms): a delegate of the sample too.
    const started = performance.now()
    const preview = (await upload(plank, { cookie: as(delegate), file: { name: 'word-example.docx', bytes: fixture('word-example.docx') } }))
      .body as unknown as Preview
    const res = await confirm(plank, preview.importId, as(delegate))
    const took = performance.now() - started
    expect(res.status).toBe(201)
    const { id } = res.body as { id: string }
    console.log(`import of word-example.docx (${fixture('word-example.docx').length} bytes): upload, preview and confirm in ${took.toFixed(0)} ms`)
    const platform = (await api(plank.url, `/api/platforms/${id}`, { cookie: as(delegate) })).body as { title: string; sections: GovSection[] }
    expect(platform.title).toBe('word-example')
    expect(platform.sections.map((s) => [s.title, s.ownerOrgId, s.locked])).toEqual([
      ['Introduction', null, false],
      ['Heading 1', null, false],
    ])
    expect(plank.plank.store.listMemberships(delegate.id).find((m) => m.platformId === id)?.role).toBe('facilitator')

    const expected = await convertFile('word-example.docx', fixture('word-example.docx'), 1, words)
    // A stock y-websocket client reads the same text, and the store holds it (durable before it was relayed).
    const client = connectClient(plank.wsUrl, id, { cookie: as(delegate) })
    await waitSynced(client)
    const stored = storedDoc(plank.plank.store, id)
    for (const [i, section] of platform.sections.entries()) {
      expect(sectionJson(client.doc.getXmlFragment(sectionRoot(section.id)))).toEqual(expected.sections[i]!.nodes)
      expect(sectionJson(stored.getXmlFragment(sectionRoot(section.id)))).toEqual(expected.sections[i]!.nodes)
      // The sign-off hash is of that text.
      const got = (await api(plank.url, `/api/platforms/${id}/sections/${section.id}`, { cookie: as(delegate) })).body as { primaryHash: string }
      expect(got.primaryHash).toBe(nodesHash(expected.sections[i]!.nodes))
    }
    const gov = client.doc.getMap('gov').get('sections') as { size: number } | undefined
    expect(gov?.size).toBe(2)
    client.destroy()
    stored.destroy()
    // Audited as a platform created and sections added.
    const audit = plank.plank.store.listAudit(id).map((e) => ({ action: e.action, detail: JSON.parse(e.detail) as Record<string, unknown> }))
    expect(audit.map((e) => e.action)).toEqual(['platform.create', 'section.add', 'section.add'])
    expect(audit.map((e) => e.detail.importedFrom)).toEqual(['word-example.docx', 'word-example.docx', 'word-example.docx'])
    // Confirmed once: the import is gone.
    expect((await confirm(plank, preview.importId, as(delegate))).status).toBe(404)
  })

  it('a Markdown file, in Spanish, with the title changed at confirmation', async () => {
    const preview = (
      await upload(plank, {
        cookie: as(delegate),
        file: { name: 'platform.md', bytes: fixture('platform.md') },
        fields: { headingLevel: '2' },
        headers: { 'accept-language': 'es' },
      })
    ).body as unknown as Preview
    expect(preview.sections.map((s) => s.title)).toEqual(['Introducción', 'Housing', 'Transit', 'Jobs'])
    expect(preview.title).toBe("People's Platform for Fair Housing")
    const res = await confirm(plank, preview.importId, as(delegate), { title: 'Vivienda justa' })
    expect(res.status).toBe(201)
    const { id } = res.body as { id: string }
    const platform = (await api(plank.url, `/api/platforms/${id}`, { cookie: as(delegate) })).body as { title: string; sections: GovSection[] }
    expect(platform.title).toBe('Vivienda justa')
    const expected = await convertFile('platform.md', fixture('platform.md'), 2, { ...words, introduction: 'Introducción' })
    const doc = storedDoc(plank.plank.store, id)
    expect(platform.sections.map((s) => sectionJson(doc.getXmlFragment(sectionRoot(s.id))))).toEqual(expected.sections.map((s) => s.nodes))
    // Read from the stored document itself, not from the converter: the links are the two safe ones, the javascript: one is text.
    const hrefs = platform.sections.flatMap((s) => linkHrefs(sectionJson(doc.getXmlFragment(sectionRoot(s.id)))))
    expect(hrefs).toEqual(['https://example.org/guide', 'mailto:office@example.org'])
    expect(doc.getXmlFragment(sectionRoot(platform.sections[2]!.id)).toString()).toContain('[link](javascript:alert(1))')
    doc.destroy()
  })

  it('a facilitator appends sections at the end of an existing platform; everyone connected receives them', async () => {
    const platformId = plank.sample.platformId
    const watcher = connectClient(plank.wsUrl, platformId, { cookie: as(observer) })
    await waitSynced(watcher)
    const before = plank.plank.store.listSections(platformId).map((s) => s.id)
    const preview = (
      await upload(plank, { cookie: as(facilitator), file: { name: 'platform.md', bytes: fixture('platform.md') }, fields: { headingLevel: '2', platformId } })
    ).body as unknown as Preview
    expect(preview.platformId).toBe(platformId)
    expect(plank.plank.store.listSections(platformId).map((s) => s.id)).toEqual(before)
    const res = await confirm(plank, preview.importId, as(facilitator))
    expect(res.status).toBe(201)
    expect((res.body as { id: string }).id).toBe(platformId)
    const after = plank.plank.store.listSections(platformId)
    expect(after.slice(0, before.length).map((s) => s.id)).toEqual(before)
    const added = after.slice(before.length)
    expect(added.map((s) => [s.title, s.ownerOrgId])).toEqual([
      ['Introduction', null],
      ['Housing', null],
      ['Transit', null],
      ['Jobs', null],
    ])
    const housing = added[1]!.id
    await waitFor(() => watcher.doc.getXmlFragment(sectionRoot(housing)).length > 0, 'the appended text reaches a connected client')
    expect(watcher.doc.getXmlFragment(sectionRoot(housing)).toString()).toContain('<heading level="3">Rent</heading>')
    watcher.destroy()
  })

  describe('refusals store nothing', () => {
    const docx = () => ({ name: 'word-example.docx', bytes: fixture('word-example.docx') })

    it('appending: an observer and a delegate are refused (403), a non-member gets 404, before anything is held', async () => {
      const platformId = plank.sample.platformId
      const before = everything(plank)
      for (const who of [observer, delegate]) {
        const res = await upload(plank, { cookie: as(who), file: docx(), fields: { platformId } })
        expect(res.status, who.role).toBe(403)
        expect((res.body.error as { code: string }).code).toBe('forbidden')
      }
      expect((await upload(plank, { cookie: as(facilitator), file: docx(), fields: { platformId: 'no-such-platform' } })).status).toBe(404)
      expect(everything(plank)).toBe(before)
    })

    it('a facilitator demoted between preview and confirm is refused at confirm', async () => {
      const platformId = plank.sample.platformId
      const other = plank.people.find((p) => p.role === 'delegate' && p.id !== delegate.id)!
      const otherCookie = await plank.cookieFor(other.id)
      await api(plank.url, `/api/platforms/${platformId}/members/${other.id}`, { method: 'PATCH', cookie: as(facilitator), body: { role: 'facilitator' } })
      const preview = (await upload(plank, { cookie: otherCookie, file: docx(), fields: { platformId } })).body as unknown as Preview
      expect(preview.importId).toBeTruthy()
      await api(plank.url, `/api/platforms/${platformId}/members/${other.id}`, { method: 'PATCH', cookie: as(facilitator), body: { role: 'delegate' } })
      const before = everything(plank)
      expect((await confirm(plank, preview.importId, otherCookie)).status).toBe(403)
      expect(everything(plank)).toBe(before)
    })

    it("another person's import, an unknown import, no sign-in and a token are refused", async () => {
      const preview = (await upload(plank, { cookie: as(facilitator), file: docx() })).body as unknown as Preview
      const token = (
        await api(plank.url, '/api/tokens', {
          method: 'POST',
          cookie: as(facilitator),
          body: { platformId: plank.sample.platformId, role: 'facilitator', name: 'import' },
        })
      ).body as { token: string }
      const bearer = { authorization: `Bearer ${token.token}` }
      const before = everything(plank)
      const theirs = await confirm(plank, preview.importId, as(observer))
      expect(theirs.status).toBe(404)
      expect((theirs.body as { error: { code: string } }).error.code).toBe('not_found')
      expect((await confirm(plank, 'no-such-import', as(facilitator))).status).toBe(404)
      expect((await confirm(plank, preview.importId)).status).toBe(401)
      expect((await upload(plank, { file: docx() })).status).toBe(401)
      expect((await upload(plank, { file: docx(), headers: bearer })).status).toBe(401)
      // Even its owner's token: a token is no sign-in, and creating platforms needs one.
      expect((await api(plank.url, `/api/platforms/import/${preview.importId}/confirm`, { method: 'POST', headers: bearer, body: {} })).status).toBe(401)
      expect(everything(plank)).toBe(before)
      // Still the owner's to confirm.
      expect((await confirm(plank, preview.importId, as(facilitator))).status).toBe(201)
    })

    const errorOf = (res: { body: Record<string, unknown> }) => res.body.error as { code: string; message: string; suggestedLevel?: number | null }

    it('bad files get a clear error and nothing is stored; the server stays up', async () => {
      const before = everything(plank)
      const cases: Array<[string, { name: string; bytes: Buffer }, Record<string, string>, number, string]> = [
        ['a PDF', { name: 'platform.pdf', bytes: Buffer.from('%PDF-1.4 …') }, {}, 400, 'unsupported_file'],
        ['a damaged .docx', { name: 'cut.docx', bytes: fixture('word-example.docx').subarray(0, 5000) }, {}, 400, 'corrupt_file'],
        ['a text file named .docx', { name: 'fake.docx', bytes: Buffer.from('# not a zip') }, {}, 400, 'corrupt_file'],
        ['a file over the limit', { name: 'big.md', bytes: Buffer.alloc(MAX_IMPORT_FILE_BYTES + 1, 'a') }, {}, 413, 'file_too_large'],
        [
          'a zip bomb',
          {
            name: 'bomb.docx',
            bytes: docxWithBody(wordParagraph('A', 'Heading1'), [{ name: 'word/numbering.xml', data: Buffer.alloc(300 * 1024 * 1024, 32), claimedSize: 100 }]),
          },
          {},
          413,
          'too_large',
        ],
        ['an empty file', { name: 'empty.md', bytes: Buffer.alloc(0) }, {}, 400, 'no_file'],
        ['a heading level of 7', { name: 'platform.md', bytes: fixture('platform.md') }, { headingLevel: '7' }, 400, 'invalid'],
        [
          'too many sections',
          { name: 'many.md', bytes: Buffer.from(Array.from({ length: MAX_IMPORT_SECTIONS + 1 }, (_, i) => `# S${i}\n\ntext\n`).join('\n')) },
          {},
          400,
          'too_many_sections',
        ],
      ]
      for (const [what, file, fields, status, code] of cases) {
        const res = await upload(plank, { cookie: as(facilitator), file, fields })
        expect(res.status, what).toBe(status)
        expect(errorOf(res).code, what).toBe(code)
        expect(errorOf(res).message.length, what).toBeGreaterThan(10)
      }
      expect(everything(plank)).toBe(before)
      expect((await fetch(`${plank.url}/healthz`)).status).toBe(200)
    })

    it('no section at the chosen level: says so and suggests the level that has headings, in the reader language', async () => {
      const twos = Buffer.from('## Housing\n\nHomes.\n\n## Transit\n\nBuses.\n')
      const res = await upload(plank, { cookie: as(facilitator), file: { name: 'twos.md', bytes: twos }, fields: { headingLevel: '1' } })
      expect(res.status).toBe(400)
      expect(errorOf(res)).toMatchObject({ code: 'no_sections', suggestedLevel: 2 })
      expect(errorOf(res).message).toBe('No level-1 headings were found. The document has headings at level 2: try that level.')
      const es = await upload(plank, {
        cookie: as(facilitator),
        file: { name: 'word-hyperlink.docx', bytes: fixture('word-hyperlink.docx') },
        headers: { 'accept-language': 'es' },
      })
      expect(errorOf(es)).toMatchObject({ code: 'no_sections', suggestedLevel: null })
      expect(errorOf(es).message).toContain('No se encontraron títulos de nivel 1')
    })

    it('a malformed multipart body, and a JSON body, are 400', async () => {
      const before = everything(plank)
      const broken = await fetch(`${plank.url}/api/platforms/import`, {
        method: 'POST',
        headers: { cookie: as(facilitator), 'content-type': 'multipart/form-data; boundary=xyz' },
        body: '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.md"\r\n\r\n# A\r\nno closing boundary',
      })
      expect(broken.status).toBe(400)
      expect(((await broken.json()) as { error: { code: string } }).error.code).toBe('malformed_upload')
      const json = await api(plank.url, '/api/platforms/import', { method: 'POST', cookie: as(facilitator), body: { file: 'x' } })
      expect(json.status).toBe(400)
      const twoFiles = new FormData()
      twoFiles.append('file', new Blob(['# A']), 'a.md')
      twoFiles.append('file', new Blob(['# B']), 'b.md')
      expect((await fetch(`${plank.url}/api/platforms/import`, { method: 'POST', headers: { cookie: as(facilitator) }, body: twoFiles })).status).toBe(400)
      expect(everything(plank)).toBe(before)
    })
  })
})

describe('an import expires', () => {
  let plank: RunningPlank
  afterAll(() => plank?.close())

  it('confirming after the expiry is 404 import_expired, and creates nothing', async () => {
    plank = await startPlank({ config: { importTtlMs: 300 } })
    const person = plank.person('facilitator')
    const cookie = await plank.cookieFor(person.id)
    const preview = (await upload(plank, { cookie, file: { name: 'platform.md', bytes: fixture('platform.md') } })).body as unknown as Preview
    await new Promise((resolve) => setTimeout(resolve, 400))
    const before = everything(plank)
    const res = await confirm(plank, preview.importId, cookie)
    expect(res.status).toBe(404)
    expect((res.body as { error: { code: string; message: string } }).error).toMatchObject({
      code: 'import_expired',
      message: 'This import has expired: upload the file again.',
    })
    expect(everything(plank)).toBe(before)
  })
})
