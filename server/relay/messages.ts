import * as syncProtocol from 'y-protocols/sync'
import * as decoding from 'lib0/decoding'
import { CloseCode, MessageType } from '../../shared/protocol.js'
import type { Connection } from './connection.js'
import { awarenessFrame, saveAckFrame } from './frames.js'
import type { Room } from './room.js'
import { handlePresence } from './presence.js'
import { receiveUpdate } from './client-updates.js'

/** Thrown for input that does not follow the protocol; the connection is closed 4400. */
class MalformedMessage extends Error {}

/**
 * Handles one binary message from a connection. Every update is checked
 * before it is applied; a message that breaks the protocol closes only its
 * own connection.
 */
export interface MessageOptions {
  /** Bytes of updates a connection may have waiting for their dependencies. */
  maxPendingBytes: number
  log: (line: string) => void
}

export function handleMessage<C>(room: Room<C>, conn: Connection<C>, data: Uint8Array, options: MessageOptions): void {
  try {
    const decoder = decoding.createDecoder(data)
    const type = decoding.readVarUint(decoder)
    switch (type) {
      case MessageType.Sync:
        handleSync(room, conn, decoder, options)
        break
      case MessageType.Awareness:
        handlePresence(room, conn, decoding.readVarUint8Array(decoder))
        break
      case MessageType.QueryAwareness: {
        const ids = [...room.awareness.getStates().keys()]
        if (ids.length > 0) conn.send(awarenessFrame(room.awareness, ids))
        break
      }
      case MessageType.SaveCheck: {
        // Messages on a socket are handled in order; the updates applied before
        // this one are stored first (room.storePending), so all are on disk.
        const checkId = decoding.readVarUint(decoder)
        if (!conn.wantsSaveAcks) break
        // An update still waiting for its dependencies is not stored yet.
        if (conn.parkedCount > 0) conn.deferredSaveCheck = checkId
        else if (room.storePending()) conn.send(saveAckFrame(checkId))
        break
      }
      default:
        throw new MalformedMessage(`unknown message type ${type}`)
    }
  } catch (error) {
    if (room.failed) return
    if (isInputError(error)) {
      conn.close(CloseCode.Malformed, error instanceof MalformedMessage ? error.message : 'malformed message')
      return
    }
    // Not the client's fault: a bug of ours. Visible, counted, and the client may reconnect.
    faults++
    options.log(
      `relay: FAULT #${faults} handling a ${messageTypeName(data)} message of ${room.hooks.describe(conn.userId, conn.principal)} on platform ${room.name}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    )
    conn.close(CloseCode.ServerError, 'server fault, reconnect')
  }
}

let faults = 0
/** Unexpected exceptions while handling websocket messages since the process started. */
export const relayFaultCount = (): number => faults

/**
 * Errors that mean the bytes were not a valid message: Plank's own, lib0's
 * decoding errors (reading past the end, an integer out of range) and JSON
 * syntax errors in presence.
 */
const isInputError = (error: unknown): boolean =>
  error instanceof MalformedMessage ||
  error instanceof SyntaxError ||
  (error instanceof Error && /^(Unexpected end of array|Integer out of Range)/.test(error.message))

const TYPE_NAMES: Record<number, string> = {
  [MessageType.Sync]: 'sync',
  [MessageType.Awareness]: 'awareness',
  [MessageType.Auth]: 'auth',
  [MessageType.QueryAwareness]: 'query-awareness',
  [MessageType.SaveCheck]: 'save-check',
}

function messageTypeName(data: Uint8Array): string {
  try {
    return TYPE_NAMES[decoding.readVarUint(decoding.createDecoder(data))] ?? 'unknown'
  } catch {
    return 'unreadable'
  }
}

function handleSync<C>(room: Room<C>, conn: Connection<C>, decoder: decoding.Decoder, options: MessageOptions): void {
  const syncType = decoding.readVarUint(decoder)
  switch (syncType) {
    case syncProtocol.messageYjsSyncStep1:
      // What a client is sent is stored first.
      {
        const stateVector = decoding.readVarUint8Array(decoder)
        if (room.storePending()) conn.send(room.syncStep2For(stateVector))
      }
      break
    case syncProtocol.messageYjsSyncStep2:
    case syncProtocol.messageYjsUpdate:
      receiveUpdate(room, conn, decoding.readVarUint8Array(decoder), { maxParkedBytes: options.maxPendingBytes, log: options.log })
      break
    default:
      throw new MalformedMessage(`unknown sync message type ${syncType}`)
  }
}
