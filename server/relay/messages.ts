import * as awarenessProtocol from 'y-protocols/awareness'
import * as syncProtocol from 'y-protocols/sync'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as Y from 'yjs'
import { CloseCode, MessageType } from '../../shared/protocol.js'
import { encodeSaveCheck } from '../../shared/protocol-messages.js'
import type { Connection } from './connection.js'
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
  /** Benchmarks only: false skips the permission check, to measure what it costs. */
  checkUpdates: boolean
  log: (line: string) => void
}

export function handleMessage(room: Room, conn: Connection, data: Uint8Array, options: MessageOptions): void {
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
        if (ids.length > 0) {
          const encoder = encoding.createEncoder()
          encoding.writeVarUint(encoder, MessageType.Awareness)
          encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(room.awareness, ids))
          conn.send(encoding.toUint8Array(encoder))
        }
        break
      }
      case MessageType.SaveCheck: {
        // Messages on a socket are handled in order and each update was stored
        // when it was applied, so everything sent before this is on disk.
        const checkId = decoding.readVarUint(decoder)
        if (!conn.wantsSaveAcks) break
        // An update still waiting for its dependencies is not stored yet.
        if (conn.parkedCount > 0) conn.deferredSaveCheck = checkId
        else conn.send(encodeSaveCheck(checkId))
        break
      }
      default:
        throw new MalformedMessage(`unknown message type ${type}`)
    }
  } catch (error) {
    if (room.failed) return
    const reason = error instanceof MalformedMessage ? error.message : 'malformed message'
    conn.close(CloseCode.Malformed, reason)
  }
}

function handleSync(room: Room, conn: Connection, decoder: decoding.Decoder, options: MessageOptions): void {
  const syncType = decoding.readVarUint(decoder)
  switch (syncType) {
    case syncProtocol.messageYjsSyncStep1: {
      const encoder = encoding.createEncoder()
      encoding.writeVarUint(encoder, MessageType.Sync)
      syncProtocol.readSyncStep1(decoder, encoder, room.doc)
      conn.send(encoding.toUint8Array(encoder))
      break
    }
    case syncProtocol.messageYjsSyncStep2:
    case syncProtocol.messageYjsUpdate:
      {
      const update = decoding.readVarUint8Array(decoder)
      if (options.checkUpdates) receiveUpdate(room, conn, update, { maxParkedBytes: options.maxPendingBytes, log: options.log })
      else Y.applyUpdate(room.doc, update, conn)
    }
      break
    default:
      throw new MalformedMessage(`unknown sync message type ${syncType}`)
  }
}
