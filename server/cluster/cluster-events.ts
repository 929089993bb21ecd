/**
 * What this instance does with the other instances' events (multi-instance
 * mode): the counterpart of every `publish` in the relay (room.ts, rooms.ts)
 * and in governance (gov/context.ts). Each runs the local-only variant of
 * what the sender did, so nothing is published back.
 */
import type { GovContext } from '../gov/context.js'
import type { Cluster } from './cluster.js'

/**
 * What this needs of the relay's Rooms, by shape: outside the relay only the
 * wiring (app.ts) knows rooms and connections (tests/integration/import-boundaries).
 */
export interface ClusterRooms {
  get(name: string): { applyRemoteUpdate(update: Uint8Array, acceptedAt: number): void; applyRemoteAwareness(update: Uint8Array): void } | null
  loaded(): Array<{ name: string; failed: boolean; resyncFromStore(): void; connections: Iterable<{ principal: { personId: string } }> }>
  closeSessionHere(sessionKey: string): void
  tellServerStatus(live: boolean): void
}

export function followCluster(cluster: Cluster, parts: { rooms: ClusterRooms; gov: GovContext; log: (line: string) => void }): void {
  const { rooms, gov } = parts
  cluster.onEvent((event) => {
    switch (event.kind) {
      case 'update':
        rooms.get(event.room)?.applyRemoteUpdate(event.update, event.acceptedAt)
        break
      case 'awareness':
        rooms.get(event.room)?.applyRemoteAwareness(event.update)
        break
      case 'principals':
        gov.refreshPrincipalsHere(event.platformId, event.personId)
        break
      case 'closeSession':
        rooms.closeSessionHere(event.sessionKey)
        break
      case 'gov':
        if (!event.projected) gov.reprojectHere(event.platformId, event.touched)
        break
      case 'resync':
        resyncFromStore(rooms, gov)
        break
    }
  })
  // While not live, no event arrives: every loaded room catches up with the store on a timer
  // instead, so other instances' edits, role changes, removals and locks still take effect
  // here, late, rather than only once Redis is back.
  let poll: NodeJS.Timeout | null = null
  const catchUp = (): void => {
    try {
      resyncFromStore(rooms, gov)
    } catch (error) {
      parts.log(`cluster: could not catch up with the store: ${(error as Error).message}`)
    }
  }
  const pollWhileNotLive = (): void => {
    if (poll) return
    poll = setInterval(catchUp, POLL_WHILE_NOT_LIVE_MS)
    poll.unref()
  }
  if (cluster.shared && !cluster.live) pollWhileNotLive()
  cluster.onLive((live) => {
    if (live) {
      if (poll) clearInterval(poll)
      poll = null
      // Events may have been missed while the channel was down: catch up with the store.
      catchUp()
    } else pollWhileNotLive()
    rooms.tellServerStatus(live)
  })
}

/** How often each loaded room reads the store while events do not arrive (ms). */
const POLL_WHILE_NOT_LIVE_MS = 2000

/**
 * Every live document catches up with what is stored, its `gov` is projected
 * again in full, and every connection's principal is read again: what other
 * instances committed meanwhile takes effect here.
 */
function resyncFromStore(rooms: ClusterRooms, gov: GovContext): void {
  for (const room of rooms.loaded()) {
    room.resyncFromStore()
    if (room.failed) continue
    gov.reprojectHere(room.name, null)
    const people = new Set([...room.connections].map((conn) => conn.principal.personId))
    for (const personId of people) gov.refreshPrincipalsHere(room.name, personId)
  }
}
