import type { Duplex } from 'node:stream'

/**
 * Every frame the relay writes to one socket during one pass of the event
 * loop's poll phase leaves in one write. A room relays each update and each
 * presence change to every connection as it comes; under load one pass reads
 * many sockets, and one system call per frame per connection was the
 * largest part of the relay's CPU at 300 participants. So a socket is corked
 * at its first frame and uncorked once, after the pass (setImmediate runs
 * right after the poll phase): per socket, frames keep their order and leave
 * no later than the end of the pass that produced them.
 */
const corked = new Set<Duplex>()
let flushScheduled = false

function flush(): void {
  flushScheduled = false
  const sockets = [...corked]
  corked.clear()
  // Ending or destroying a socket meanwhile is fine: end() flushes what is
  // corked itself, and uncork() on a destroyed socket does nothing.
  for (const socket of sockets) socket.uncork()
}

/**
 * Frames this large are written at once: a write of its own costs little
 * next to its bytes, and 200 clients syncing a 1 MB document in one pass
 * must not hold 200 MB here until the pass ends.
 */
export const WRITE_AT_ONCE_BYTES = 16 * 1024

/** Writes what `socket` holds now (if it holds anything). */
export function releaseWrites(socket: Duplex): void {
  if (corked.delete(socket)) socket.uncork()
}

/** Holds `socket`'s writes until the end of this pass of the event loop. */
export function holdWritesUntilPassEnds(socket: Duplex): void {
  if (corked.has(socket)) return
  corked.add(socket)
  socket.cork()
  if (!flushScheduled) {
    flushScheduled = true
    setImmediate(flush)
  }
}
