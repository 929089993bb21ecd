import { readFileSync } from 'node:fs'
import { prosemirrorJSONToYXmlFragment, yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { sectionJson } from '../../shared/content-hash.js'
import { editorSchema } from '../../server/documents/editor-schema.js'
import { authorRuns } from '../../server/versions/authorship.js'
import { proseMirrorJson } from '../../server/versions/versions.js'

const everyNode = JSON.parse(readFileSync('tests/fixtures/export/every-node.json', 'utf8')) as Record<string, unknown>

describe('a version’s text as ProseMirror JSON', () => {
  it('is what y-tiptap reads from the same fragment, for a text with every node and mark the editor allows', () => {
    const doc = new Y.Doc()
    const fragment = prosemirrorJSONToYXmlFragment(editorSchema(), everyNode, doc.getXmlFragment('body:s1'))
    const expected = yXmlFragmentToProseMirrorRootNode(fragment, editorSchema()).toJSON()
    expect(proseMirrorJson(sectionJson(fragment))).toEqual(expected)
  })
})

describe('who wrote which words', () => {
  it('names the person behind each client id, block by block, and nobody for unclaimed ids', () => {
    const a = new Y.Doc()
    const body = a.getXmlFragment('body:s1')
    const paragraph = new Y.XmlElement('paragraph')
    const text = new Y.XmlText()
    paragraph.insert(0, [text])
    body.insert(0, [paragraph])
    text.insert(0, 'We demand housing.')
    const b = new Y.Doc()
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    const bText = (b.getXmlFragment('body:s1').get(0) as Y.XmlElement).get(0) as Y.XmlText
    bText.insert('We demand '.length, 'safe ')
    bText.delete(0, 3)
    const owners = new Map([[a.clientID, 'ana']])
    const runs = authorRuns(b.getXmlFragment('body:s1'), (client) => owners.get(client) ?? null)
    expect(runs).toEqual([
      [
        ['demand ', 'ana'],
        ['safe ', null],
        ['housing.', 'ana'],
      ],
    ])
  })
})
