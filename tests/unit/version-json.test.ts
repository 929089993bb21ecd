import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { prosemirrorJSONToYXmlFragment, yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { sectionJson } from '../../shared/content-hash.js'
import { editorSchema } from '../../server/documents/editor-schema.js'
import { authorRuns, clientOwners } from '../../server/versions/authorship.js'
import { writeOnBehalf } from '../../server/documents/write-on-behalf.js'
import { openSqliteStore } from '../../server/store/sqlite/open.js'
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
  it('names the person behind each client id and the one each server write was for, block by block; nobody for the rest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plank-authors-'))
    const store = openSqliteStore(join(dir, 'plank.sqlite'))
    try {
      const a = new Y.Doc()
      const body = a.getXmlFragment('body:s1')
      const paragraph = new Y.XmlElement('paragraph')
      const text = new Y.XmlText()
      paragraph.insert(0, [text])
      body.insert(0, [paragraph])
      text.insert(0, 'We demand housing.')
      store.claimClient('p1', a.clientID, 'ana')
      // The server's document: one write for Ben, then one of its own, then one for Cleo (one merged item).
      const server = new Y.Doc()
      Y.applyUpdate(server, Y.encodeStateAsUpdate(a))
      const serverText = (server.getXmlFragment('body:s1').get(0) as Y.XmlElement).get(0) as Y.XmlText
      writeOnBehalf(store, 'p1', server, 'ben', () => serverText.insert('We demand '.length, 'safe '))
      server.transact(() => serverText.insert('We demand safe '.length, 'and '))
      writeOnBehalf(store, 'p1', server, 'cleo', () => serverText.insert('We demand safe and '.length, 'green '))
      serverText.delete(0, 3)
      expect(authorRuns(server.getXmlFragment('body:s1'), clientOwners(store, 'p1'))).toEqual([
        [
          ['demand ', 'ana'],
          ['safe ', 'ben'],
          ['and ', null],
          ['green ', 'cleo'],
          ['housing.', 'ana'],
        ],
      ])
    } finally {
      await store.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
