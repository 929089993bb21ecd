/**
 * What happens to one update a client sends: judged by the update guard
 * (roots, rights, content, shape) before anything is applied; applied in its
 * canonical form; audited after integration; stored before it is relayed
 * (room.ts). A refusal applies, stores and relays nothing.
 */
import * as Y from 'yjs'
import {
  MAX_PARKED_BYTES,
  MAX_PARKED_BYTES_PER_ROOM,
  MAX_PARKED_UPDATES,
  MAX_PARKED_UPDATES_PER_ROOM,
  PARKED_RETRY_BUDGET_MS,
  MAX_RAW_UPDATE_CLIENTS,
  MAX_RAW_UPDATE_DELETE_RANGES,
  MAX_RAW_UPDATE_STRUCTS,
  MAX_UPDATE_CLIENTS,
  MAX_UPDATE_DELETE_RANGES,
  MAX_UPDATE_STRUCTS,
} from '../../shared/limits.js'
import { CloseCode, type RefusalReason } from '../../shared/protocol.js'
import type { RefusedReason } from '../observability/relay-metrics.js'
import type { Connection } from './connection.js'
import { contentRefusal } from './content-rules.js'
import { refusedFrame, saveAckFrame } from './frames.js'
import type { ParkedUpdate } from './parked-updates.js'
import type { Room } from './room.js'
import type { AuditRules } from './transaction-audit.js'
import { inspectUpdate, type UpdateLimits } from './update-guard.js'

export const UPDATE_LIMITS: UpdateLimits = {
  maxStructs: MAX_UPDATE_STRUCTS,
  maxClients: MAX_UPDATE_CLIENTS,
  maxDeleteRanges: MAX_UPDATE_DELETE_RANGES,
}
export const RAW_UPDATE_LIMITS: UpdateLimits = {
  maxStructs: MAX_RAW_UPDATE_STRUCTS,
  maxClients: MAX_RAW_UPDATE_CLIENTS,
  maxDeleteRanges: MAX_RAW_UPDATE_DELETE_RANGES,
}

export interface UpdateOptions {
  /** Bytes of updates one connection may have parked. */
  maxParkedBytes: number
  log: (line: string) => void
}

/**
 * The sender's rights on this room right now, for the guard and the audit
 * alike: the roots it may write (the authorizeWrites hook, asked once per
 * update) and what a section may hold (content-rules.ts).
 */
export function writeRules<C>(room: Room<C>, principal: C): AuditRules {
  return {
    mayWrite: room.hooks.authorizeWrites({ documentName: room.name, document: room.doc, context: principal }),
    contentRefusal,
  }
}

/**
 * Handles a client's update, then retries whatever was parked waiting for
 * the structs it brought (possibly other connections' updates). Retries
 * spend a budget per turn of the event loop; the rest go on in the next
 * turn, so updates all coming due at once cannot stall the server.
 */
export function receiveUpdate<C>(room: Room<C>, conn: Connection<C>, update: Uint8Array, options: UpdateOptions): void {
  judgeQueue(room, [{ conn, update, due: null }], options)
}

interface Queued<C> {
  conn: Connection<C>
  update: Uint8Array
  /** The parked entry this retries, settled once judged. */
  due: ParkedUpdate<C> | null
}

function judgeQueue<C>(room: Room<C>, queue: Queued<C>[], options: UpdateOptions): void {
  const started = performance.now()
  const touched = new Set<Connection<C>>()
  while (queue.length > 0) {
    if (queue[0]!.due && performance.now() - started > PARKED_RETRY_BUDGET_MS) {
      const rest = queue.splice(0)
      setImmediate(() => judgeQueue(room, rest, options))
      break
    }
    const next = queue.shift()!
    touched.add(next.conn)
    if (next.due) room.parked.settle(next.due)
    if (room.failed || !next.conn.isOpen) continue
    const advanced = judgeAndApply(room, next.conn, next.update, options, started)
    if (advanced === null) continue
    for (const due of room.parked.takeDue(room.doc, advanced)) queue.push({ conn: due.conn, update: due.update, due })
  }
  // A SaveCheck that arrived while updates were parked is answered once none is.
  for (const c of touched) {
    if (c.parkedCount === 0 && c.deferredSaveCheck !== null && c.isOpen) {
      // What it acknowledges is stored first (room.ts stores a turn's updates together).
      if (!room.storePending()) return
      c.send(saveAckFrame(c.deferredSaveCheck))
      c.deferredSaveCheck = null
    }
  }
}

/**
 * Returns the clients whose state the update advanced, or null if it was not
 * applied. `receivedAt`: when judging began (the queue's start, read once), for the fan-out latency.
 */
function judgeAndApply<C>(
  room: Room<C>,
  conn: Connection<C>,
  update: Uint8Array,
  options: UpdateOptions,
  receivedAt: number,
  caughtUp = false,
): number[] | null {
  const inspection = inspectUpdate(room.doc, update, UPDATE_LIMITS, RAW_UPDATE_LIMITS)
  if (inspection.status === 'refused') {
    if (inspection.reason === 'malformed') {
      room.parked.drop(conn)
      room.metrics.updateRefused('malformed')
      conn.close(CloseCode.Malformed, inspection.detail)
    } else {
      options.log(`relay: refused an update of ${who(room, conn)} on platform ${room.name}: ${inspection.detail}`)
      refuse(room, conn, 'tooLarge', 'too_large')
    }
    return null
  }
  const rules = writeRules(room, conn.principal)
  // What can be resolved is judged before anything is held: a forbidden
  // update is refused now, not parked.
  for (const root of inspection.roots) {
    if (!rules.mayWrite(root)) {
      const again = caughtUp ? undefined : judgedAfterCatchingUp(room, conn, update, options, receivedAt)
      if (again !== undefined) return again
      // Names and ids only: enough to tell a race (lock, ownership, pen) from a client bug.
      options.log(`relay: refused an update of ${who(room, conn)} to ${root} on platform ${room.name}`)
      refuse(room, conn, 'forbidden', 'forbidden')
      return null
    }
  }
  for (const placed of inspection.placed) {
    const why = rules.contentRefusal(placed.item.content, placed.parent, placed.parentSub)
    if (why !== null) {
      options.log(`relay: refused content of ${who(room, conn)} in ${placed.root} on platform ${room.name}: ${why}`)
      refuse(room, conn, 'invalid', 'invalid')
      return null
    }
  }
  if (inspection.status === 'waiting') {
    const size = update.byteLength
    const full =
      conn.parkedCount >= MAX_PARKED_UPDATES ||
      conn.parkedBytes + size > Math.min(options.maxParkedBytes, MAX_PARKED_BYTES) ||
      room.parked.count >= MAX_PARKED_UPDATES_PER_ROOM ||
      room.parked.bytes + size > MAX_PARKED_BYTES_PER_ROOM
    if (full) {
      // Transient: the client reconnects and its sync resends what it has; nothing is lost.
      room.parked.drop(conn)
      room.metrics.updateRefused('backlog')
      conn.close(CloseCode.TryAgainLater, 'too many updates with unknown dependencies')
      return null
    }
    room.parked.park({ conn, update, need: inspection.need })
    return null
  }
  // A client id is one editor's: structs under someone else's id would make
  // that person's next edits look already stored, and be dropped.
  const personId = conn.userId
  for (const client of inspection.clients) {
    const owner = room.clientOwner(client)
    // A client id with structs but no recorded owner predates ownership records: nobody extends it.
    const unclaimedButUsed = owner === null && Y.getState(room.doc.store, client) > 0
    if ((owner !== null && owner !== personId) || unclaimedButUsed) {
      const again = caughtUp ? undefined : judgedAfterCatchingUp(room, conn, update, options, receivedAt)
      if (again !== undefined) return again
      options.log(`relay: refused an update of ${who(room, conn)} on platform ${room.name}: writes under client id ${client}, which is not theirs`)
      refuse(room, conn, 'forbidden', 'client_id')
      return null
    }
  }
  for (const client of inspection.clients) {
    // Claimed in the store, where another instance may have claimed it a moment ago.
    if (room.clientOwner(client) !== null || room.claimClient(client, personId) === personId) continue
    options.log(`relay: refused an update of ${who(room, conn)} on platform ${room.name}: client id ${client} was just claimed by someone else`)
    refuse(room, conn, 'forbidden', 'client_id')
    return null
  }
  const violation = room.applyClientUpdate(inspection.update, conn, rules, receivedAt)
  if (violation !== null) {
    // The guard passed what the audit caught: a hole in the guard. Nothing
    // was stored or relayed; the room's memory is reloaded from the store.
    options.log(
      `relay: SECURITY: the update guard accepted an update of ${who(room, conn)} on platform ${room.name} that ${violation}; not stored, not relayed, room reloaded`,
    )
    refuse(room, conn, 'forbidden', 'audit')
    room.fail(`audit disagreed with the update guard: ${violation}`)
    return null
  }
  room.metrics.updateAccepted()
  return inspection.clients
}

/**
 * Before an update is refused as forbidden: its structs may be another
 * person's edit that another instance stored and this one has not heard of
 * yet. Judged again once caught up with the store; undefined when there was
 * nothing to catch up with (one instance, or a catch-up just done).
 */
function judgedAfterCatchingUp<C>(
  room: Room<C>,
  conn: Connection<C>,
  update: Uint8Array,
  options: UpdateOptions,
  receivedAt: number,
): number[] | null | undefined {
  return room.catchUpWithStore() ? judgeAndApply(room, conn, update, options, receivedAt, true) : undefined
}

/**
 * A refused update is not applied, stored or relayed. Yjs integrates a
 * client's updates in clock order, so none of its later updates could apply
 * either: nothing of it stays parked, the connection is closed and the client
 * starts over. `counted` is the metrics' reason, finer than the wire's
 * (another's client id and an audit finding are both "forbidden" to the client).
 */
function refuse<C>(room: Room<C>, conn: Connection<C>, reason: RefusalReason, counted: RefusedReason): void {
  room.parked.drop(conn)
  room.metrics.updateRefused(counted)
  if (conn.wantsSaveAcks) conn.send(refusedFrame(reason))
  conn.close(CloseCode.Forbidden, `update refused: ${reason}`)
}

/** The sender, for log lines. */
const who = <C>(room: Room<C>, conn: Connection<C>): string => room.hooks.describe(conn.userId, conn.principal)
