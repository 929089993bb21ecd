import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { sectionRoot } from '../../shared/documents.js'
import { MAX_NESTING_DEPTH } from '../../shared/limits.js'
import { appendParagraph, connectClient, waitFor, waitSynced } from '../helpers/clients.js'
import { itRefusesEach, ownSectionWriter } from '../helpers/content-rules.js'

/**
 * The relay accepts only content the editor's schema can show (issue 11 #18,
 * #20): anything else would make every reader's editor delete it. Each case is
 * written by a delegate into its own organization's section — a section it may
 * write — over a stock y-websocket client.
 */
describe('content the editor cannot show is refused over the wire', () => {
  const own = ownSectionWriter()

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

  itRefusesEach(own, cases)

  it('accepts what the editor writes: paragraphs, headings, lists, bold and safe links', async () => {
    const client = connectClient(own.plank.wsUrl, own.plank.sample.platformId, { cookie: own.cookie })
    await waitSynced(client)
    const body = client.doc.getXmlFragment(sectionRoot(own.sectionId))
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
    const text = appendParagraph(client.doc, own.sectionId, 'read ')
    text.insert(text.length, 'this', { bold: {}, link: { href: 'https://example.org' } })
    await waitFor(() => own.stored().includes('rent caps') && own.stored().includes('this'), 'stored')
    expect(client.provider.shouldConnect).toBe(true)
    client.destroy()
  })
})
