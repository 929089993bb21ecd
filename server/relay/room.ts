import * as awarenessProtocol from 'y-protocols/awareness'
import * as Y from 'yjs'
import { SINGLE_INSTANCE, type Cluster } from '../cluster/cluster.js'
import { NO_RELAY_METRICS, type RelayMetrics } from '../observability/relay-metrics.js'
import type { DocumentStore } from '../store/store.js'
import type { Connection } from './connection.js'
import { awarenessFrame, awarenessUpdate, syncStep2Frame, updateFrame } from './frames.js'
import { REMOTE_ORIGIN, type RelayHooks } from './hooks.js'
import { ParkedUpdates } from './parked-updates.js'
import { auditTransaction, type AuditRules } from './transaction-audit.js'

/** At most this often a room reads the store to judge an update against another instance's writes (ms): a client cannot make it reload faster. */
const CATCH_UP_INTERVAL_MS = 1000

export interface RoomOptions {
  compactAfterUpdates: number
  log: (line: string) => void
  metrics?: RelayMetrics
  /** The other instances (multi-instance mode): every change stored here is published to them. */
  cluster?: Cluster
}

/** Origin of changes the server makes itself (the gov projection). */
export { REMOTE_ORIGIN, SERVER_ORIGIN } from './hooks.js'
export const STORE_ORIGIN = Symbol('plank-store')
/**
 * At most this many of one sender's consecutive updates go out as one
 * merged update. A writer sending as fast as its socket takes delivers
 * hundreds of updates per read; relayed one frame each, a reader that
 * falls behind holds one queued write per update (its bookkeeping five
 * times the bytes: 887 MB for five readers of the trace replay). Merging
 * costs more per update the longer the run, hence the cap.
 */
const MERGE_AT_MOST = 32

/** The batch cut into runs of consecutive updates from one origin, each at most MERGE_AT_MOST long, in order. */
function runsOfOneOrigin(batch: ReadonlyArray<{ update: Uint8Array; origin: unknown }>): Array<{ updates: Uint8Array[]; origin: unknown }> {
  const runs: Array<{ updates: Uint8Array[]; origin: unknown }> = []
  for (const { update, origin } of batch) {
    const last = runs[runs.length - 1]
    if (last && last.origin === origin && last.updates.length < MERGE_AT_MOST) last.updates.push(update)
    else runs.push({ updates: [update], origin })
  }
  return runs
}

/** How long the whole document's sync answer is kept for the next newcomer, if nothing changes meanwhile. */
const WHOLE_DOCUMENT_KEEP_MS = 2000
/** A state vector with no client in it: varUint 0. */
const isEmptyStateVector = (stateVector: Uint8Array): boolean => stateVector.length === 1 && stateVector[0] === 0

/** Owner of the server's own client id: no person id looks like it. */
const SERVER_WRITER = '\u0000server'

/**
 * One platform's live document: the Y.Doc, its presence, and the connections
 * editing it. Every change to the document is appended to the store before
 * it is relayed or acknowledged (a turn's client updates together, see
 * storePending): the store never lags what any client has seen or been told
 * is saved.
 */
export class Room<C = unknown> {
  readonly doc = new Y.Doc()
  readonly awareness = new awarenessProtocol.Awareness(this.doc)
  readonly connections = new Set<Connection<C>>()
  /** Client updates waiting for structs the server does not have yet. */
  readonly parked = new ParkedUpdates<C>()
  /** Set when the store refused a write: the room must not be used again. */
  failed = false
  private storedSinceCompaction: number
  private lastSeq: number
  private compactionScheduled = false
  /** Accepted updates of this turn, not stored yet (see storePending). */
  private pending: Array<{ update: Uint8Array; origin: unknown }> = []
  private storeQueued = false
  private readonly clientOwners = new Map<number, string | null>()
  /** The client update being applied, checked again once Yjs has integrated it; when the relay received it (performance.now()). */
  private audit: { origin: Connection; rules: AuditRules; violation: string | null; receivedAt: number } | null = null
  /** When the oldest client update in `pending` was received; 0 when none is (fan-out latency). */
  private pendingSince = 0

  constructor(
    readonly name: string,
    private readonly store: DocumentStore,
    private readonly options: RoomOptions,
    /** What the relay asks of the rest of the server (who may write what, presence names). */
    readonly hooks: RelayHooks<C>,
    private readonly onFailure: (room: Room<C>) => void,
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
  applyClientUpdate(update: Uint8Array, origin: Connection, rules: AuditRules, receivedAt = performance.now()): string | null {
    this.audit = { origin, rules, violation: null, receivedAt }
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
   * server's own id (gov projection) belongs to no person. Only owners are
   * cached, never "nobody": another instance may claim the id at any time.
   */
  clientOwner(client: number): string | null {
    if (client === this.doc.clientID) return SERVER_WRITER
    const cached = this.clientOwners.get(client)
    if (cached !== undefined) return cached
    const owner = this.store.clientOwner(this.name, client)
    if (owner !== null) this.clientOwners.set(client, owner)
    return owner
  }

  private claimClientSafely(client: number, personId: string): void {
    try {
      this.claimClient(client, personId)
    } catch (error) {
      this.options.log(`relay: could not record client id ${client} of ${this.name}: ${(error as Error).message}`)
    }
  }

  get metrics(): RelayMetrics {
    return this.options.metrics ?? NO_RELAY_METRICS
  }

  /**
   * Claims a client id for `personId` unless someone has it; returns whoever
   * owns it now, which is someone else when another instance claimed it first.
   */
  claimClient(client: number, personId: string): string {
    this.store.claimClient(this.name, client, personId)
    const owner = this.store.clientOwner(this.name, client) ?? personId
    this.clientOwners.set(client, owner)
    return owner
  }

  /**
   * An update another instance stored and published: applied and relayed to
   * this instance's connections, not stored again. `acceptedAt` (epoch ms):
   * when that instance received it, for the cross-instance fan-out latency.
   */
  applyRemoteUpdate(update: Uint8Array, acceptedAt: number): void {
    if (this.failed) return
    this.remoteAcceptedAt = acceptedAt
    try {
      Y.applyUpdate(this.doc, update, REMOTE_ORIGIN)
    } catch (error) {
      this.fail(`could not apply an update from another instance: ${(error as Error).message}`)
    } finally {
      this.remoteAcceptedAt = 0
    }
  }

  /**
   * Catches up with the store after events from other instances may have
   * been missed (Redis was away): what is stored and not in memory is
   * applied and relayed like a remote update.
   */
  resyncFromStore(): void {
    if (this.failed) return
    const stored = this.store.loadDocument(this.name)
    try {
      Y.transact(
        this.doc,
        () => {
          if (stored.state) Y.applyUpdate(this.doc, stored.state)
          for (const update of stored.updates) Y.applyUpdate(this.doc, update)
        },
        REMOTE_ORIGIN,
      )
    } catch (error) {
      this.fail(`could not apply the stored document: ${(error as Error).message}`)
    }
  }

  /**
   * Another instance may have stored what a client sends as if it were new
   * (a client that got an edit through one instance reconnects to this one
   * before the edit's event arrived, or while Redis is away): reads the store
   * once, at most once a second per room, so that the update is judged by
   * what the deployment holds. False when there is nothing to catch up with
   * (one instance) or it was just done.
   */
  catchUpWithStore(): boolean {
    if (!this.cluster.shared || this.failed) return false
    const now = performance.now()
    if (now - this.lastCatchUp < CATCH_UP_INTERVAL_MS) return false
    this.lastCatchUp = now
    this.resyncFromStore()
    return !this.failed
  }
  private lastCatchUp = Number.NEGATIVE_INFINITY

  /** Presence announced on another instance's connections. */
  applyRemoteAwareness(update: Uint8Array): void {
    if (this.failed || this.doc.isDestroyed) return
    awarenessProtocol.applyAwarenessUpdate(this.awareness, update, REMOTE_ORIGIN)
  }

  private remoteAcceptedAt = 0

  private get cluster(): Cluster {
    return this.options.cluster ?? SINGLE_INSTANCE
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
    // Updates accepted earlier in this turn were audited and are sound: keep them
    // (nothing is pending when it is storing that failed).
    this.storePending()
    if (this.failed) return
    this.failed = true
    this.options.log(`relay: room ${this.name} dropped and reloaded from the store: ${why}`)
    this.onFailure(this)
  }

  /**
   * Sync step 2 for `stateVector`. A client that has nothing yet (a first
   * visit, a new device: the empty state vector) gets the whole document,
   * and that answer is kept while the document does not change: a crowd
   * joining at once (200 people opening a 1 MB platform as a session starts)
   * shares one encoding and one buffer instead of one each, which held the
   * relay's peak memory 1.23× the peers' in the connect-storm benchmark.
   */
  syncStep2For(stateVector: Uint8Array): Uint8Array {
    if (!isEmptyStateVector(stateVector)) return syncStep2Frame(this.doc, stateVector)
    if (!this.wholeDocument) {
      const timer = setTimeout(() => this.forgetWholeDocument(), WHOLE_DOCUMENT_KEEP_MS)
      timer.unref()
      this.wholeDocument = { frame: syncStep2Frame(this.doc, stateVector), timer }
    }
    return this.wholeDocument.frame
  }

  private wholeDocument: { frame: Uint8Array; timer: NodeJS.Timeout } | null = null

  private forgetWholeDocument(): void {
    if (!this.wholeDocument) return
    clearTimeout(this.wholeDocument.timer)
    this.wholeDocument = null
  }

  private readonly onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    this.forgetWholeDocument()
    if (this.failed) return
    // The audit found what the guard missed: never stored, never relayed —
    // nor anything Yjs does on its own after it in the same call (its
    // formatting clean-up runs as a second transaction with no origin).
    if (this.audit !== null && this.audit.violation !== null) return
    this.pending.push({ update, origin })
    if (this.pendingSince === 0 && this.audit !== null) this.pendingSince = this.audit.receivedAt
    // The server's own changes (gov projection) are stored at once, as their callers expect.
    if (!this.connections.has(origin as Connection<C>)) {
      this.storePending()
      return
    }
    if (!this.storeQueued) {
      this.storeQueued = true
      queueMicrotask(this.storeQueuedTurn)
    }
  }

  private readonly storeQueuedTurn = (): void => {
    this.storeQueued = false
    this.storePending()
  }

  /**
   * Stores the updates accepted so far in this turn in one transaction, then
   * relays each (in order) to everyone but its sender. Client updates of one
   * turn (every frame of one socket read) are collected and stored together
   * in a microtask at the end of the turn: no other I/O callback (another
   * socket, an HTTP request, a timer) runs before it, so nothing outside this
   * turn ever sees a change that is not stored. Whatever answers a client in
   * the same turn (a SaveCheck, a sync step 2) calls this first. Returns
   * false if the room failed: then nothing was relayed or may be acknowledged.
   */
  storePending(): boolean {
    if (this.failed) return false
    if (this.pending.length === 0) return true
    const batch = this.pending
    this.pending = []
    // Another instance's updates are stored already (there); only this instance's are appended.
    const own = batch.filter((p) => p.origin !== REMOTE_ORIGIN)
    if (own.length > 0) {
      const storing = performance.now()
      try {
        this.lastSeq = this.store.appendUpdates(
          this.name,
          own.map((p) => p.update),
        )
        this.metrics.observeStoreWrite(performance.now() - storing)
      } catch (error) {
        // In memory but not on disk: relaying it would break the promise that
        // what others saw is stored. Drop everyone; they resync from the store.
        this.fail(`could not store an update: ${(error as Error).message}`)
        return false
      }
      this.storedSinceCompaction += own.length
    }
    const acceptedAt = Date.now() - (this.pendingSince === 0 ? 0 : performance.now() - this.pendingSince)
    for (const { updates, origin } of runsOfOneOrigin(batch)) {
      const update = updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates)
      const message = updateFrame(update)
      for (const conn of this.connections) if (conn !== origin) conn.send(message)
      if (origin !== REMOTE_ORIGIN) this.cluster.publish({ kind: 'update', room: this.name, update, acceptedAt })
      else if (this.remoteAcceptedAt !== 0 && this.connections.size > 0) this.metrics.observeFanOut(Date.now() - this.remoteAcceptedAt, 'redis')
    }
    // Only when someone else is connected: a lone writer's turn went out to nobody.
    if (this.pendingSince !== 0 && this.connections.size > 1) this.metrics.observeFanOut(performance.now() - this.pendingSince)
    this.pendingSince = 0
    if (this.storedSinceCompaction >= this.options.compactAfterUpdates) this.scheduleCompaction()
    return true
  }

  private readonly onAwarenessUpdate = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown): void => {
    const changed = [...added, ...updated, ...removed]
    if (changed.length === 0) return
    const sender = this.connectionOf(origin)
    // This instance's presence goes to the other instances: what its connections
    // announced, and what leaving removed (origin null, see remove()).
    if (sender || origin === null) for (const id of changed) this.presenceToPublish.add(id)
    if (sender) {
      for (const id of [...added, ...updated]) {
        sender.awarenessIds.add(id)
        // A presence id is the announcing editor's Yjs client id: claim it now, so no
        // one who reads it from presence can write under it first (see client-updates.ts).
        if (this.clientOwner(id) === null) this.claimClientSafely(id, sender.userId)
      }
      for (const id of removed) sender.awarenessIds.delete(id)
    }
    // Echo to everyone, the sender included: y-websocket's watchdog reconnects
    // a client that hears nothing for 30 s, and its own presence keeps it alive.
    // The changes of one pass of the event loop go out as one message: with
    // 400 people announcing cursors, one frame per change per person was most
    // of what the relay queued for readers that fell behind.
    for (const id of changed) this.presenceChanged.add(id)
    if (!this.presenceFlushScheduled) {
      this.presenceFlushScheduled = true
      setImmediate(this.flushPresence)
    }
  }

  private readonly presenceChanged = new Set<number>()
  private readonly presenceToPublish = new Set<number>()
  private presenceFlushScheduled = false

  private readonly flushPresence = (): void => {
    this.presenceFlushScheduled = false
    if (this.presenceChanged.size === 0 || this.doc.isDestroyed) return
    const message = awarenessFrame(this.awareness, [...this.presenceChanged])
    this.presenceChanged.clear()
    for (const conn of this.connections) conn.send(message)
    if (this.presenceToPublish.size === 0) return
    const update = awarenessUpdate(this.awareness, [...this.presenceToPublish])
    this.presenceToPublish.clear()
    this.cluster.publish({ kind: 'awareness', room: this.name, update })
  }

  private connectionOf(origin: unknown): Connection<C> | null {
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
    if (!this.storePending() || this.storedSinceCompaction === 0) return
    try {
      this.store.compact(this.name, Y.encodeStateAsUpdate(this.doc), this.lastSeq)
      this.storedSinceCompaction = 0
    } catch (error) {
      // The log is still complete; compaction is retried after more updates.
      this.options.log(`relay: compaction of ${this.name} failed: ${(error as Error).message}`)
    }
  }

  add(conn: Connection<C>): void {
    this.connections.add(conn)
  }

  /** Removes a connection and the presence it announced. */
  remove(conn: Connection<C>): void {
    if (!this.connections.delete(conn)) return
    this.parked.drop(conn)
    if (conn.awarenessIds.size > 0) {
      awarenessProtocol.removeAwarenessStates(this.awareness, [...conn.awarenessIds], null)
    }
  }

  destroy(): void {
    this.forgetWholeDocument()
    this.doc.off('beforeObserverCalls', this.onIntegrated)
    this.doc.off('update', this.onDocUpdate)
    this.awareness.off('update', this.onAwarenessUpdate)
    this.awareness.destroy()
    this.doc.destroy()
  }
}
