import * as Y from 'yjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sectionRoot } from '../../shared/documents.js'
import { encodeAnchor, resolveAnchor } from '../../shared/section-text.js'
import { connectClient, sameContent, waitFor, waitSynced, type Client } from '../helpers/clients.js'
import { api } from '../helpers/http.js'
import { seededRandom } from '../helpers/random.js'
import { startPlank, type RunningPlank } from '../helpers/server.js'

const WORDS = 120

const textOf = (doc: Y.Doc, sectionId: string): Y.XmlText => {
  const fragment = doc.getXmlFragment(sectionRoot(sectionId))
  return (fragment.get(fragment.length - 1) as Y.XmlElement).get(0) as Y.XmlText
}

/** Start and end offsets of every whitespace-separated token. */
const tokens = (s: string): Array<{ word: string; from: number; to: number }> =>
  [...s.matchAll(/\S+/g)].map((m) => ({ word: m[0], from: m.index, to: m.index + m[0].length }))

describe('comment anchors under concurrent editing', () => {
  let plank: RunningPlank
  beforeAll(async () => {
    plank = await startPlank()
  })
  afterAll(() => plank.close())

  it('with 5 clients making 1,000 random edits around and inside anchored ranges, each anchor keeps covering its words in every client', async () => {
    const seed = Date.now() % 100_000
    const rand = seededRandom(seed)
    const { platformId } = plank.sample
    const facilitator = await plank.cookieFor(plank.person('facilitator').id)
    const created = await api(plank.url, `/api/platforms/${platformId}/sections`, {
      method: 'POST',
      body: { title: 'Anchors', ownerOrgId: null },
      cookie: facilitator,
    })
    const sectionId = (created.body as { id: string }).id
    const clients: Client[] = Array.from({ length: 5 }, () => connectClient(plank.wsUrl, platformId, { cookie: facilitator }))
    await Promise.all(clients.map(waitSynced))

    // One paragraph of unique words w0 … w119.
    const first = clients[0]!
    const paragraph = new Y.XmlElement('paragraph')
    paragraph.insert(0, [new Y.XmlText(Array.from({ length: WORDS }, (_, i) => `w${i}`).join(' '))])
    first.doc.getXmlFragment(sectionRoot(sectionId)).insert(0, [paragraph])
    await waitFor(() => clients.every((c) => c.doc.getXmlFragment(sectionRoot(sectionId)).length === 1), 'paragraph everywhere')

    // Twelve threads, each over three words, created through the API.
    const anchors: Array<{ id: string; words: string[]; start: string; end: string }> = []
    const initial = tokens(textOf(first.doc, sectionId).toString())
    for (let k = 0; k < 12; k++) {
      const i = 4 + k * 9
      const text = textOf(first.doc, sectionId)
      const start = encodeAnchor(Y.createRelativePositionFromTypeIndex(text, initial[i]!.from))
      // The end sticks to the last character of the range, so typing right after it stays outside.
      const end = encodeAnchor(Y.createRelativePositionFromTypeIndex(text, initial[i + 2]!.to, -1))
      const res = await api(plank.url, `/api/platforms/${platformId}/comments`, {
        method: 'POST',
        body: { sectionId, start, end, body: `thread ${k}` },
        cookie: facilitator,
      })
      expect(res.status).toBe(201)
      anchors.push({ id: (res.body as { id: string }).id, words: [initial[i]!.word, initial[i + 1]!.word, initial[i + 2]!.word], start, end })
    }

    // 1,000 edits in all: new words typed at word boundaries (inside ranges too) and whole words deleted.
    let fresh = 0
    for (let round = 0; round < 200; round++) {
      for (const client of clients) {
        const text = textOf(client.doc, sectionId)
        const toks = tokens(text.toString())
        const pick = toks[Math.floor(rand() * toks.length)]
        if (!pick || rand() < 0.65) {
          const at = pick ? (rand() < 0.5 ? pick.from : pick.to) : 0
          text.insert(at, at === pick?.from ? `n${fresh++} ` : ` n${fresh++}`)
        } else if (toks.length > 20) {
          text.delete(pick.from, Math.min(pick.to + 1, text.length) - pick.from)
        }
        const r = rand()
        if (r < 0.02 && client.provider.shouldConnect) client.provider.disconnect()
        else if (r < 0.1 && !client.provider.shouldConnect) client.provider.connect()
      }
      if (round % 10 === 0) await new Promise((r) => setTimeout(r, 5))
    }
    for (const client of clients) if (!client.provider.shouldConnect) client.provider.connect()
    await Promise.all(clients.map(waitSynced))
    await waitFor(() => clients.every((c) => sameContent(c.doc, first.doc)), `convergence (seed ${seed})`, 30_000)

    // Two threads lose all their text: deleted word by word by one client.
    for (const doomed of anchors.slice(0, 2)) {
      const text = textOf(first.doc, sectionId)
      const fragment = first.doc.getXmlFragment(sectionRoot(sectionId))
      const r = resolveAnchor(first.doc, fragment, doomed.start, doomed.end)
      if (r.ok) text.delete(r.start, r.end - r.start)
    }
    await waitFor(() => clients.every((c) => sameContent(c.doc, first.doc)), 'deletions everywhere')

    const finalWords = new Set(tokens(textOf(first.doc, sectionId).toString()).map((t) => t.word))
    for (const [n, anchor] of anchors.entries()) {
      const quotes = clients.map((c) => {
        const r = resolveAnchor(c.doc, c.doc.getXmlFragment(sectionRoot(sectionId)), anchor.start, anchor.end)
        if (!r.ok) throw new Error(`anchor ${n} did not resolve (seed ${seed})`)
        return r
      })
      // Every client sees the same range.
      expect(new Set(quotes.map((q) => q.quote)).size, `anchor ${n} agrees (seed ${seed})`).toBe(1)
      const inRange = new Set(tokens(quotes[0]!.quote).map((t) => t.word))
      for (const word of anchor.words) {
        if (finalWords.has(word)) expect(inRange.has(word), `anchor ${n} still covers ${word} (seed ${seed})`).toBe(true)
      }
      for (const word of inRange) {
        if (/^w\d+$/.test(word)) expect(anchor.words, `anchor ${n} covers only its own words (seed ${seed})`).toContain(word)
      }
      if (n < 2)
        expect(
          quotes.every((q) => q.removed),
          `anchor ${n} reports text removed`,
        ).toBe(true)
    }
    const listed = (await api(plank.url, `/api/platforms/${platformId}/comments`, { cookie: facilitator })).body as {
      comments: Array<{ id: string; textRemoved: boolean }>
    }
    for (const [n, anchor] of anchors.entries()) {
      const removed = listed.comments.find((c) => c.id === anchor.id)!.textRemoved
      if (n < 2) expect(removed, `anchor ${n} listed as text removed`).toBe(true)
      else if (anchor.words.some((w) => finalWords.has(w))) expect(removed, `anchor ${n} keeps text`).toBe(false)
    }
    for (const c of clients) c.destroy()
  })
})
