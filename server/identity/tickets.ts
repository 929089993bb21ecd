import type { LimitStore } from '../store/store.js'
import { purgeLimitsNow, FORGET_FAILURES_AFTER_MS } from './rate-limit.js'
import { newToken, tokenHash } from './secrets.js'

export const TICKET_TTL_MS = 60_000

/**
 * Short-lived, single-use credentials for websocket clients that cannot send
 * the session cookie: `POST /api/tickets` → `?ticket=` on the relay URL.
 * Kept in the store, under their hash, so that a ticket issued by one
 * instance opens a connection on any other, once: redeeming is one DELETE …
 * RETURNING, which only one instance can win.
 */
export class Tickets {
  constructor(private readonly store: LimitStore) {}

  issue(personId: string, platformId: string, sessionKey: string, now = Date.now()): string {
    purgeLimitsNow(this.store, now, now - FORGET_FAILURES_AFTER_MS)
    const ticket = newToken()
    this.store.insertTicket(tokenHash(ticket), { personId, platformId, sessionKey, expiresAt: now + TICKET_TTL_MS })
    return ticket
  }

  /** Spends the ticket; null if unknown, used or expired. It is valid only for the platform it names. */
  redeem(ticket: string, now = Date.now()): { personId: string; platformId: string; sessionKey: string } | null {
    const entry = this.store.takeTicket(tokenHash(ticket))
    if (!entry || entry.expiresAt <= now) return null
    return { personId: entry.personId, platformId: entry.platformId, sessionKey: entry.sessionKey }
  }
}
