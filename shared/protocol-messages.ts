import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { MessageType, ServerStatus, type RefusalReason, type ServerStatusValue } from './protocol.js'

/**
 * Plank's extra relay messages, encoded like y-websocket's own: a varUint
 * message type, then the payload. Client and server use these same functions.
 */
export function encodeSaveCheck(checkId: number): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MessageType.SaveCheck)
  encoding.writeVarUint(encoder, checkId)
  return encoding.toUint8Array(encoder)
}

export function encodeRefused(reason: RefusalReason): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MessageType.Refused)
  encoding.writeVarString(encoder, reason)
  return encoding.toUint8Array(encoder)
}

/** Reads a SaveCheck payload (after the message type). */
export const readSaveCheck = (decoder: decoding.Decoder): number => decoding.readVarUint(decoder)

/** Reads a Refused payload (after the message type). */
export const readRefused = (decoder: decoding.Decoder): string => decoding.readVarString(decoder)

export function encodeServerStatus(status: ServerStatusValue): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MessageType.ServerStatus)
  encoding.writeVarUint(encoder, status)
  return encoding.toUint8Array(encoder)
}

/** Reads a ServerStatus payload; a value this version does not know reads as live (nothing to warn of that it can explain). */
export const readServerStatus = (decoder: decoding.Decoder): ServerStatusValue =>
  decoding.readVarUint(decoder) === ServerStatus.notLiveAcrossInstances ? ServerStatus.notLiveAcrossInstances : ServerStatus.live
