import type { LimitStore } from '../store/store.js'

/** Purge expired limit rows at most this often per process: a cheap indexed delete, not on every event. */
const PURGE_EVERY_MS = 60_000
const lastPurge = new WeakMap<LimitStore, number>()

/** Drops the limits' rows that no longer count, at most once a minute per store. */
export function purgeLimitsNow(store: LimitStore, now: number, failuresForgetBefore: number): void {
  if (now - (lastPurge.get(store) ?? 0) < PURGE_EVERY_MS) return
  lastPurge.set(store, now)
  store.purgeExpiredLimits(now, failuresForgetBefore)
}

/** The sign-in throttle forgets a (login, address) pair's failures after a day (sign-in-throttle.ts). */
export const FORGET_FAILURES_AFTER_MS = 24 * 60 * 60_000

/**
 * Counts events per key in a sliding window (failed sign-ins per address,
 * comments per person, platforms per person); a key over its limit is
 * refused until old events age out. The events are in the store, so every
 * instance sharing it counts them all: the limit holds across instances.
 */
export class SlidingWindowLimit {
  constructor(
    private readonly store: LimitStore,
    /** Which limit this is: its events are counted apart from every other limit's. */
    private readonly scope: string,
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Milliseconds until `key` may try again, or 0 if it may now. */
  retryAfterMs(key: string, now = Date.now()): number {
    return this.waitFor(this.store.rateEventTimes(this.scope, key, now - this.windowMs), now)
  }

  record(key: string, now = Date.now()): void {
    purgeLimitsNow(this.store, now, now - FORGET_FAILURES_AFTER_MS)
    this.store.addRateEvent(this.scope, key, now, now + this.windowMs)
  }

  /**
   * Checks and records in one: 0 and the event counted, or the wait and
   * nothing counted. The event is added first and counted after, so two
   * instances taking the last place at once cannot both have it (at worst
   * both are refused, and withdraw their events).
   */
  take(key: string, now = Date.now()): number {
    return this.reserve(key, now).retryAfterMs
  }

  /**
   * As take(), with the event's id when it was counted, so that an attempt
   * that turns out not to count (a right password, for a limit of failures)
   * can be withdrawn afterwards.
   */
  reserve(key: string, now = Date.now()): { retryAfterMs: 0; id: number } | { retryAfterMs: number; id: null } {
    purgeLimitsNow(this.store, now, now - FORGET_FAILURES_AFTER_MS)
    const id = this.store.addRateEvent(this.scope, key, now, now + this.windowMs)
    if (this.store.rateEventTimes(this.scope, key, now - this.windowMs).length <= this.limit) return { retryAfterMs: 0, id }
    this.store.removeRateEvent(id)
    return { retryAfterMs: Math.max(1, this.retryAfterMs(key, now)), id: null }
  }

  /** Withdraws an event reserve() counted. */
  withdraw(id: number): void {
    this.store.removeRateEvent(id)
  }

  reset(key: string): void {
    this.store.clearRateEvents(this.scope, key)
  }

  private waitFor(recent: number[], now: number): number {
    if (recent.length < this.limit) return 0
    return recent[recent.length - this.limit]! + this.windowMs - now
  }
}
