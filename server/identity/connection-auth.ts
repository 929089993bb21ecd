import type { IncomingMessage } from 'node:http'
import type { Principal } from '../../shared/policy.js'
import { CloseCode } from '../../shared/protocol.js'
import type { Store } from '../store/store.js'
import { tokenConnectionKey, tokenIdOfConnectionKey, type AccessTokens } from './access-tokens.js'
import { principalOn } from './principal.js'
import type { Sessions } from './sessions.js'
import type { Tickets } from './tickets.js'

export type ConnectionAuth =
  | { ok: true; principal: Principal; sessionKey: string /** When the session ends: the relay closes the socket then. */; expiresAt: number }
  | { ok: false; code: number; reason: string }

export interface ConnectionAuthDeps {
  store: Store
  sessions: Sessions
  tickets: Tickets
  accessTokens: AccessTokens
}

/** setTimeout-safe "never": a token without expiry still needs a number. */
const NO_EXPIRY = 8.64e15

/** `?token=` of the upgrade request (the provider's `params`), if any. */
const tokenParam = (request: IncomingMessage): string | null => new URL(request.url ?? '/', 'http://plank').searchParams.get('token')

/**
 * Who is opening this websocket, and what may they do on this platform?
 * Browsers send the session cookie; other clients a single-use ticket
 * (`?ticket=`) or a personal access token (`?token=`, which survives
 * reconnects). Not signed in, or a dead credential: 4401. Not a member, no
 * such platform, or a ticket or token for another platform: 4404 (the same
 * answer, so that a platform's existence is not revealed).
 */
export function authenticateConnection(deps: ConnectionAuthDeps, request: IncomingMessage, platformId: string, ticket: string | null): ConnectionAuth {
  const token = ticket ? null : tokenParam(request)
  if (token) return authenticateToken(deps, token, platformId)
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

function authenticateToken(deps: ConnectionAuthDeps, token: string, platformId: string): ConnectionAuth {
  const row = deps.accessTokens.find(token)
  if (!row) return { ok: false, code: CloseCode.Unauthenticated, reason: 'invalid or revoked token' }
  const use = row.platformId === platformId ? deps.accessTokens.authenticate(token, platformId) : null
  if (!use) return { ok: false, code: CloseCode.UnknownPlatform, reason: 'unknown platform' }
  return {
    ok: true,
    principal: use.principal,
    sessionKey: tokenConnectionKey(use.tokenId),
    expiresAt: Math.min(use.expiresAt, NO_EXPIRY),
  }
}

/**
 * Is the credential a connection was opened with still good? Asked at every
 * heartbeat: a session that ended, or a token revoked, expired or whose
 * owner left the platform, closes the connection (4401).
 */
export function credentialAlive(deps: Pick<ConnectionAuthDeps, 'sessions' | 'accessTokens'>, sessionKey: string): boolean {
  const tokenId = tokenIdOfConnectionKey(sessionKey)
  return tokenId !== null ? deps.accessTokens.alive(tokenId) : deps.sessions.byKey(sessionKey) !== null
}
