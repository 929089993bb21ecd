import * as awarenessProtocol from 'y-protocols/awareness'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { PRESENCE_MAX_CLIENTS_PER_CONNECTION, PRESENCE_MAX_STATE_BYTES, PRESENCE_MAX_UPDATES_PER_SECOND } from '../../shared/limits.js'
import type { Connection } from './connection.js'
import type { Room } from './room.js'

/**
 * Presence (awareness) from one connection. A connection announces only
 * itself, and nobody decides what it says about who it is:
 * - each state's `user` is replaced by who the connection really is (the
 *   identify hook: for Plank the person's name, role, organization and its
 *   colour), whatever the client claimed; a state whose `user.personId` is
 *   not the connection's userId is ignored;
 * - a state over PRESENCE_MAX_STATE_BYTES is not relayed;
 * - at most PRESENCE_MAX_CLIENTS_PER_CONNECTION client ids per connection,
 *   never one another connection (or the server) uses;
 * - at most PRESENCE_MAX_UPDATES_PER_SECOND relayed updates per connection:
 *   beyond that only the latest state of each client id is kept and relayed
 *   when the budget allows, so a flood reaches others as a trickle and a
 *   cursor still ends where it stopped.
 * Invalid JSON throws (the caller closes the connection as malformed).
 */
export function handlePresence<C>(room: Room<C>, conn: Connection<C>, update: Uint8Array): void {
  const entries = readEntries(update)
  const budget = budgetOf(conn)
  for (const entry of entries) {
    if (!acceptable(room, conn, entry)) continue
    budget.waiting.set(entry.clientId, entry)
  }
  flush(room, conn, budget)
}

interface Entry {
  clientId: number
  clock: number
  /** The parsed state (null: the client left). */
  state: Record<string, unknown> | null
}

interface Budget {
  tokens: number
  refilledAt: number
  /** The latest accepted entry per client id, not relayed yet. */
  waiting: Map<number, Entry>
  timer: ReturnType<typeof setTimeout> | null
}

const budgets = new WeakMap<Connection, Budget>()

function budgetOf(conn: Connection): Budget {
  let budget = budgets.get(conn)
  if (!budget) {
    budget = { tokens: PRESENCE_MAX_UPDATES_PER_SECOND, refilledAt: Date.now(), waiting: new Map(), timer: null }
    budgets.set(conn, budget)
  }
  return budget
}

const utf8 = new TextDecoder('utf-8', { fatal: true })

/** Decodes every entry; oversized states are dropped here, before any parsing. */
function readEntries(update: Uint8Array): Entry[] {
  const decoder = decoding.createDecoder(update)
  const count = decoding.readVarUint(decoder)
  const entries: Entry[] = []
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder)
    const clock = decoding.readVarUint(decoder)
    const bytes = decoding.readVarUint8Array(decoder) // the state's JSON, as written by writeVarString
    if (bytes.byteLength > PRESENCE_MAX_STATE_BYTES) continue
    const parsed: unknown = JSON.parse(utf8.decode(bytes)) // throws on invalid JSON or UTF-8: malformed
    if (parsed !== null && (typeof parsed !== 'object' || Array.isArray(parsed))) continue
    entries.push({ clientId, clock, state: parsed as Record<string, unknown> | null })
  }
  return entries
}

function acceptable<C>(room: Room<C>, conn: Connection<C>, entry: Entry): boolean {
  if (entry.clientId === room.awareness.clientID) return false
  for (const other of room.connections) {
    if (other !== conn && other.awarenessIds.has(entry.clientId)) return false // not its own
  }
  const known = conn.awarenessIds.has(entry.clientId) || budgetOf(conn).waiting.has(entry.clientId)
  if (!known && entry.state === null) return false // nothing to remove
  if (!known && announcedIds(conn) >= PRESENCE_MAX_CLIENTS_PER_CONNECTION) return false
  // Announcing to be someone else is not a typo: ignore the state rather than correct it.
  const claimed = claimedPersonId(entry.state)
  if (claimed !== undefined && claimed !== conn.userId) return false
  return true
}

function announcedIds(conn: Connection): number {
  const ids = new Set(conn.awarenessIds)
  for (const id of budgetOf(conn).waiting.keys()) ids.add(id)
  return ids.size
}

const claimedPersonId = (state: Record<string, unknown> | null): unknown => {
  const user = state?.user
  return typeof user === 'object' && user !== null && 'personId' in user ? (user as { personId: unknown }).personId : undefined
}

function refill(budget: Budget): void {
  const now = Date.now()
  const earned = ((now - budget.refilledAt) / 1000) * PRESENCE_MAX_UPDATES_PER_SECOND
  budget.tokens = Math.min(PRESENCE_MAX_UPDATES_PER_SECOND, budget.tokens + earned)
  budget.refilledAt = now
}

/** Relays waiting entries while the budget allows; schedules the rest. */
function flush<C>(room: Room<C>, conn: Connection<C>, budget: Budget): void {
  if (!room.connections.has(conn) || !conn.isOpen) {
    budget.waiting.clear()
    return
  }
  refill(budget)
  if (budget.waiting.size === 0) return
  if (budget.tokens >= 1) {
    budget.tokens -= 1
    const entries = [...budget.waiting.values()]
    budget.waiting.clear()
    awarenessProtocol.applyAwarenessUpdate(room.awareness, encodeEntries(entries.map((e) => stamp(room, conn, e))), conn)
    return
  }
  if (budget.timer !== null) return
  const waitMs = Math.ceil(((1 - budget.tokens) / PRESENCE_MAX_UPDATES_PER_SECOND) * 1000)
  budget.timer = setTimeout(() => {
    budget.timer = null
    flush(room, conn, budget)
  }, waitMs)
  budget.timer.unref?.()
}

/** The state with its `user` replaced by who the connection really is. */
function stamp<C>(room: Room<C>, conn: Connection<C>, entry: Entry): Entry {
  if (entry.state === null) return entry
  const claimed = entry.state.user
  const user = room.hooks.identify({
    documentName: room.name,
    document: room.doc,
    userId: conn.userId,
    context: conn.principal,
    claimed: typeof claimed === 'object' && claimed !== null && !Array.isArray(claimed) ? (claimed as Record<string, unknown>) : null,
  })
  return { ...entry, state: { ...entry.state, user } }
}

function encodeEntries(entries: Entry[]): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, entries.length)
  for (const entry of entries) {
    encoding.writeVarUint(encoder, entry.clientId)
    encoding.writeVarUint(encoder, entry.clock)
    encoding.writeVarString(encoder, JSON.stringify(entry.state))
  }
  return encoding.toUint8Array(encoder)
}
