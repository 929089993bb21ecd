import { SINGLE_INSTANCE, type Cluster } from '../cluster/cluster.js'
import type { Store } from '../store/store.js'
import { CloseCode, ServerStatus } from '../../shared/protocol.js'
import type { Connection } from './connection.js'
import { serverStatusFrame } from './frames.js'
import type { RelayHooks } from './hooks.js'
import { Room, type RoomOptions } from './room.js'

export interface RoomsOptions<C> extends RoomOptions {
  unloadGraceMs: number
  hooks: RelayHooks<C>
  /** The last loaded document left memory: nothing is open (the server may give memory back). */
  onEmpty?: () => void
}

const EMPTY_SETTLE_MS = 1000

/** The platform exists but its document could not be opened safely (its store refused a write). */
export class RoomUnavailable extends Error {
  constructor(platformId: string) {
    super(`the document of platform ${platformId} could not be stored; try again later`)
  }
}

/**
 * The platforms open in memory. A room is loaded from the store on its first
 * connection (then the afterLoadDocument hook runs) and unloaded (memory
 * freed, after the beforeUnloadDocument hook) once it has had no connection
 * for the grace period.
 */
export class Rooms<C = unknown> {
  private readonly rooms = new Map<string, Room<C>>()
  private readonly unloadTimers = new Map<string, NodeJS.Timeout>()

  constructor(
    private readonly store: Store,
    private readonly options: RoomsOptions<C>,
  ) {}

  /** The other instances (SINGLE_INSTANCE when there are none). */
  get cluster(): Cluster {
    return this.options.cluster ?? SINGLE_INSTANCE
  }

  /** What the relay asks of the rest of the server (hooks.ts). */
  get hooks(): RelayHooks<C> {
    return this.options.hooks
  }

  get size(): number {
    return this.rooms.size
  }

  isLoaded(platformId: string): boolean {
    return this.rooms.has(platformId)
  }

  /** The platform's room, loaded if needed; null if no such platform. */
  open(platformId: string): Room<C> | null {
    this.cancelUnload(platformId)
    const existing = this.rooms.get(platformId)
    if (existing) return existing
    if (!this.store.getPlatform(platformId)) return null
    const room = new Room(platformId, this.store, this.options, this.options.hooks, (failed) => this.fail(failed))
    this.rooms.set(platformId, room)
    this.options.hooks.afterLoadDocument({ documentName: platformId, document: room.doc })
    // What the hook wrote could not be stored (disk full…): the room must never
    // acknowledge or relay anything. fail() has already unregistered it.
    if (room.failed) throw new RoomUnavailable(platformId)
    return room
  }

  /**
   * Runs `fn` on the platform's live document, loading it if needed; a
   * document loaded only for this is unloaded after the grace period.
   */
  withDocument<T>(platformId: string, fn: (room: Room<C>) => T): T | null {
    const room = this.open(platformId)
    if (!room) return null
    try {
      return fn(room)
    } finally {
      this.released(room)
    }
  }

  /** Every room loaded now. */
  loaded(): Room<C>[] {
    return [...this.rooms.values()]
  }

  /** The room if loaded. */
  get(platformId: string): Room<C> | null {
    return this.rooms.get(platformId) ?? null
  }

  /** The connections open on a platform now (none if it is not loaded). */
  connectionsOn(platformId: string): Connection<C>[] {
    return [...(this.rooms.get(platformId)?.connections ?? [])]
  }

  /** Call when a connection left: starts the grace period if the room is empty. */
  released(room: Room<C>): void {
    if (room.connections.size > 0 || this.rooms.get(room.name) !== room) return
    this.cancelUnload(room.name)
    const timer = setTimeout(() => this.unload(room.name), this.options.unloadGraceMs)
    timer.unref()
    this.unloadTimers.set(room.name, timer)
  }

  private cancelUnload(platformId: string): void {
    const timer = this.unloadTimers.get(platformId)
    if (timer) clearTimeout(timer)
    this.unloadTimers.delete(platformId)
  }

  unload(platformId: string): void {
    this.cancelUnload(platformId)
    const room = this.rooms.get(platformId)
    if (!room || room.connections.size > 0) return
    this.beforeUnload(room)
    room.compact()
    room.destroy()
    this.rooms.delete(platformId)
    if (this.rooms.size === 0) this.scheduleEmpty()
  }

  private emptyTimer: NodeJS.Timeout | null = null

  /** Documents of one busy period unload together: tell onEmpty once, a moment after the last. */
  private scheduleEmpty(): void {
    if (!this.options.onEmpty || this.emptyTimer) return
    this.emptyTimer = setTimeout(() => {
      this.emptyTimer = null
      if (this.rooms.size === 0) this.options.onEmpty?.()
    }, EMPTY_SETTLE_MS)
    this.emptyTimer.unref()
  }

  private beforeUnload(room: Room<C>): void {
    try {
      this.options.hooks.beforeUnloadDocument({ documentName: room.name, document: room.doc })
    } catch (error) {
      // The document leaves memory anyway; what it holds is stored.
      this.options.log(`relay: FAULT in beforeUnloadDocument of ${room.name}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
    }
  }

  /** The store refused a write: drop the room; clients reconnect and resync from what is stored. */
  private fail(room: Room<C>): void {
    if (this.rooms.get(room.name) === room) this.rooms.delete(room.name)
    this.cancelUnload(room.name)
    for (const conn of [...room.connections]) conn.close(CloseCode.GoingAway, 'storage failure, reconnect')
    room.connections.clear()
    // Now, before a reconnect can load the platform again (the hook is told
    // about this document, not a successor); but this runs inside the
    // document's update event, so it is destroyed afterwards.
    this.beforeUnload(room)
    setImmediate(() => room.destroy())
  }

  /** Signing out closes that session's connections everywhere: on this instance and, through the cluster, on every other. */
  closeSession(sessionKey: string): void {
    this.closeSessionHere(sessionKey)
    this.options.cluster?.publish({ kind: 'closeSession', sessionKey })
  }

  /** Closes that session's connections on this instance (another instance told of a sign-out). */
  closeSessionHere(sessionKey: string): void {
    for (const room of this.rooms.values()) {
      for (const conn of [...room.connections]) {
        if (conn.sessionKey === sessionKey) conn.close(CloseCode.Unauthenticated, 'signed out')
      }
    }
  }

  /** Tells Plank's own clients (those asking for save acknowledgements) whether edits reach every instance now. */
  tellServerStatus(live: boolean): void {
    const frame = serverStatusFrame(live ? ServerStatus.live : ServerStatus.notLiveAcrossInstances)
    for (const room of this.rooms.values()) for (const conn of room.connections) if (conn.wantsSaveAcks) conn.send(frame)
  }

  closeAll(): void {
    for (const room of this.rooms.values()) {
      for (const conn of room.connections) conn.goingAway()
      room.connections.clear()
      this.beforeUnload(room)
      room.compact()
      room.destroy()
    }
    for (const timer of this.unloadTimers.values()) clearTimeout(timer)
    this.rooms.clear()
    this.unloadTimers.clear()
  }
}
