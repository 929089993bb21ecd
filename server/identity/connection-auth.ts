import type { IncomingMessage } from 'node:http'
import type { Principal } from '../../shared/permissions.js'
import { CloseCode } from '../../shared/protocol.js'
import type { Store } from '../store/store.js'
import { principalOn } from './principal.js'
import type { Sessions } from './sessions.js'
import type { Tickets } from './tickets.js'

export type ConnectionAuth =
  | { ok: true; principal: Principal; sessionKey: string; /** When the session ends: the relay closes the socket then. */ expiresAt: number }
  | { ok: false; code: number; reason: string }

/**
 * Who is opening this websocket, and what may they do on this platform?
 * Browsers send the session cookie; other clients a single-use ticket.
 * Not signed in: 4401. Not a member, or no such platform: 4404 (the same
 * answer, so that a platform's existence is not revealed).
 */
export function authenticateConnection(
  deps: { store: Store; sessions: Sessions; tickets: Tickets },
  request: IncomingMessage,
  platformId: string,
  ticket: string | null,
): ConnectionAuth {
  let personId: string | null = null
  let sessionKey: string | null = null
  let ticketPlatform: string | null = null
  let expiresAt = 0
  if (ticket) {
    const redeemed = deps.tickets.redeem(ticket)
    const session = redeemed ? deps.sessions.byKey(redeemed.sessionKey) : null
    if (redeemed && session) {
      personId = redeemed.personId
      sessionKey = redeemed.sessionKey
      ticketPlatform = redeemed.platformId
      expiresAt = session.expiresAt
    }
  } else {
    const session = deps.sessions.fromRequest(request)
    if (session) {
      personId = session.person.id
      sessionKey = session.key
      expiresAt = session.expiresAt
    }
  }
  if (!personId || !sessionKey) return { ok: false, code: CloseCode.Unauthenticated, reason: 'sign in first' }
  // A ticket opens only the platform it was issued for.
  const allowed = ticketPlatform === null || ticketPlatform === platformId
  const principal = allowed && deps.store.getPlatform(platformId) ? principalOn(deps.store, platformId, personId) : null
  if (!principal) return { ok: false, code: CloseCode.UnknownPlatform, reason: 'unknown platform' }
  return { ok: true, principal, sessionKey, expiresAt }
}
