/**
 * Edit → arrival bookkeeping for scenarios where clients write and every other
 * client must receive each edit. Arrival is read from the Yjs clocks in the
 * received update (Y.parseUpdateMeta), which also works when a server merges
 * several updates into one message.
 */
import * as Y from 'yjs'
import { Samples } from '../stats.js'

/** One sent edit: an update carrying the writer's clock >= endClock carries it. */
export interface SentEdit {
  sentAt: number
  /** The writer's clock after this edit. */
  endClock: number
  deliveries: number
  lastAt: number
}

export class EditDeliveries<E extends SentEdit = SentEdit> {
  /** Sent edits by writer client id, in sending order. */
  private readonly edits = new Map<number, E[]>()
  /** Every (edit, receiving client) pair: edit to arrival. */
  readonly latencies = new Samples()
  delivered = 0

  /** Starts the writer's list; returns it for the writer to push its edits onto. */
  addWriter(clientId: number): E[] {
    const list: E[] = []
    this.edits.set(clientId, list)
    return list
  }

  /**
   * One receiving client's counter: call it with each update the client receives
   * and its own client id (the peer echoes updates to their sender).
   * `onDelivery` also gets each delivery's writer and latency (e.g. to tell
   * deliveries within one instance from those across instances).
   */
  receiver(onDelivery?: (writerId: number, ms: number) => void): (update: Uint8Array, at: number, selfId: number) => void {
    // Index of the first edit of each writer this client has not seen yet.
    const next = new Map<number, number>()
    return (update, at, selfId) => {
      for (const [writerId, clock] of Y.parseUpdateMeta(update).to) {
        if (writerId === selfId) continue
        const list = this.edits.get(writerId)
        if (!list) continue
        let k = next.get(writerId) ?? 0
        while (k < list.length && list[k]!.endClock <= clock) {
          const e = list[k]!
          this.latencies.push(at - e.sentAt)
          onDelivery?.(writerId, at - e.sentAt)
          e.deliveries++
          e.lastAt = at
          this.delivered++
          k++
        }
        next.set(writerId, k)
      }
    }
  }

  /** The edits every one of `receivers` other clients got. */
  reachedAll(receivers: number): E[] {
    return [...this.edits.values()].flat().filter((e) => e.deliveries === receivers)
  }
}
