/**
 * What this instance does with the other instances' events (multi-instance
 * mode): the counterpart of every `publish` in the relay (room.ts, rooms.ts)
 * and in governance (gov/context.ts). Each runs the local-only variant of
 * what the sender did, so nothing is published back.
 */
import { ServerStatus } from '../../shared/protocol.js'
import type { Principal } from '../../shared/policy.js'
import type { GovContext } from '../gov/context.js'
import { serverStatusFrame } from '../relay/frames.js'
import type { Rooms } from '../relay/rooms.js'
import type { Cluster } from './cluster.js'

export function followCluster(cluster: Cluster, parts: { rooms: Rooms<Principal>; gov: GovContext; log: (line: string) => void }): void {
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
  cluster.onLive((live) => {
    // Events may have been missed while the channel was down: catch up with the store.
    if (live) resyncFromStore(rooms, gov)
    const frame = serverStatusFrame(live ? ServerStatus.live : ServerStatus.notLiveAcrossInstances)
    for (const room of rooms.loaded()) for (const conn of room.connections) if (conn.wantsSaveAcks) conn.send(frame)
  })
}

/**
 * Every live document catches up with what is stored, its `gov` is projected
 * again in full, and every connection's principal is read again: what other
 * instances committed meanwhile takes effect here.
 */
function resyncFromStore(rooms: Rooms<Principal>, gov: GovContext): void {
  for (const room of rooms.loaded()) {
    room.resyncFromStore()
    if (room.failed) continue
    gov.reprojectHere(room.name, null)
    const people = new Set([...room.connections].map((conn) => conn.principal.personId))
    for (const personId of people) gov.refreshPrincipalsHere(room.name, personId)
  }
}
