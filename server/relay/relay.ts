import type { IncomingMessage, Server } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type RawData, type WebSocket } from 'ws'
import { DEFAULT_HEARTBEAT_MS } from '../../shared/limits.js'
import { CloseCode, SAVE_ACK_PARAM, ServerStatus, WS_PATH_PREFIX } from '../../shared/protocol.js'
import { isCrossSite } from '../identity/same-origin.js'
import { ConnectionCaps } from './connection-caps.js'
import { Connection } from './connection.js'
import { awarenessFrame, serverStatusFrame, syncStep1Frame } from './frames.js'
import { handleMessage } from './messages.js'
import type { Room } from './room.js'
import type { Rooms } from './rooms.js'

export interface RelayOptions {
  maxMessageBytes: number
  maxBufferedBytes: number
  /** The client's address as req.ip gives it (the trusted proxy setting applies). */
  clientAddress(request: IncomingMessage): string
  maxSocketsPerSession: number
  maxSocketsPerAddress: number
  /** How often every connection is pinged; one from which nothing arrived since the last ping is dropped. */
  heartbeatMs?: number
  log: (line: string) => void
}

/** setTimeout's longest delay; a later expiry is re-armed in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1

/** ws closes an oversized frame with 1009; Plank's documented code is 4413 ("do not reconnect"). */
function closeOversizedWith4413(socket: WebSocket): void {
  const close = socket.close.bind(socket)
  socket.close = (code?: number, reason?: string | Buffer) => (code === 1009 ? close(CloseCode.TooLarge, 'message too large') : close(code, reason))
}

const toBytes = (data: RawData): Uint8Array => {
  if (data instanceof ArrayBuffer) return new Uint8Array(data)
  const buffer = Array.isArray(data) ? Buffer.concat(data) : data
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength)
}

/**
 * The y-websocket relay: one room per platform at `/ws/<platformId>`.
 * Attaches to the HTTP server's upgrade event; returns a function that
 * closes every connection, and the count of those open (for /metrics).
 */
export function attachRelay<C>(server: Server, rooms: Rooms<C>, options: RelayOptions): { close(): void; openConnections(): number } {
  const hooks = rooms.hooks
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxMessageBytes })
  const connections = new Set<Connection<C>>()
  const caps = new ConnectionCaps({ perSession: options.maxSocketsPerSession, perAddress: options.maxSocketsPerAddress })
  const messageOptions = { maxPendingBytes: options.maxMessageBytes, log: options.log }

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(request.url ?? '/', 'http://plank')
    if (!url.pathname.startsWith(WS_PATH_PREFIX)) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n')
      return
    }
    // A page on another origin (another port, a sibling subdomain) would open the relay with the
    // person's cookie: refused before any credential is looked at, as the HTTP API refuses it.
    if (isCrossSite(request.headers)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
      return
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      closeOversizedWith4413(ws)
      let platformId: string
      try {
        platformId = decodeURIComponent(url.pathname.slice(WS_PATH_PREFIX.length))
      } catch {
        platformId = ''
      }
      // Close codes exist only on an open websocket, so refusals come after the upgrade.
      const auth = hooks.authenticate(request, platformId, url.searchParams)
      if (!auth.ok) {
        ws.close(auth.code, auth.reason)
        return
      }
      const address = options.clientAddress(request)
      if (!caps.admit(auth.sessionKey, address)) {
        ws.close(CloseCode.TooManyConnections, 'too many connections')
        return
      }
      // Counted out when the socket closes, whichever way it closes.
      ws.once('close', () => caps.release(auth.sessionKey, address))
      let room: Room<C> | null
      try {
        room = rooms.open(platformId)
      } catch (error) {
        // The store refused a write while opening (disk full…): transient, never a zombie room.
        options.log(`relay: could not open ${platformId}: ${(error as Error).message}`)
        ws.close(CloseCode.ServerError, 'storage failure, try again later')
        return
      }
      if (!room) {
        ws.close(CloseCode.UnknownPlatform, 'unknown platform')
        return
      }
      const conn = new Connection(ws, auth.userId, auth.context, auth.sessionKey, {
        wantsSaveAcks: url.searchParams.get(SAVE_ACK_PARAM) === '1',
        maxBufferedBytes: options.maxBufferedBytes,
        expiresAt: auth.expiresAt,
        transport: socket,
      })
      connections.add(conn)
      // The session's end closes the socket at that moment, not at the next heartbeat.
      let expiryTimer: NodeJS.Timeout | null = null
      const armExpiry = (): void => {
        const wait = conn.expiresAt - Date.now()
        if (wait <= 0) {
          conn.close(CloseCode.Unauthenticated, 'session expired')
          return
        }
        expiryTimer = setTimeout(armExpiry, Math.min(wait, MAX_TIMER_MS))
        expiryTimer.unref()
      }
      armExpiry()
      room.add(conn)
      ws.on('message', (data, isBinary) => {
        // Cheap on every message: nothing from an expired session is applied, even before its timer fires.
        if (Date.now() >= conn.expiresAt) {
          conn.close(CloseCode.Unauthenticated, 'session expired')
          return
        }
        if (!isBinary) {
          conn.close(CloseCode.Malformed, 'text frames are not part of the protocol')
          return
        }
        handleMessage(room, conn, toBytes(data), messageOptions)
      })
      ws.on('error', () => conn.terminate())
      ws.on('close', () => {
        if (expiryTimer) clearTimeout(expiryTimer)
        connections.delete(conn)
        room.remove(conn)
        rooms.released(room)
      })
      // Start the sync: ask for what the client has that the server lacks.
      conn.send(syncStep1Frame(room.doc))
      const present = [...room.awareness.getStates().keys()]
      if (present.length > 0) conn.send(awarenessFrame(room.awareness, present))
      // Changes later are sent by cluster-events.ts.
      if (conn.wantsSaveAcks && !rooms.cluster.live) conn.send(serverStatusFrame(ServerStatus.notLiveAcrossInstances))
    })
  })

  const heartbeat = setInterval(() => {
    for (const conn of connections) {
      if (hooks.sessionAlive(conn.sessionKey)) conn.heartbeat()
      else conn.close(CloseCode.Unauthenticated, 'session ended')
    }
  }, options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS)
  heartbeat.unref()

  return {
    openConnections: () => connections.size,
    close() {
      clearInterval(heartbeat)
      for (const conn of connections) conn.goingAway()
      connections.clear()
      wss.close()
    },
  }
}
