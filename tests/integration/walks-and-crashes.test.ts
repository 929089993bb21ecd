import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { sectionRoot } from '../../shared/documents.js'
import { encodeAnchor } from '../../shared/section-text.js'
import { api, demoCookie } from '../helpers/http.js'
import { spawnPlank, type ServerProcess } from '../helpers/server-process.js'
import { startPlank, tempDataDir, type RunningPlank } from '../helpers/server.js'

const DEPTH = 20_000

/**
 * Nests DEPTH elements in a section, server-side, one insertion at a time
 * into an already integrated parent (a prelim tree that deep would overflow
 * inside Yjs itself). The relay refuses such updates from clients now; data
 * stored before, and the server's own paths, must still be safe.
 */
function nestDeep(doc: Y.Doc, sectionId: string): Y.XmlText {
  let text!: Y.XmlText
  doc.transact(() => {
    let parent: Y.XmlFragment | Y.XmlElement = doc.getXmlFragment(sectionRoot(sectionId))
    for (let i = 0; i < DEPTH; i++) {
      const element = new Y.XmlElement(i % 2 === 0 ? 'blockquote' : 'bulletList')
      parent.insert(parent.length, [element])
      parent = element
    }
    text = new Y.XmlText('deepest words of all')
    parent.insert(0, [text])
  })
  return text
}

interface Prepared {
  platformId: string
  sectionId: string
  sessionId: string
  facilitatorId: string
  rep: { id: string; orgId: string | null }
}

/** In a running in-process server: the deep section, a comment anchored in its deepest text, a running session. */
async function prepare(plank: RunningPlank): Promise<Prepared> {
  const platformId = plank.sample.platformId
  const sectionId = plank.sample.sectionIds[0]!
  const deepest = nestDeep(plank.plank.rooms.open(platformId)!.doc, sectionId)
  const facilitatorId = plank.person('facilitator').id
  const cookie = await plank.cookieFor(facilitatorId)
  const comment = await api(plank.url, `/api/platforms/${platformId}/comments`, {
    method: 'POST',
    cookie,
    body: {
      sectionId,
      start: encodeAnchor(Y.createRelativePositionFromTypeIndex(deepest, 0)),
      end: encodeAnchor(Y.createRelativePositionFromTypeIndex(deepest, 7)),
      body: 'about the deepest words',
    },
  })
  expect(comment.status).toBe(201)
  const session = await api(plank.url, `/api/platforms/${platformId}/sessions`, {
    method: 'POST',
    cookie,
    body: { title: 'Deep session', agenda: [{ kind: 'section', sectionId, minutes: 10 }] },
  })
  expect(session.status).toBe(201)
  const sessionId = (session.body as { id: string }).id
  expect((await api(plank.url, `/api/platforms/${platformId}/sessions/${sessionId}/start`, { method: 'POST', cookie })).status).toBe(200)
  return { platformId, sectionId, sessionId, facilitatorId, rep: plank.person('boardRep') }
}

/** Every read over the deep section answers, with its words. */
async function exercise(url: string, { platformId, sectionId, sessionId, facilitatorId, rep }: Prepared): Promise<void> {
  const cookie = await demoCookie(url, facilitatorId)
  const repCookie = await demoCookie(url, rep.id)
  const p = `/api/platforms/${platformId}`

  const section = await api(url, `${p}/sections/${sectionId}`, { cookie })
  expect(section.status).toBe(200)
  const hash = (section.body as { hash: string }).hash
  expect(hash).toMatch(/^[0-9a-f]{64}$/)

  const history = await api(url, `${p}/sections/${sectionId}/signoffs`, { cookie })
  expect(history.status).toBe(200)
  expect((history.body as { current: { hash: string } }).current.hash).toBe(hash)
  expect((history.body as { current: { text: string } }).current.text).toContain('deepest words of all')

  const signed = await api(url, `${p}/sections/${sectionId}/signoffs`, { method: 'POST', cookie: repCookie, body: { decision: 'approve', hash } })
  expect(signed.status).toBe(201)

  const matrix = await api(url, `${p}/signoffs`, { cookie })
  expect(matrix.status).toBe(200)
  const row = (matrix.body as { sections: Array<{ id: string; orgs: Array<{ orgId: string; current: boolean }> }> }).sections.find((s) => s.id === sectionId)!
  expect(row.orgs.find((o) => o.orgId === rep.orgId)).toMatchObject({ current: true })

  for (const format of ['md', 'html']) {
    const res = await fetch(`${url}${p}/export.${format}`, { headers: { cookie } })
    expect(res.status, format).toBe(200)
    expect(await res.text(), format).toContain('deepest words of all')
  }

  const comments = await api(url, `${p}/comments`, { cookie })
  expect(comments.status).toBe(200)
  expect(
    (comments.body as { comments: Array<{ body: string; textRemoved: boolean }> }).comments.find((c) => c.body === 'about the deepest words'),
  ).toMatchObject({
    textRemoved: false,
  })

  for (const format of ['md', 'html']) {
    const res = await fetch(`${url}${p}/sessions/${sessionId}/minutes.${format}`, { headers: { cookie } })
    expect(res.status, format).toBe(200)
    expect(await res.text()).toContain('approved')
  }
}

describe('a document nested 20,000 deep', () => {
  const dirs: string[] = []
  let server: ServerProcess | null = null
  afterAll(async () => {
    if (server && server.child.exitCode === null) {
      server.child.kill('SIGTERM')
      await server.exited
    }
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
  })

  it('in-process: hash, section, sign-off, matrix, export, comment anchors and minutes all answer', async () => {
    const plank = await startPlank()
    try {
      await exercise(plank.url, await prepare(plank))
    } finally {
      await plank.close()
    }
  }, 120_000)

  it('in the built server process: every read answers, an unexpected error is a logged 500, and the process never exits', async () => {
    const dataDir = tempDataDir()
    dirs.push(dataDir)
    const first = await startPlank({ dataDir })
    const prepared = await prepare(first)
    await first.close()

    server = await spawnPlank(dataDir)
    let output = ''
    server.child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()))
    server.child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
    await exercise(server.url, prepared)

    // A corrupt row in the store makes a request fail unexpectedly: 500 in the API's shape, logged, and the server goes on.
    const db = new Database(join(dataDir, 'plank.sqlite'))
    db.prepare("UPDATE audit_log SET detail = '{not json' WHERE platform_id = ?").run(prepared.platformId)
    db.close()
    const cookie = await demoCookie(server.url, prepared.facilitatorId)
    const broken = await api(server.url, `/api/platforms/${prepared.platformId}/audit`, { cookie })
    expect(broken.status).toBe(500)
    expect(broken.body).toEqual({ error: { code: 'internal', message: expect.any(String) } })
    expect(output).toMatch(/http: unexpected error, GET \/:platformId\/audit: SyntaxError/)

    expect((await api(server.url, '/healthz')).body).toMatchObject({ ok: true })
    expect(server.child.exitCode).toBeNull()
    expect(server.child.signalCode).toBeNull()
    expect(output).not.toMatch(/BUG:/)
  }, 120_000)

  it('an unhandled rejection or an uncaught exception anywhere is logged loudly and the process keeps serving', async () => {
    const dataDir = tempDataDir()
    dirs.push(dataDir)
    // A fault planted from outside our code (a preloaded module), fired on a signal once the server is up.
    const plant = join(dataDir, 'plant-faults.mjs')
    writeFileSync(
      plant,
      `process.on('SIGUSR2', () => {
        Promise.reject(new Error('planted rejection'))
        setTimeout(() => { throw new Error('planted exception') }, 0)
      })\n`,
    )
    const faulty = await spawnPlank(dataDir, { NODE_OPTIONS: `--import=${plant}` })
    let output = ''
    faulty.child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()))
    faulty.child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
    try {
      faulty.child.kill('SIGUSR2')
      const deadline = Date.now() + 10_000
      while (!(output.includes('planted rejection') && output.includes('planted exception')) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 50))
      expect(output).toMatch(/BUG: unhandled promise rejection \(kept serving\): Error: planted rejection/)
      expect(output).toMatch(/BUG: uncaught exception #1 \(uncaughtException, kept serving\): Error: planted exception/)
      expect((await api(faulty.url, '/healthz')).body).toMatchObject({ ok: true })
      expect(faulty.child.exitCode).toBeNull()
    } finally {
      faulty.child.kill('SIGTERM')
      await faulty.exited
    }
  }, 60_000)
})
