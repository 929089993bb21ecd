/**
 * The second peer: Hocuspocus (@hocuspocus/server) with no extensions, i.e.
 * in memory, as its README's first example starts it. Run by bench/servers.ts
 * as its own process (HOST, PORT from the environment), like the other peer.
 * Without extensions it keeps nothing once a document's last client leaves.
 */
import { Server } from '@hocuspocus/server'

const server = new Server({
  port: Number(process.env.PORT ?? 1234),
  address: process.env.HOST ?? '127.0.0.1',
  quiet: true,
  // Its default: SIGINT/SIGTERM destroy the server and exit, which is how the bench stops it.
  stopOnSignals: true,
})
await server.listen()
