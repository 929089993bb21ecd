import { WebSocket } from 'ws'
import { MessageType } from '../../shared/protocol.js'
import { syncUpdateFrame } from './updates.js'

/** A bare websocket to the relay, for sending what no well-behaved client sends. */
export async function openRaw(url: string, cookie?: string): Promise<WebSocket> {
  const socket = new WebSocket(url, cookie ? { headers: { cookie } } : {})
  socket.binaryType = 'nodebuffer'
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve())
    socket.once('error', reject)
  })
  return socket
}

/** Resolves with the close code and reason the server sent. */
export const closed = (socket: WebSocket): Promise<{ code: number; reason: string }> =>
  new Promise((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })))

/**
 * Sends one crafted update over a bare socket (with save acknowledgements);
 * resolves with the close code, or null if the socket stayed open for 400 ms,
 * and whether a Refused message came first.
 */
export async function sendCrafted(url: string, cookie: string, update: Uint8Array): Promise<{ code: number | null; refused: boolean }> {
  const socket = await openRaw(`${url}?saveAcks=1`, cookie)
  let refused = false
  socket.on('message', (data: Buffer) => {
    if (data[0] === MessageType.Refused) refused = true
  })
  const close = closed(socket)
  socket.send(syncUpdateFrame(update))
  const code = await Promise.race([close.then((c) => c.code), new Promise<null>((r) => setTimeout(() => r(null), 400))])
  socket.close()
  return { code, refused }
}
