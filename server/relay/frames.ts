/**
 * Every frame the relay sends is built here, so that what goes on the wire
 * can be read in one place: y-websocket's own messages (sync step 1 and 2,
 * update, awareness) and Plank's extras (save ack, refused), whose encoders
 * live in shared/protocol-messages.ts because the client decodes them too.
 * Close codes are in shared/protocol.ts (CloseCode).
 */
import * as awarenessProtocol from 'y-protocols/awareness'
import * as syncProtocol from 'y-protocols/sync'
import * as encoding from 'lib0/encoding'
import type * as Y from 'yjs'
import { MessageType, type RefusalReason, type ServerStatusValue } from '../../shared/protocol.js'
import { encodeRefused, encodeSaveCheck, encodeServerStatus } from '../../shared/protocol-messages.js'

const frame = (type: number, write: (encoder: encoding.Encoder) => void): Uint8Array => {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, type)
  write(encoder)
  return encoding.toUint8Array(encoder)
}

/** Sync step 1: the server's state vector, asking for what the client has that the server lacks. */
export const syncStep1Frame = (doc: Y.Doc): Uint8Array => frame(MessageType.Sync, (e) => syncProtocol.writeSyncStep1(e, doc))

/** Sync step 2 answering a client's step 1 (its encoded state vector): what the server has that the client lacks. */
export const syncStep2Frame = (doc: Y.Doc, stateVector: Uint8Array): Uint8Array =>
  frame(MessageType.Sync, (e) => syncProtocol.writeSyncStep2(e, doc, stateVector))

/** A stored update, relayed to the other connections. */
export const updateFrame = (update: Uint8Array): Uint8Array => frame(MessageType.Sync, (e) => syncProtocol.writeUpdate(e, update))

/** The presence states of `clients` (removed ones included, as awareness encodes them). */
export const awarenessFrame = (awareness: awarenessProtocol.Awareness, clients: number[]): Uint8Array =>
  frame(MessageType.Awareness, (e) => encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(awareness, clients)))

/** "Saved up to here": echoes a SaveCheck once everything sent before it is stored. */
export const saveAckFrame = (checkId: number): Uint8Array => encodeSaveCheck(checkId)

/** The update was refused (not applied, stored or relayed); the close with CloseCode.Forbidden follows. */
export const refusedFrame = (reason: RefusalReason): Uint8Array => encodeRefused(reason)

/** Whether edits reach the other instances now (multi-instance mode); only Plank's own client gets it. */
export const serverStatusFrame = (status: ServerStatusValue): Uint8Array => encodeServerStatus(status)

/** The awareness update inside an awareness frame, without the frame: what the cluster carries to other instances. */
export const awarenessUpdate = (awareness: awarenessProtocol.Awareness, clients: number[]): Uint8Array =>
  awarenessProtocol.encodeAwarenessUpdate(awareness, clients)
