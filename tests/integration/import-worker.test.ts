import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api, demoCookie } from '../helpers/http.js'
import { type ServerProcess, spawnPlank } from '../helpers/server-process.js'
import { tempDataDir } from '../helpers/server.js'
import { docxWithBody, wordParagraph } from '../helpers/zip.js'

/**
 * The built server (`npm start`, as `npm test` builds it) converts uploads
 * in a worker thread (server/import/run-conversion.ts): while a long Word
 * document is read, the server goes on answering; at most two conversions
 * run at once, a third is told to wait (429).
 */
function longDocument(sections: number, paragraphs: number): Buffer {
  let body = ''
  for (let s = 0; s < sections; s++) {
    body += wordParagraph(`Section ${s}`, 'Heading1')
    for (let p = 0; p < paragraphs; p++) {
      body += `<w:p><w:r><w:t xml:space="preserve">Paragraph ${p} of section ${s}, about as long as one in a real platform draft. </w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>Bold words.</w:t></w:r></w:p>`
    }
  }
  return docxWithBody(body)
}

describe('conversions in a worker thread (built server)', () => {
  let server: ServerProcess
  let cookie: string
  beforeAll(async () => {
    server = await spawnPlank(tempDataDir())
    const people = (await api(server.url, '/api/demo/people')).body as { people: Array<{ id: string; role: string }> }
    cookie = await demoCookie(server.url, people.people.find((p) => p.role === 'facilitator')!.id)
  })
  afterAll(async () => {
    server?.child.kill('SIGTERM')
    await server?.exited
  })

  const upload = async (bytes: Buffer): Promise<{ status: number; body: { sections?: unknown[] } }> => {
    const form = new FormData()
    form.append('file', new Blob([new Uint8Array(bytes)]), 'long.docx')
    const res = await fetch(`${server.url}/api/platforms/import`, { method: 'POST', body: form, headers: { cookie } })
    return { status: res.status, body: (await res.json()) as { sections?: unknown[] } }
  }

  it('the server answers while a 300-section document is converted', async () => {
    const pending = upload(longDocument(300, 30))
    let done = false
    void pending.finally(() => (done = true))
    let answered = 0
    while (!done) {
      const res = await fetch(`${server.url}/healthz`)
      if (res.status === 200) answered++
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    const result = await pending
    expect(result.status).toBe(200)
    expect(result.body.sections).toHaveLength(300)
    // In the main thread the conversion holds it for seconds, with no answer at all in between.
    expect(answered).toBeGreaterThan(5)
  })

  it('a third conversion at once is told to wait (429), and nothing is lost', async () => {
    const bytes = longDocument(200, 30)
    const results = await Promise.all([upload(bytes), upload(bytes), upload(bytes)])
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 429])
    expect((await upload(longDocument(2, 1))).status).toBe(200)
  })
})
