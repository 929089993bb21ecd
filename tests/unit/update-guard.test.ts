import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { rootsTouched } from '../../server/relay/update-guard.js'

/** A server document and a client that starts from its state. */
function setup(): { server: Y.Doc; client: Y.Doc; sync(): void; diff(write: () => void): Uint8Array } {
  const server = new Y.Doc()
  const client = new Y.Doc()
  const sync = (): void => {
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server, Y.encodeStateVector(client)))
    Y.applyUpdate(server, Y.encodeStateAsUpdate(client, Y.encodeStateVector(server)))
  }
  const diff = (write: () => void): Uint8Array => {
    const before = Y.encodeStateVector(client)
    write()
    return Y.encodeStateAsUpdate(client, before)
  }
  return { server, client, sync, diff }
}

const roots = (doc: Y.Doc, update: Uint8Array): string[] => {
  const result = rootsTouched(doc, update)
  if (!result.ok) throw new Error(result.reason)
  return [...result.roots].sort()
}

describe('rootsTouched', () => {
  it('names the root of text inserted deep inside nested elements the server already has', () => {
    const { server, client, sync, diff } = setup()
    const list = new Y.XmlElement('bulletList')
    const item = new Y.XmlElement('listItem')
    const text = new Y.XmlText('one')
    item.insert(0, [text])
    list.insert(0, [item])
    client.getXmlFragment('body:a').insert(0, [list])
    sync()
    expect(roots(server, diff(() => text.insert(1, 'X')))).toEqual(['body:a'])
  })

  it('names the root of a deletion of text the server already has', () => {
    const { server, client, sync, diff } = setup()
    const text = new Y.XmlText('hello world')
    client.getXmlFragment('body:b').insert(0, [text])
    sync()
    expect(roots(server, diff(() => text.delete(0, 5)))).toEqual(['body:b'])
  })

  it('names every root of one transaction', () => {
    const { server, client, diff } = setup()
    const update = diff(() =>
      client.transact(() => {
        client.getXmlFragment('body:a').insert(0, [new Y.XmlText('a')])
        client.getMap('gov').set('x', 1)
      }),
    )
    expect(roots(server, update)).toEqual(['body:a', 'gov'])
  })

  it('does not count re-sent deletions the server already applied (a client resends its whole delete set)', () => {
    const { server, client, sync } = setup()
    server.getMap('gov').set('title', 'first')
    sync()
    server.getMap('gov').set('title', 'second') // deletes the first value
    sync()
    client.getXmlFragment('body:c').insert(0, [new Y.XmlText('typed')])
    // A full step-2 style update: every struct the server lacks, plus the whole delete set.
    const update = Y.encodeStateAsUpdate(client, Y.encodeStateVector(server))
    expect(roots(server, update)).toEqual(['body:c'])
  })

  it('does not count a replayed full history (a device copy) as touching gov', () => {
    const { server, client, sync } = setup()
    server.getMap('gov').set('title', 'first')
    server.getMap('gov').set('title', 'second') // deletes the first value
    sync()
    client.getXmlFragment('body:c').insert(0, [new Y.XmlText('typed offline')])
    // Everything the client has, gov structs and their deletions included, as y-indexeddb replays it.
    expect(roots(server, Y.encodeStateAsUpdate(client))).toEqual(['body:c'])
  })

  it('treats what a client inserted and deleted before sending (GC structs) as touching nothing', () => {
    const { server, client, diff } = setup()
    const update = diff(() => {
      const text = new Y.XmlText('temporary')
      client.getXmlFragment('body:d').insert(0, [text])
      client.getXmlFragment('body:d').delete(0, 1)
    })
    const result = rootsTouched(server, update)
    expect(result.ok).toBe(true)
  })

  it('reports an update whose dependencies the server does not have as unresolved', () => {
    const { server, client, diff } = setup()
    diff(() => client.getXmlFragment('body:e').insert(0, [new Y.XmlText('not sent')]))
    const text = client.getXmlFragment('body:e').get(0) as Y.XmlText
    const later = diff(() => text.insert(0, 'depends on unsent'))
    expect(rootsTouched(server, later)).toEqual({ ok: false, reason: 'unresolved' })
  })

  it('reports bytes that are no update as malformed', () => {
    expect(rootsTouched(new Y.Doc(), new Uint8Array([9, 9, 9, 9]))).toEqual({ ok: false, reason: 'malformed' })
  })
})
