import * as encoding from 'lib0/encoding'
import * as Y from 'yjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sectionRoot } from '../../shared/documents.js'
import { CloseCode, MessageType } from '../../shared/protocol.js'
import { appendParagraph, connectClient, nextTerminalClose, sectionText, waitFor, waitSynced, type Client } from '../helpers/clients.js'
import { closed, openRaw } from '../helpers/raw-socket.js'
import { syncUpdateFrame } from '../helpers/updates.js'
import { startPlank, type RunningPlank } from '../helpers/server.js'

const awarenessFrame = (json: string): Uint8Array => {
  const inner = encoding.createEncoder()
  encoding.writeVarUint(inner, 1) // one client
  encoding.writeVarUint(inner, 12345) // client id
  encoding.writeVarUint(inner, 1) // clock
  encoding.writeVarString(inner, json)
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MessageType.Awareness)
  encoding.writeVarUint8Array(encoder, encoding.toUint8Array(inner))
  return encoding.toUint8Array(encoder)
}

/** An update made on top of the platform's current state, touching the given roots. */
function updateTouching(base: Y.Doc, write: (doc: Y.Doc) => void): Uint8Array {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(base))
  const before = Y.encodeStateVector(doc)
  write(doc)
  return Y.encodeStateAsUpdate(doc, before)
}

describe('bad input to the relay', () => {
  let plank: RunningPlank
  let witnessA: Client
  let witnessB: Client
  let roomUrl: string
  let cookie: string

  const storedSeq = (): number => plank.plank.store.loadDocument(plank.sample.platformId).lastSeq

  /** The two well-behaved clients still exchange edits. */
  async function othersStillWork(label: string): Promise<void> {
    const sectionId = plank.sample.sectionIds[0]!
    appendParagraph(witnessA.doc, sectionId, label)
    await waitFor(() => sectionText(witnessB.doc, sectionId).includes(label), `witness edit "${label}"`)
  }

  beforeAll(async () => {
    plank = await startPlank({ config: { maxMessageBytes: 256 * 1024 } })
    cookie = await plank.cookieFor(plank.person('facilitator').id)
    roomUrl = `${plank.wsUrl}/${plank.sample.platformId}`
    witnessA = connectClient(plank.wsUrl, plank.sample.platformId, { cookie })
    witnessB = connectClient(plank.wsUrl, plank.sample.platformId, { cookie })
    await Promise.all([waitSynced(witnessA), waitSynced(witnessB)])
  })
  afterAll(async () => {
    witnessA.destroy()
    witnessB.destroy()
    await plank.close()
  })

  const malformed: Array<[string, Uint8Array | string]> = [
    ['truncated varint', new Uint8Array([0xff, 0xff])],
    ['unknown message type', new Uint8Array([42])],
    ['unknown sync message type', new Uint8Array([0, 9])],
    ['undecodable update', syncUpdateFrame(new Uint8Array([1, 2, 3, 250, 250, 250]))],
    ['awareness with invalid JSON', awarenessFrame('{not json')],
    ['text frame', 'hello'],
  ]
  for (const [label, frame] of malformed) {
    it(`closes a connection that sends ${label} with 4400, stores nothing, others keep working`, async () => {
      const before = storedSeq()
      const socket = await openRaw(roomUrl, cookie)
      const close = closed(socket)
      socket.send(frame)
      const { code, reason } = await close
      expect(code).toBe(CloseCode.Malformed)
      expect(reason.length).toBeGreaterThan(0)
      expect(storedSeq()).toBe(before)
      await othersStillWork(`after ${label}`)
    })
  }

  it('closes a frame over the size limit with 4413, stores nothing, others keep working', async () => {
    const before = storedSeq()
    const socket = await openRaw(roomUrl, cookie)
    const close = closed(socket)
    const big = updateTouching(witnessA.doc, (doc) => {
      const p = new Y.XmlElement('paragraph')
      p.insert(0, [new Y.XmlText('x'.repeat(300 * 1024))])
      doc.getXmlFragment(sectionRoot(plank.sample.sectionIds[0]!)).insert(0, [p])
    })
    socket.send(syncUpdateFrame(big))
    expect((await close).code).toBe(CloseCode.TooLarge)
    expect(storedSeq()).toBe(before)
    await othersStillWork('after oversized')
  })

  it('closes an unknown platform with 4404', async () => {
    const client = connectClient(plank.wsUrl, 'no-such-platform', { cookie })
    expect((await nextTerminalClose(client)).code).toBe(CloseCode.UnknownPlatform)
    client.destroy()
  })

  const forbidden: Array<[string, (doc: Y.Doc, sectionId: string) => void]> = [
    ['the gov map', (doc) => doc.getMap('gov').set('platform', { id: 'x', title: 'Hijacked', adopted: false })],
    ['a root that is no section', (doc) => doc.getXmlFragment('notes').insert(0, [new Y.XmlText('x')])],
    ['the body of an unknown section', (doc) => doc.getXmlFragment(sectionRoot('nope')).insert(0, [new Y.XmlText('x')])],
    [
      'a section and the gov map in one update',
      (doc, sectionId) => {
        doc.transact(() => {
          doc.getXmlFragment(sectionRoot(sectionId)).insert(0, [new Y.XmlText('allowed part')])
          doc.getMap('gov').delete('sections')
        })
      },
    ],
  ]
  for (const [label, write] of forbidden) {
    it(`refuses a write to ${label} with 4403 (and a Refused message), applying and storing nothing`, async () => {
      const before = storedSeq()
      const govBefore = JSON.stringify(plank.plank.rooms.get(plank.sample.platformId)!.doc.getMap('gov').toJSON())
      const socket = await openRaw(`${roomUrl}?saveAcks=1`, cookie)
      const frames: Buffer[] = []
      socket.on('message', (data: Buffer) => frames.push(data))
      const close = closed(socket)
      socket.send(syncUpdateFrame(updateTouching(witnessA.doc, (doc) => write(doc, plank.sample.sectionIds[0]!))))
      expect((await close).code).toBe(CloseCode.Forbidden)
      expect(frames.some((f) => f[0] === MessageType.Refused)).toBe(true)
      expect(storedSeq()).toBe(before)
      const room = plank.plank.rooms.get(plank.sample.platformId)!
      expect(JSON.stringify(room.doc.getMap('gov').toJSON())).toBe(govBefore)
      expect(sectionText(room.doc, plank.sample.sectionIds[0]!)).not.toContain('allowed part')
      await othersStillWork(`after refused ${label}`)
    })
  }
})
