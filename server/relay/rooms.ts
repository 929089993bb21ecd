import type { Store } from '../store/store.js'
import { projectGov } from '../gov/projection.js'
import { CloseCode } from '../../shared/protocol.js'
import { Room, type RoomOptions } from './room.js'

export interface RoomsOptions extends RoomOptions {
  unloadGraceMs: number
}

/** The platform exists but its document could not be opened safely (its store refused a write). */
export class RoomUnavailable extends Error {
  constructor(platformId: string) {
    super(`the document of platform ${platformId} could not be stored; try again later`)
  }
}

/**
 * The platforms open in memory. A room is loaded from the store on its first
 * connection and unloaded (memory freed) once it has had no connection for
 * the grace period.
 */
export class Rooms {
  private readonly rooms = new Map<string, Room>()
  private readonly unloadTimers = new Map<string, NodeJS.Timeout>()

  constructor(
    private readonly store: Store,
    private readonly options: RoomsOptions,
  ) {}

  get size(): number {
    return this.rooms.size
  }

  isLoaded(platformId: string): boolean {
    return this.rooms.has(platformId)
  }

  /** The platform's room, loaded if needed; null if no such platform. */
  open(platformId: string): Room | null {
    this.cancelUnload(platformId)
    const existing = this.rooms.get(platformId)
    if (existing) return existing
    if (!this.store.getPlatform(platformId)) return null
    const room = new Room(platformId, this.store, this.options, (failed) => this.fail(failed))
    this.rooms.set(platformId, room)
    projectGov(room.doc, this.store, platformId)
    // The projection could not be stored (disk full…): the room must never
    // acknowledge or relay anything. fail() has already unregistered it.
    if (room.failed) throw new RoomUnavailable(platformId)
    return room
  }

  /**
   * Runs `fn` on the platform's live document, loading it if needed; a
   * document loaded only for this is unloaded after the grace period.
   */
  withDocument<T>(platformId: string, fn: (room: Room) => T): T | null {
    const room = this.open(platformId)
    if (!room) return null
    try {
      return fn(room)
    } finally {
      this.released(room)
    }
  }

  /** The room if loaded (for the HTTP API to project changes into). */
  get(platformId: string): Room | null {
    return this.rooms.get(platformId) ?? null
  }

  /** Call when a connection left: starts the grace period if the room is empty. */
  released(room: Room): void {
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
    room.compact()
    room.destroy()
    this.rooms.delete(platformId)
  }

  /** The store refused a write: drop the room; clients reconnect and resync from what is stored. */
  private fail(room: Room): void {
    if (this.rooms.get(room.name) === room) this.rooms.delete(room.name)
    this.cancelUnload(room.name)
    for (const conn of [...room.connections]) conn.close(CloseCode.GoingAway, 'storage failure, reconnect')
    room.connections.clear()
    // Called from inside the document's update event: destroy it afterwards.
    setImmediate(() => room.destroy())
  }

  /** Signing out closes that session's connections everywhere. */
  closeSession(sessionKey: string): void {
    for (const room of this.rooms.values()) {
      for (const conn of [...room.connections]) {
        if (conn.sessionKey === sessionKey) conn.close(CloseCode.Unauthenticated, 'signed out')
      }
    }
  }

  closeAll(): void {
    for (const room of this.rooms.values()) {
      for (const conn of room.connections) conn.goingAway()
      room.connections.clear()
      room.compact()
      room.destroy()
    }
    for (const timer of this.unloadTimers.values()) clearTimeout(timer)
    this.rooms.clear()
    this.unloadTimers.clear()
  }
}
