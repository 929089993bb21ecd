import * as awarenessProtocol from 'y-protocols/awareness'
import * as syncProtocol from 'y-protocols/sync'
import * as encoding from 'lib0/encoding'
import * as Y from 'yjs'
import { MessageType } from '../../shared/protocol.js'
import type { DocumentStore } from '../store/store.js'
import type { Connection } from './connection.js'
import { ParkedUpdates } from './parked-updates.js'
import { auditTransaction, type AuditRules } from './transaction-audit.js'

export interface RoomOptions {
  compactAfterUpdates: number
  log: (line: string) => void
}

/** Origin of changes the server makes itself (the gov projection). */
export const SERVER_ORIGIN = Symbol('plank-server')
export const STORE_ORIGIN = Symbol('plank-store')
/** Owner of the server's own client id: no person id looks like it. */
const SERVER_WRITER = '\u0000server'

const encodeUpdateMessage = (update: Uint8Array): Uint8Array => {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MessageType.Sync)
  syncProtocol.writeUpdate(encoder, update)
  return encoding.toUint8Array(encoder)
}

export const encodeAwarenessMessage = (awareness: awarenessProtocol.Awareness, clients: number[]): Uint8Array => {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MessageType.Awareness)
  encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, clients))
  return encoding.toUint8Array(encoder)
}

/**
 * One platform's live document: the Y.Doc, its presence, and the connections
 * editing it. Every change to the document is appended to the store inside
 * the doc's update event, before it is relayed: the store never lags what any
 * client has seen or been told is saved.
 */
export class Room {
  readonly doc = new Y.Doc()
  readonly awareness = new awarenessProtocol.Awareness(this.doc)
  readonly connections = new Set<Connection>()
  /** Client updates waiting for structs the server does not have yet. */
  readonly parked = new ParkedUpdates()
  /** Set when the store refused a write: the room must not be used again. */
  failed = false
  private storedSinceCompaction: number
  private lastSeq: number
  private compactionScheduled = false
  private readonly clientOwners = new Map<number, string | null>()
  /** The client update being applied, checked again once Yjs has integrated it. */
  private audit: { origin: Connection; rules: AuditRules; violation: string | null } | null = null

  constructor(
    readonly name: string,
    private readonly store: DocumentStore,
    private readonly options: RoomOptions,
    private readonly onFailure: (room: Room) => void,
  ) {
    // The server has no presence of its own.
    this.awareness.setLocalState(null)
    const stored = store.loadDocument(name)
    Y.transact(
      this.doc,
      () => {
        if (stored.state) Y.applyUpdate(this.doc, stored.state)
        for (const update of stored.updates) Y.applyUpdate(this.doc, update)
      },
      STORE_ORIGIN,
    )
    this.lastSeq = stored.lastSeq
    this.storedSinceCompaction = stored.updates.length
    this.doc.on('beforeObserverCalls', this.onIntegrated)
    this.doc.on('update', this.onDocUpdate)
    this.awareness.on('update', this.onAwarenessUpdate)
  }

  /**
   * Applies an update the guard accepted, and audits what the transaction
   * actually did before it is stored or relayed. Returns the audit's finding:
   * non-null means the change is in memory only, not stored or relayed, and
   * the caller must reload the room (see Rooms).
   */
  applyClientUpdate(update: Uint8Array, origin: Connection, rules: AuditRules): string | null {
    this.audit = { origin, rules, violation: null }
    try {
      Y.applyUpdate(this.doc, update, origin)
      return this.audit.violation
    } catch (error) {
      // Yjs can throw part-way (it recurses when deleting deeply nested types
      // stored before depth was bounded): the document in memory may no longer
      // match the store, so the caller reloads the room.
      return this.audit.violation ?? `could not be applied: ${(error as Error).message}`
    } finally {
      this.audit = null
    }
  }

  /**
   * Who writes under a Yjs client id here; null when nobody has yet. The
   * server's own id (gov projection) belongs to no person.
   */
  clientOwner(client: number): string | null {
    if (client === this.doc.clientID) return SERVER_WRITER
    let owner = this.clientOwners.get(client)
    if (owner === undefined) {
      owner = this.store.clientOwner(this.name, client)
      this.clientOwners.set(client, owner)
    }
    return owner
  }

  private claimClientSafely(client: number, personId: string): void {
    try {
      this.claimClient(client, personId)
    } catch (error) {
      this.options.log(`relay: could not record client id ${client} of ${this.name}: ${(error as Error).message}`)
    }
  }

  claimClient(client: number, personId: string): void {
    this.store.claimClient(this.name, client, personId)
    this.clientOwners.set(client, personId)
  }

  /** Runs after Yjs integrated a transaction, before observers, GC and the update event. */
  private readonly onIntegrated = (transaction: Y.Transaction): void => {
    const audit = this.audit
    if (!audit || transaction.origin !== audit.origin || audit.violation !== null) return
    try {
      audit.violation = auditTransaction(transaction, audit.rules)
    } catch (error) {
      audit.violation = `audit failed: ${(error as Error).message}`
    }
  }

  /** The document in memory can no longer be trusted to match the store: drop the room. */
  fail(why: string): void {
    if (this.failed) return
    this.failed = true
    this.options.log(`relay: room ${this.name} dropped and reloaded from the store: ${why}`)
    this.onFailure(this)
  }

  private readonly onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    if (this.failed) return
    // The audit found what the guard missed: never stored, never relayed —
    // nor anything Yjs does on its own after it in the same call (its
    // formatting clean-up runs as a second transaction with no origin).
    if (this.audit !== null && this.audit.violation !== null) return
    try {
      this.lastSeq = this.store.appendUpdate(this.name, update)
    } catch (error) {
      // In memory but not on disk: relaying it would break the promise that
      // what others saw is stored. Drop everyone; they resync from the store.
      this.fail(`could not store an update: ${(error as Error).message}`)
      return
    }
    this.storedSinceCompaction++
    const message = encodeUpdateMessage(update)
    for (const conn of this.connections) if (conn !== origin) conn.send(message)
    if (this.storedSinceCompaction >= this.options.compactAfterUpdates) this.scheduleCompaction()
  }

  private readonly onAwarenessUpdate = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    const changed = [...added, ...updated, ...removed]
    if (changed.length === 0) return
    const sender = this.connectionOf(origin)
    if (sender) {
      for (const id of [...added, ...updated]) {
        sender.awarenessIds.add(id)
        // A presence id is the announcing editor's Yjs client id: claim it now, so no
        // one who reads it from presence can write under it first (see client-updates.ts).
        if (this.clientOwner(id) === null) this.claimClientSafely(id, sender.principal.personId)
      }
      for (const id of removed) sender.awarenessIds.delete(id)
    }
    // Echo to everyone, the sender included: y-websocket's watchdog reconnects
    // a client that hears nothing for 30 s, and its own presence keeps it alive.
    const message = encodeAwarenessMessage(this.awareness, changed)
    for (const conn of this.connections) conn.send(message)
  }

  private connectionOf(origin: unknown): Connection | null {
    for (const conn of this.connections) if (conn === origin) return conn
    return null
  }

  /**
   * Folds the log into one state row. Runs after the current message; the
   * document and lastSeq are read in the same synchronous step, so an update
   * that arrives later is stored after `throughSeq` and kept.
   */
  private scheduleCompaction(): void {
    if (this.compactionScheduled) return
    this.compactionScheduled = true
    setImmediate(() => {
      this.compactionScheduled = false
      this.compact()
    })
  }

  compact(): void {
    if (this.failed || this.storedSinceCompaction === 0) return
    try {
      this.store.compact(this.name, Y.encodeStateAsUpdate(this.doc), this.lastSeq)
      this.storedSinceCompaction = 0
    } catch (error) {
      // The log is still complete; compaction is retried after more updates.
      this.options.log(`relay: compaction of ${this.name} failed: ${(error as Error).message}`)
    }
  }

  add(conn: Connection): void {
    this.connections.add(conn)
  }

  /** Removes a connection and the presence it announced. */
  remove(conn: Connection): void {
    if (!this.connections.delete(conn)) return
    this.parked.drop(conn)
    if (conn.awarenessIds.size > 0) {
      awarenessProtocol.removeAwarenessStates(this.awareness, [...conn.awarenessIds], null)
    }
  }

  destroy(): void {
    this.doc.off('beforeObserverCalls', this.onIntegrated)
    this.doc.off('update', this.onDocUpdate)
    this.awareness.off('update', this.onAwarenessUpdate)
    this.awareness.destroy()
    this.doc.destroy()
  }
}
