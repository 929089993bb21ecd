import { WebSocket } from 'ws'

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
