import type { WebSocket } from 'ws'
import type { Principal } from '../../shared/permissions.js'
import { CloseCode } from '../../shared/protocol.js'

/**
 * One websocket connected to one platform's room. The principal is fixed at
 * upgrade; every message the connection sends is decided against it.
 */
export class Connection {
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
    /** Replaced when the person's role changes, so the change applies to the next message. */
    public principal: Principal,
    /** The session it was opened with: signing out or expiry closes it. */
    readonly sessionKey: string,
    options: { wantsSaveAcks: boolean; maxBufferedBytes: number; expiresAt: number },
  ) {
    this.wantsSaveAcks = options.wantsSaveAcks
    this.expiresAt = options.expiresAt
    this.maxBufferedBytes = options.maxBufferedBytes
    socket.on('pong', () => {
      this.alive = true
    })
  }

  private readonly maxBufferedBytes: number
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
    this.socket.send(message, (error) => {
      if (error) this.terminate()
    })
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

  /** Called periodically: drops a connection that did not answer the last ping. */
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
