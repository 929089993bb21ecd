import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'
import type { WebSocket } from 'ws'
import { MessageType } from '../../shared/protocol.js'
import { encodeSaveCheck } from '../../shared/protocol-messages.js'
import { openRaw } from './raw-socket.js'
import { syncUpdateFrame } from './updates.js'

/**
 * What the relay did with one message:
 * - applied: it answered the SaveCheck sent after it (stored, or changed nothing);
 * - parked: it answered the sync step 1 sent after it but not the SaveCheck
 *   (held as waiting for dependencies); the sender reconnects, dropping it;
 * - refused / malformed / tooLarge / closed: the server closed the socket (4403 / 4400 / 4413 / other);
 * - timeout: no answer at all within the time limit.
 */
export type Outcome = 'applied' | 'parked' | 'refused' | 'malformed' | 'tooLarge' | 'closed' | 'timeout'

export interface SendResult {
  outcome: Outcome
  closeCode: number | null
  /** The server sent a Refused message before closing. */
  refusedMessage: boolean
}

export interface SendOptions {
  /** Keep the connection after a parked update, so that a later update can release it. */
  keepParked?: boolean
}

const stepOneFrame = (stateVector: Uint8Array): Uint8Array => {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MessageType.Sync)
  encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep1)
  encoding.writeVarUint8Array(encoder, stateVector)
  return encoding.toUint8Array(encoder)
}

/**
 * A raw websocket sender of crafted frames over one room, asking for SaveCheck
 * answers (`saveAcks=1`, as Plank's client does). It reconnects whenever the
 * server closed the socket, and after an update was parked.
 */
export class HostileSender {
  private socket: WebSocket | null = null
  private checkId = 0
  connects = 0

  constructor(
    private readonly roomUrl: string,
    private readonly cookie: string | undefined,
    /** A state vector close to the server's, so the probe's answer (sync step 2) stays small. */
    private readonly stateVector: () => Uint8Array,
    private readonly timeoutMs = 10_000,
  ) {}

  private async connected(): Promise<WebSocket> {
    if (this.socket && this.socket.readyState === this.socket.OPEN) return this.socket
    this.socket = await openRaw(`${this.roomUrl}${this.roomUrl.includes('?') ? '&' : '?'}saveAcks=1`, this.cookie)
    this.connects++
    return this.socket
  }

  /** Sends one update (as a sync update message) and waits for what the relay did. */
  sendUpdate(update: Uint8Array, options: SendOptions = {}): Promise<SendResult> {
    return this.sendFrame(syncUpdateFrame(update), options)
  }

  /**
   * Sends any frame (binary, or a text frame for a string) followed by a
   * SaveCheck and a sync step 1. A connection refused for too many open
   * sockets (4429: the server has not yet counted the previous one out) is
   * retried; the frame was not handled.
   */
  async sendFrame(frame: Uint8Array | string, options: SendOptions = {}): Promise<SendResult> {
    for (let attempt = 0; ; attempt++) {
      const result = await this.sendOnce(frame, options)
      if (result.closeCode !== 4429 || attempt >= 50) return result
      await new Promise((r) => setTimeout(r, 20 * (attempt + 1)))
    }
  }

  private async sendOnce(frame: Uint8Array | string, options: SendOptions): Promise<SendResult> {
    const socket = await this.connected()
    const id = ++this.checkId
    return new Promise<SendResult>((resolve) => {
      let refusedMessage = false
      let acked = false
      let settled = false
      const finish = (outcome: Outcome, closeCode: number | null): void => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        socket.off('message', onMessage)
        socket.off('close', onClose)
        if (outcome === 'parked' && !options.keepParked) {
          // Drop what the server holds for this connection: start afresh.
          socket.terminate()
          this.socket = null
        }
        resolve({ outcome, closeCode, refusedMessage })
      }
      const onMessage = (data: Buffer): void => {
        try {
          const decoder = decoding.createDecoder(new Uint8Array(data))
          const type = decoding.readVarUint(decoder)
          if (type === MessageType.Refused) refusedMessage = true
          else if (type === MessageType.SaveCheck && decoding.readVarUint(decoder) === id) acked = true
          else if (type === MessageType.Sync && decoding.readVarUint(decoder) === syncProtocol.messageYjsSyncStep2) {
            // The probe's answer: everything before it on this socket was handled.
            finish(acked ? 'applied' : 'parked', null)
          }
        } catch {
          // Not ours to judge here: any frame the server sends is checked by other tests.
        }
      }
      const onClose = (code: number): void => {
        this.socket = null
        finish(code === 4403 ? 'refused' : code === 4400 ? 'malformed' : code === 4413 ? 'tooLarge' : 'closed', code)
      }
      const timer = setTimeout(() => {
        socket.terminate()
        this.socket = null
        finish('timeout', null)
      }, this.timeoutMs)
      socket.on('message', onMessage)
      socket.on('close', onClose)
      socket.send(frame)
      socket.send(encodeSaveCheck(id))
      socket.send(stepOneFrame(this.stateVector()))
    })
  }

  close(): void {
    this.socket?.terminate()
    this.socket = null
  }
}
