/**
 * What the relay (and later the Redis fan-out) reports to the metrics, as
 * plain calls with no prom-client in sight: the relay's files import only
 * this, and a Room made without metrics (a unit test, a tool) gets the
 * no-op below. metrics.ts implements it.
 */

/**
 * Why an update was refused: a small fixed set, never anything a client
 * chooses (no platform or person id), so the metric's series stay bounded.
 * Decided in client-updates.ts:
 * - forbidden: writes a root the person may not write (4403)
 * - client_id: writes under another person's Yjs client id (4403)
 * - invalid: content a section may not hold (4403)
 * - too_large: past the update shape bounds (4403)
 * - malformed: the guard cannot read it (4400)
 * - audit: the guard passed it and the transaction audit caught it (4403; a hole in the guard)
 * - backlog: too many updates wait for structs not sent yet (1013, the client resends)
 * A frame over PLANK_MAX_MESSAGE_BYTES is closed 4413 by ws before it is read: not counted here.
 */
export const REFUSED_REASONS = ['forbidden', 'client_id', 'invalid', 'too_large', 'malformed', 'audit', 'backlog'] as const
export type RefusedReason = (typeof REFUSED_REASONS)[number]

/** How an update reached the connections it was written to: this instance's own, or another instance's through Redis. */
export type FanOutPath = 'local' | 'redis'

/** Durations are milliseconds (differences of performance.now(), or of Date.now() across instances); exported in seconds. */
export interface RelayMetrics {
  /** An update passed the guard and the audit and was applied (it is stored with its turn, room.ts). */
  updateAccepted(): void
  updateRefused(reason: RefusedReason): void
  /** One append of a turn's updates to the store. */
  observeStoreWrite(ms: number): void
  /** From the relay starting to judge a client's update to the frame being handed to every other connection's socket. */
  observeFanOut(ms: number, path?: FanOutPath): void
  /** From one instance publishing an update on Redis to another receiving it. */
  observeRedisLag(ms: number): void
}

export const NO_RELAY_METRICS: RelayMetrics = {
  updateAccepted() {},
  updateRefused() {},
  observeStoreWrite() {},
  observeFanOut() {},
  observeRedisLag() {},
}
