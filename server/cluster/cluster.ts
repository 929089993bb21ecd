/**
 * What instances sharing one database tell each other at once (multi-instance
 * mode, PLANK_REDIS_URL). Everything durable is already in PostgreSQL when an
 * event is published: an event only makes another instance's memory catch up
 * sooner (its live documents, its open connections). An event that is lost
 * loses nothing: while the channel is down every instance reads its live
 * documents, governance and connections' roles from the store every few
 * seconds, and again when the channel comes back (cluster-events.ts).
 */
import type { GovTouched } from '../gov/touched.js'

export type ClusterEvent =
  /** A stored update to a live document; `acceptedAt` is when its first client update reached the relay (epoch ms). */
  | { kind: 'update'; room: string; update: Uint8Array; acceptedAt: number }
  /** Presence changes announced on the sender's connections (y-protocols awareness update). */
  | { kind: 'awareness'; room: string; update: Uint8Array }
  /** A person's role or membership changed: their connections re-read it (or close). */
  | { kind: 'principals'; platformId: string; personId: string }
  /** A sign-in or access token ended: its connections close. */
  | { kind: 'closeSession'; sessionKey: string }
  /**
   * A governance change committed (gov/context.ts). `projected`: the sender
   * wrote it into its live document, and the update event carries it; if
   * not, instances holding the document live project `touched` themselves
   * (null: everything).
   */
  | { kind: 'gov'; platformId: string; touched: GovTouched[] | null; projected: boolean }
  /** The sender was cut off from the channel and is back: what it published meanwhile was lost, so everyone resyncs from the store. */
  | { kind: 'resync' }

export interface Cluster {
  /** False for one instance on its own; true in multi-instance mode, even while the channel is down. */
  readonly shared: boolean
  /** True while events reach the other instances (always true for one instance: there is nobody to miss). */
  readonly live: boolean
  /** Sends to every other instance; never throws (while the channel is down the event is dropped). */
  publish(event: ClusterEvent): void
  /** `handler` receives every other instance's events; `sentAt` is when it published (epoch ms). */
  onEvent(handler: (event: ClusterEvent, sentAt: number) => void): void
  /** `handler` is told when `live` changes; back to true means events may have been missed meanwhile. */
  onLive(handler: (live: boolean) => void): void
  /** A round trip to the channel's server, for /healthz; rejects when it does not answer. */
  ping(): Promise<void>
  close(): Promise<void>
}

/** One instance: nothing to tell anyone. */
export const SINGLE_INSTANCE: Cluster = {
  shared: false,
  live: true,
  publish() {},
  onEvent() {},
  onLive() {},
  ping: async () => {},
  close: async () => {},
}
