import * as Y from 'yjs'
import type { Connection } from './connection.js'
import type { Need } from './update-guard.js'

export interface ParkedUpdate<C = unknown> {
  conn: Connection<C>
  update: Uint8Array
  need: Need
  /** Set once it no longer counts as parked. */
  settled?: boolean
}

/**
 * Updates that wait for structs the server does not have yet (a y-websocket
 * client sends live updates before its sync reply carries what they build on).
 * Indexed by the client whose struct each one waits for, so an applied update
 * looks only at what waits on the clients it advanced: the cost of a retry does
 * not grow with what is parked. Each connection's share is bounded by count and
 * bytes (Connection.parkedCount / parkedBytes, checked by the caller).
 */
export class ParkedUpdates<C = unknown> {
  private readonly byClient = new Map<number, ParkedUpdate<C>[]>()
  /** Parked here, due ones not yet settled included (room-wide bounds). */
  count = 0
  bytes = 0

  /** Updates parked in this room. */
  get size(): number {
    let n = 0
    for (const list of this.byClient.values()) n += list.length
    return n
  }

  park(entry: ParkedUpdate<C>): void {
    const list = this.byClient.get(entry.need.client)
    if (list) list.push(entry)
    else this.byClient.set(entry.need.client, [entry])
    entry.conn.parkedCount++
    entry.conn.parkedBytes += entry.update.byteLength
    this.count++
    this.bytes += entry.update.byteLength
  }

  /**
   * Removes and returns the updates whose awaited struct the document now
   * has. They still count as parked (a SaveCheck waits for them) until
   * `settle` is called once each has been judged.
   */
  takeDue(doc: Y.Doc, advanced: Iterable<number>): ParkedUpdate<C>[] {
    const due: ParkedUpdate<C>[] = []
    for (const client of advanced) {
      const list = this.byClient.get(client)
      if (!list) continue
      const state = Y.getState(doc.store, client)
      const waiting = list.filter((entry) => entry.need.clock >= state)
      for (const entry of list) if (entry.need.clock < state) due.push(entry)
      if (waiting.length > 0) this.byClient.set(client, waiting)
      else this.byClient.delete(client)
    }
    return due
  }

  /** A due update has been judged (applied, refused, or parked again as a new entry). */
  settle(entry: ParkedUpdate<C>): void {
    if (entry.settled) return
    entry.settled = true
    entry.conn.parkedCount--
    entry.conn.parkedBytes -= entry.update.byteLength
    this.count--
    this.bytes -= entry.update.byteLength
  }

  /** Drops a connection's parked updates (it closed, or one of its updates was refused). */
  drop(conn: Connection<C>): void {
    if (conn.parkedCount === 0) return
    for (const [client, list] of this.byClient) {
      const kept: ParkedUpdate<C>[] = []
      for (const entry of list) {
        if (entry.conn === conn) this.settle(entry)
        else kept.push(entry)
      }
      if (kept.length === list.length) continue
      if (kept.length > 0) this.byClient.set(client, kept)
      else this.byClient.delete(client)
    }
  }
}
