import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'
import * as Y from 'yjs'
import { MessageType } from '../../shared/protocol.js'

export const syncUpdateFrame = (update: Uint8Array): Uint8Array => {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MessageType.Sync)
  syncProtocol.writeUpdate(encoder, update)
  return encoding.toUint8Array(encoder)
}

/** Presence entries in the awareness update format (client id, clock, JSON state), as a client would encode them. */
export function awarenessEntries(entries: Array<{ clientId: number; clock: number; state: unknown }>): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, entries.length)
  for (const e of entries) {
    encoding.writeVarUint(encoder, e.clientId)
    encoding.writeVarUint(encoder, e.clock)
    encoding.writeVarString(encoder, JSON.stringify(e.state))
  }
  return encoding.toUint8Array(encoder)
}

/** An update made on top of `base`'s current state by `write`, as a crafted client would send it. */
export function updateOn(base: Y.Doc, write: (doc: Y.Doc) => void): Uint8Array {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(base))
  const before = Y.encodeStateVector(doc)
  write(doc)
  return Y.encodeStateAsUpdate(doc, before)
}
