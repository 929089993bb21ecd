import * as Y from 'yjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sectionRoot } from '../../shared/documents.js'
import { MAX_NESTING_DEPTH } from '../../shared/limits.js'
import { appendParagraph, connectClient, nextTerminalClose, storedDoc, waitFor, waitSynced } from '../helpers/clients.js'
import { startPlank, type RunningPlank } from '../helpers/server.js'

/**
 * The relay accepts only content the editor's schema can show (issue 11 #18,
 * #20): anything else would make every reader's editor delete it. Each case is
 * written by a delegate into its own organization's section — a section it may
 * write — over a stock y-websocket client.
 */
describe('content the editor cannot show is refused over the wire', () => {
  let plank: RunningPlank
  let cookie: string
  let sectionId: string
  beforeAll(async () => {
    plank = await startPlank()
    const { platformId, sectionIds } = plank.sample
    sectionId = sectionIds.find((id) => plank.plank.store.getSection(platformId, id)?.ownerOrgId !== null)!
    cookie = await plank.cookieFor(plank.person('delegate', { ownerOf: sectionId }).id)
  })
  afterAll(() => plank.close())

  const stored = (): string => storedDoc(plank.plank.store, plank.sample.platformId).getXmlFragment(sectionRoot(sectionId)).toString()

  const cases: Array<[string, (body: Y.XmlFragment) => void]> = [
    ['an element the schema does not know', (body) => body.insert(0, [new Y.XmlElement('script')])],
    [
      'an attribute the schema does not define',
      (body) => {
        const p = new Y.XmlElement('paragraph')
        p.setAttribute('class', 'official-alert')
        body.insert(0, [p])
      },
    ],
    [
      'a heading level outside 1–6',
      (body) => {
        const h = new Y.XmlElement('heading')
        h.setAttribute('level', 9 as unknown as string) // y-prosemirror stores attrs as JSON values
        body.insert(0, [h])
      },
    ],
    ['text directly in the section', (body) => body.insert(0, [new Y.XmlText('loose text')])],
    ['a map inside the section', (body) => body.insert(0, [new Y.Map() as unknown as Y.XmlElement])],
    [
      'a javascript: link',
      (body) => {
        const p = new Y.XmlElement('paragraph')
        p.insert(0, [new Y.XmlText()])
        body.insert(0, [p])
        ;(p.get(0) as Y.XmlText).insert(0, 'click', { link: { href: 'javascript:alert(1)' } })
      },
    ],
    [
      'a link carrying target, rel and class of its own',
      (body) => {
        const p = new Y.XmlElement('paragraph')
        p.insert(0, [new Y.XmlText()])
        body.insert(0, [p])
        ;(p.get(0) as Y.XmlText).insert(0, 'click', { link: { href: 'https://x.example', target: '_self', rel: 'opener', class: 'alert' } })
      },
    ],
    [
      'a mark the schema does not know',
      (body) => {
        const p = new Y.XmlElement('paragraph')
        p.insert(0, [new Y.XmlText()])
        body.insert(0, [p])
        ;(p.get(0) as Y.XmlText).insert(0, 'blink', { blink: {} })
      },
    ],
    [
      `elements nested deeper than ${MAX_NESTING_DEPTH}`,
      (body) => {
        let outer = new Y.XmlElement('blockquote')
        const top = outer
        for (let i = 1; i < MAX_NESTING_DEPTH; i++) {
          const inner = new Y.XmlElement('blockquote')
          outer.insert(0, [inner])
          outer = inner
        }
        const p = new Y.XmlElement('paragraph')
        outer.insert(0, [p])
        body.insert(0, [top])
      },
    ],
  ]

  for (const [what, write] of cases) {
    it(`refuses ${what}, storing nothing`, async () => {
      const client = connectClient(plank.wsUrl, plank.sample.platformId, { cookie })
      await waitSynced(client)
      const before = stored()
      const close = nextTerminalClose(client)
      client.doc.transact(() => write(client.doc.getXmlFragment(sectionRoot(sectionId))))
      expect((await close).code).toBe(4403)
      expect(stored()).toBe(before)
      client.destroy()
    })
  }

  it('accepts what the editor writes: paragraphs, headings, lists, bold and safe links', async () => {
    const client = connectClient(plank.wsUrl, plank.sample.platformId, { cookie })
    await waitSynced(client)
    const body = client.doc.getXmlFragment(sectionRoot(sectionId))
    const h = new Y.XmlElement('heading')
    h.setAttribute('level', 2 as unknown as string)
    h.insert(0, [new Y.XmlText('Housing')])
    const list = new Y.XmlElement('bulletList')
    const item = new Y.XmlElement('listItem')
    const p = new Y.XmlElement('paragraph')
    p.insert(0, [new Y.XmlText('rent caps')])
    item.insert(0, [p])
    list.insert(0, [item])
    body.insert(0, [h, list])
    const text = appendParagraph(client.doc, sectionId, 'read ')
    text.insert(text.length, 'this', { bold: {}, link: { href: 'https://example.org' } })
    await waitFor(() => stored().includes('rent caps') && stored().includes('this'), 'stored')
    expect(client.provider.shouldConnect).toBe(true)
    client.destroy()
  })
})
