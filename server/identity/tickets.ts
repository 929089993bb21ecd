import { newToken } from './secrets.js'

export const TICKET_TTL_MS = 60_000

/**
 * Short-lived, single-use credentials for websocket clients that cannot send
 * the session cookie: `POST /api/tickets` → `?ticket=` on the relay URL.
 * Kept in memory: a ticket outliving a restart would be a bug, not a feature.
 */
export class Tickets {
  private readonly tickets = new Map<string, { personId: string; platformId: string; expiresAt: number; sessionKey: string }>()

  issue(personId: string, platformId: string, sessionKey: string, now = Date.now()): string {
    for (const [t, v] of this.tickets) if (v.expiresAt <= now) this.tickets.delete(t)
    const ticket = newToken()
    this.tickets.set(ticket, { personId, platformId, sessionKey, expiresAt: now + TICKET_TTL_MS })
    return ticket
  }

  /** Spends the ticket; null if unknown, used or expired. It is valid only for the platform it names. */
  redeem(ticket: string, now = Date.now()): { personId: string; platformId: string; sessionKey: string } | null {
    const entry = this.tickets.get(ticket)
    this.tickets.delete(ticket)
    if (!entry || entry.expiresAt <= now) return null
    return { personId: entry.personId, platformId: entry.platformId, sessionKey: entry.sessionKey }
  }
}
