/**
 * The bytes of a cluster event on the Redis channel. Only Plank instances
 * publish there, but a message is still decoded defensively: one that does
 * not decode is dropped and logged, never thrown into the event loop.
 */
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import type { GovTouched } from '../gov/touched.js'
import type { ClusterEvent } from './cluster.js'

/** Bumped when the layout changes: instances of two versions ignore each other's events instead of misreading them. */
const FORMAT = 1
const KINDS = ['update', 'awareness', 'principals', 'closeSession', 'gov', 'resync'] as const

export interface ClusterMessage {
  /** The publishing instance: an instance ignores its own messages. */
  from: string
  sentAt: number
  event: ClusterEvent
}

export function encodeClusterMessage(message: ClusterMessage): Uint8Array {
  const e = encoding.createEncoder()
  const { event } = message
  encoding.writeUint8(e, FORMAT)
  encoding.writeVarString(e, message.from)
  encoding.writeFloat64(e, message.sentAt)
  encoding.writeUint8(e, KINDS.indexOf(event.kind))
  switch (event.kind) {
    case 'update':
      encoding.writeVarString(e, event.room)
      encoding.writeFloat64(e, event.acceptedAt)
      encoding.writeVarUint8Array(e, event.update)
      break
    case 'awareness':
      encoding.writeVarString(e, event.room)
      encoding.writeVarUint8Array(e, event.update)
      break
    case 'principals':
      encoding.writeVarString(e, event.platformId)
      encoding.writeVarString(e, event.personId)
      break
    case 'closeSession':
      encoding.writeVarString(e, event.sessionKey)
      break
    case 'gov':
      encoding.writeVarString(e, event.platformId)
      encoding.writeUint8(e, event.projected ? 1 : 0)
      // GovTouched entries are small objects of strings: JSON is their plainest form.
      encoding.writeVarString(e, JSON.stringify(event.touched))
      break
    case 'resync':
      break
  }
  return encoding.toUint8Array(e)
}

/** The message, or null if these bytes are not one this version reads. */
export function decodeClusterMessage(bytes: Uint8Array): ClusterMessage | null {
  try {
    const d = decoding.createDecoder(bytes)
    if (decoding.readUint8(d) !== FORMAT) return null
    const from = decoding.readVarString(d)
    const sentAt = decoding.readFloat64(d)
    const kind = KINDS[decoding.readUint8(d)]
    let event: ClusterEvent
    switch (kind) {
      case 'update': {
        const room = decoding.readVarString(d)
        const acceptedAt = decoding.readFloat64(d)
        event = { kind, room, acceptedAt, update: decoding.readVarUint8Array(d) }
        break
      }
      case 'awareness': {
        const room = decoding.readVarString(d)
        event = { kind, room, update: decoding.readVarUint8Array(d) }
        break
      }
      case 'principals': {
        const platformId = decoding.readVarString(d)
        event = { kind, platformId, personId: decoding.readVarString(d) }
        break
      }
      case 'closeSession':
        event = { kind, sessionKey: decoding.readVarString(d) }
        break
      case 'gov': {
        const platformId = decoding.readVarString(d)
        const projected = decoding.readUint8(d) === 1
        const touched = parseTouched(decoding.readVarString(d))
        if (touched === undefined) return null
        event = { kind, platformId, projected, touched }
        break
      }
      case 'resync':
        event = { kind }
        break
      default:
        return null
    }
    if (decoding.hasContent(d)) return null
    return { from, sentAt, event }
  } catch {
    // lib0 throws on a read past the end.
    return null
  }
}

/** A gov event's touched keys: null (everything) or an array of objects naming a `kind`; undefined if neither. */
function parseTouched(json: string): GovTouched[] | null | undefined {
  const parsed: unknown = JSON.parse(json)
  if (parsed === null) return null
  if (!Array.isArray(parsed)) return undefined
  const isKey = (key: unknown): boolean => typeof key === 'object' && key !== null && typeof (key as { kind?: unknown }).kind === 'string'
  // Published by another Plank instance of the same format: the shape is trusted once it is checked this far.
  return parsed.every(isKey) ? (parsed as GovTouched[]) : undefined
}
