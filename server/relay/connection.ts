import type { Duplex } from 'node:stream'
import type { WebSocket } from 'ws'
import { CloseCode } from '../../shared/protocol.js'
import { WRITE_AT_ONCE_BYTES, holdWritesUntilPassEnds, releaseWrites } from './turn-writes.js'

/**
 * One websocket connected to one platform's room. Its principal `C` is the
 * authenticate hook's context (see hooks.ts): the relay carries it to the
 * hooks, which decide every message the connection sends against it; the
 * relay itself never looks inside it.
 */
export class Connection<C = unknown> {
  /** Awareness client ids this connection has announced (it may announce only these). */
  readonly awarenessIds = new Set<number>()
  /** Answered at all only if the client asked (a stock client would log them as errors). */
  readonly wantsSaveAcks: boolean
  /** How many of this connection's updates wait for structs it has not sent yet (see parked-updates.ts). */
  parkedCount = 0
  parkedBytes = 0
  /** A SaveCheck to answer once nothing is pending. */
  deferredSaveCheck: number | null = null
  private alive = true
  private closed = false

  constructor(
    readonly socket: WebSocket,
    /** Who writes (Admission.userId): Yjs client ids and presence are claimed for it. */
    readonly userId: string,
    /** Replaced when the person's role changes, so the change applies to the next message. */
    public principal: C,
    /** The session it was opened with: signing out or expiry closes it. */
    readonly sessionKey: string,
    options: { wantsSaveAcks: boolean; maxBufferedBytes: number; expiresAt: number; transport: Duplex },
  ) {
    this.transport = options.transport
    this.wantsSaveAcks = options.wantsSaveAcks
    this.expiresAt = options.expiresAt
    this.maxBufferedBytes = options.maxBufferedBytes
    // Any frame from the client proves it is there and being read: a busy
    // writer's pong can sit behind its own backlog of updates for longer than
    // a heartbeat, and dropping it then loses its place for nothing.
    const markAlive = (): void => {
      this.alive = true
    }
    socket.on('pong', markAlive)
    socket.on('ping', markAlive)
    socket.on('message', markAlive)
  }

  private readonly maxBufferedBytes: number
  /** The TCP (or TLS) socket under the websocket: its frames of one event-loop pass leave in one write (turn-writes.ts). */
  private readonly transport: Duplex
  /** When its session expires (epoch ms): the relay closes it then and refuses any message from then on. */
  readonly expiresAt: number

  get isOpen(): boolean {
    return !this.closed && this.socket.readyState === this.socket.OPEN
  }

  /**
   * Sends, unless the client is not reading: a socket whose unsent data keeps
   * growing is dropped (it resyncs when it reconnects) rather than holding
   * the server's memory.
   */
  send(message: Uint8Array): void {
    if (!this.isOpen) return
    if (this.socket.bufferedAmount > this.maxBufferedBytes) {
      this.terminate()
      return
    }
    const large = message.byteLength >= WRITE_AT_ONCE_BYTES
    if (!large) holdWritesUntilPassEnds(this.transport)
    this.socket.send(message, (error) => {
      if (error) this.terminate()
    })
    if (large) releaseWrites(this.transport)
  }

  close(code: number, reason: string): void {
    if (this.closed) return
    this.closed = true
    this.socket.close(code, reason)
  }

  terminate(): void {
    this.closed = true
    this.socket.terminate()
  }

  /** Called periodically: drops a connection from which nothing (no pong, no message) arrived since the last ping. */
  heartbeat(): void {
    if (!this.alive) {
      this.terminate()
      return
    }
    this.alive = false
    try {
      this.socket.ping()
    } catch {
      this.terminate()
    }
  }

  goingAway(): void {
    this.close(CloseCode.GoingAway, 'server shutting down')
  }
}
