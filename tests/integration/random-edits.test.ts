import * as Y from 'yjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sectionRoot } from '../../shared/documents.js'
import { connectClient, sameContent, storedDoc, waitFor, waitSynced, type Client } from '../helpers/clients.js'
import { seededRandom } from '../helpers/random.js'
import { startPlank, type RunningPlank } from '../helpers/server.js'

const WORDS = ['housing', 'care', 'wages', 'schools', 'safety', 'neighbours', 'vote', 'union', 'rent', 'clinic']

/** One random edit of the kind an editor makes: type, delete, bold, split or remove a paragraph. */
function randomEdit(doc: Y.Doc, sectionIds: string[], rand: () => number): void {
  const body = doc.getXmlFragment(sectionRoot(sectionIds[Math.floor(rand() * sectionIds.length)]!))
  const paragraphs = body.toArray().filter((n): n is Y.XmlElement => n instanceof Y.XmlElement && n.nodeName === 'paragraph')
  const roll = rand()
  if (paragraphs.length === 0 || roll < 0.08) {
    const p = new Y.XmlElement('paragraph')
    p.insert(0, [new Y.XmlText(WORDS[Math.floor(rand() * WORDS.length)]!)])
    body.insert(Math.floor(rand() * (body.length + 1)), [p])
    return
  }
  const paragraph = paragraphs[Math.floor(rand() * paragraphs.length)]!
  const text = paragraph.get(0)
  if (!(text instanceof Y.XmlText)) return
  const at = Math.floor(rand() * (text.length + 1))
  if (roll < 0.6) text.insert(at, ` ${WORDS[Math.floor(rand() * WORDS.length)]!}`)
  else if (roll < 0.85 && text.length > 0)
    text.delete(Math.min(at, text.length - 1), Math.min(1 + Math.floor(rand() * 6), text.length - Math.min(at, text.length - 1)))
  else if (roll < 0.95 && text.length > 2)
    text.format(Math.min(at, text.length - 2), 2, { bold: {} }) // as y-prosemirror stores a mark without attrs
  else if (paragraphs.length > 1) body.delete(body.toArray().indexOf(paragraph), 1)
}

describe('five clients editing concurrently with random disconnects', () => {
  let plank: RunningPlank
  let cookie: string
  beforeAll(async () => {
    // A low threshold makes compaction run many times while edits keep arriving.
    plank = await startPlank({ config: { compactAfterUpdates: 50 } })
    cookie = await plank.cookieFor(plank.person('facilitator').id)
  })
  afterAll(() => plank.close())

  it('all converge, and the stored document equals them', async () => {
    const seed = Date.now() % 100_000
    const rand = seededRandom(seed)
    const { platformId, sectionIds } = plank.sample
    const targets = sectionIds.slice(0, 3)
    const clients: Client[] = Array.from({ length: 5 }, () => connectClient(plank.wsUrl, platformId, { cookie }))
    await Promise.all(clients.map(waitSynced))
    const terminalCloses: string[] = []
    for (const c of clients) c.provider.on('closed', (e: { code: number; reason: string }) => terminalCloses.push(`${e.code} ${e.reason}`))

    for (let round = 0; round < 200; round++) {
      for (const client of clients) {
        randomEdit(client.doc, targets, rand)
        const r = rand()
        if (r < 0.03 && client.provider.shouldConnect) client.provider.disconnect()
        else if (r < 0.12 && !client.provider.shouldConnect) client.provider.connect()
      }
      if (round % 10 === 0) await new Promise((r) => setTimeout(r, 5))
    }
    for (const client of clients) if (!client.provider.shouldConnect) client.provider.connect()
    await Promise.all(clients.map(waitSynced))
    expect(terminalCloses, 'no client was refused').toEqual([])

    const [first, ...rest] = clients
    await waitFor(() => rest.every((c) => sameContent(first!.doc, c.doc)), `convergence (seed ${seed})`, 30_000)
    const stored = storedDoc(plank.plank.store, platformId)
    expect(sameContent(stored, first!.doc), `stored document equals the clients (seed ${seed})`).toBe(true)
    for (const id of targets) expect(stored.getXmlFragment(sectionRoot(id)).length).toBeGreaterThan(0)
    for (const c of clients) c.destroy()
  })
})
