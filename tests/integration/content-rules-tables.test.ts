import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { getSchema } from '@tiptap/core'
import { prosemirrorJSONToYXmlFragment } from '@tiptap/y-tiptap'
import { sectionRoot } from '../../shared/documents.js'
import { editorSchemaExtensions } from '../../shared/editor-extensions.js'
import { MAX_TABLE_SPAN } from '../../shared/limits.js'
import { connectClient, waitFor, waitSynced } from '../helpers/clients.js'
import { itRefusesEach, ownSectionWriter } from '../helpers/content-rules.js'

/**
 * Tables (issue 13: pasted from Word, Google Docs and web pages) are content
 * the editor can show, so the relay stores them; a table written any other way
 * than the editor writes it is refused like any other foreign content.
 */
describe('tables over the wire', () => {
  const own = ownSectionWriter()

  const cell = (type: 'tableCell' | 'tableHeader', text: string, attrs: Record<string, unknown> = {}) => ({
    type,
    attrs: { colspan: 1, rowspan: 1, align: null, ...attrs },
    content: [{ type: 'paragraph', content: [{ type: 'text', text, marks: type === 'tableHeader' ? [{ type: 'bold' }] : [] }] }],
  })

  it('stores a table as the editor writes it (header row, spans, alignment, marks inside cells)', async () => {
    const client = connectClient(own.plank.wsUrl, own.plank.sample.platformId, { cookie: own.cookie })
    await waitSynced(client)
    const schema = getSchema(editorSchemaExtensions())
    const json = {
      type: 'doc',
      content: [
        {
          type: 'table',
          content: [
            { type: 'tableRow', content: [cell('tableHeader', 'Measure'), cell('tableHeader', 'Cost')] },
            { type: 'tableRow', content: [cell('tableCell', 'Rent cap'), cell('tableCell', '€0', { align: 'right' })] },
            { type: 'tableRow', content: [cell('tableCell', 'Both years', { colspan: 2 })] },
          ],
        },
      ],
    }
    // The real conversion the editor's sync plugin uses, into a scratch doc, then copied into the section.
    const scratch = new Y.Doc()
    const written = prosemirrorJSONToYXmlFragment(schema, json, scratch.getXmlFragment('x'))
    const body = client.doc.getXmlFragment(sectionRoot(own.sectionId))
    client.doc.transact(() =>
      body.insert(
        0,
        written.toArray().map((n) => (n as Y.XmlElement).clone()),
      ),
    )
    await waitFor(() => own.stored().includes('Both years') && own.stored().includes('Rent cap'), 'table stored')
    const xml = own.stored()
    expect(xml).toContain('<table>')
    expect(xml).toMatch(/<tableheader [^>]*colspan="1"/)
    expect(xml).toMatch(/<tablecell [^>]*colspan="2"/)
    expect(xml).toMatch(/<tablecell [^>]*align="right"/)
    expect(client.provider.shouldConnect).toBe(true)
    client.destroy()
  })

  const element = (name: string, attrs: Record<string, unknown> = {}, children: Array<Y.XmlElement | Y.XmlText> = []): Y.XmlElement => {
    const el = new Y.XmlElement(name)
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v as string) // y-prosemirror stores attrs as JSON values
    el.insert(0, children)
    return el
  }
  const paragraph = (text: string) => element('paragraph', {}, [new Y.XmlText(text)])
  const table = (cellAttrs: Record<string, unknown>, cellName = 'tableCell') =>
    element('table', {}, [element('tableRow', {}, [element(cellName, cellAttrs, [paragraph('x')])])])

  const cases: Array<[string, (body: Y.XmlFragment) => void]> = [
    ['a table cell directly in the section', (body) => body.insert(0, [element('tableCell', {}, [paragraph('x')])])],
    [
      'a table row directly in a table cell',
      (body) => body.insert(0, [element('table', {}, [element('tableRow', {}, [element('tableCell', {}, [element('tableRow')])])])]),
    ],
    ['text directly in a table row', (body) => body.insert(0, [element('table', {}, [element('tableRow', {}, [new Y.XmlText('loose')])])])],
    ['a paragraph directly in a table', (body) => body.insert(0, [element('table', {}, [paragraph('x')])])],
    ['a colspan of 0', (body) => body.insert(0, [table({ colspan: 0 })])],
    [`a rowspan above ${MAX_TABLE_SPAN}`, (body) => body.insert(0, [table({ rowspan: MAX_TABLE_SPAN + 1 })])],
    ['a colspan given as a string', (body) => body.insert(0, [table({ colspan: '2' })])],
    ['column widths (not kept by the editor)', (body) => body.insert(0, [table({ colwidth: [120] })])],
    ['an alignment the editor does not offer', (body) => body.insert(0, [table({ align: 'justify; background:url(x)' })])],
    ['a style attribute on a table', (body) => body.insert(0, [element('table', { style: 'position:fixed' }, [])])],
    ['a tbody element', (body) => body.insert(0, [element('table', {}, [element('tbody')])])],
  ]

  itRefusesEach(own, cases)
})
