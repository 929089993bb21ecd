import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { Principal } from '../../shared/policy.js'
import type { Role } from '../../shared/roles.js'
import { effectiveRole, roleWithin } from '../../shared/token-roles.js'
import type { AccessTokenRow, Store } from '../store/store.js'
import { principalOn } from './principal.js'
import { tokenHash } from './secrets.js'

/**
 * Personal access tokens: a credential for non-browser clients (scripts, a
 * stock y-websocket provider) that survives reconnects, unlike a single-use
 * ticket. A token is its owner's, for one platform and one role no higher
 * than the owner's there; revocable; optionally expiring. The secret is
 * shown once, at creation; the store holds only its SHA-256.
 *
 * The token reads `plank_pat.<id>.<secret>`: the id finds the row, the
 * secret's hash is compared in constant time (the database lookup is by id,
 * never by anything derived from the secret).
 */
const PREFIX = 'plank_pat'

/** Connections opened with a token carry this key instead of a session's: revoking closes them. */
export const tokenConnectionKey = (tokenId: string): string => `token:${tokenId}`
export const tokenIdOfConnectionKey = (key: string): string | null => (key.startsWith('token:') ? key.slice('token:'.length) : null)

/**
 * Who a token acts as on its platform now: its owner, with the token's role
 * cut to the owner's current one; null once the owner is no longer a member.
 * Also what a connection opened with a token becomes when its owner's role
 * changes (gov/context.ts refreshPrincipals).
 */
export function tokenPrincipal(store: Store, row: AccessTokenRow): Principal | null {
  const owner = store.getPlatform(row.platformId) ? principalOn(store, row.platformId, row.personId) : null
  if (!owner) return null
  const role = effectiveRole(row.role, owner.role)
  return role ? { personId: owner.personId, role, orgId: owner.orgId } : null
}

/** The principal of a connection opened with token `tokenId`, now (see tokenPrincipal). */
export function tokenConnectionPrincipal(store: Store, tokenId: string): Principal | null {
  const row = store.getAccessToken(tokenId)
  return row && row.revokedAt === null ? tokenPrincipal(store, row) : null
}

export type TokenRefusal = 'notMember' | 'roleTooHigh'

export interface TokenUse {
  tokenId: string
  principal: Principal
  platformId: string
  /** Epoch ms; Infinity when the token does not expire. */
  expiresAt: number
}

export class AccessTokens {
  constructor(
    private readonly store: Store,
    /** Demo people may only act while demo mode is on (as with sessions). */
    private readonly options: { demo: boolean },
  ) {}

  /** A new token for the owner's use of one platform; the secret is in the answer only. */
  create(
    personId: string,
    input: { platformId: string; role: Role; name: string; expiresAt: string | null },
    now = Date.now(),
  ): { row: AccessTokenRow; token: string } | TokenRefusal {
    const owner = this.store.getPlatform(input.platformId) ? principalOn(this.store, input.platformId, personId) : null
    if (!owner) return 'notMember'
    if (!roleWithin(input.role, owner.role)) return 'roleTooHigh'
    const id = randomBytes(12).toString('base64url')
    const secret = randomBytes(32).toString('base64url')
    const row: AccessTokenRow = {
      id,
      secretHash: tokenHash(secret),
      personId,
      platformId: input.platformId,
      role: input.role,
      name: input.name,
      createdAt: new Date(now).toISOString(),
      expiresAt: input.expiresAt,
      lastUsedAt: null,
      revokedAt: null,
    }
    this.store.createAccessToken(row)
    return { row, token: `${PREFIX}.${id}.${secret}` }
  }

  /** The live, unrevoked, unexpired token this text names, or null. */
  find(token: string, now = Date.now()): AccessTokenRow | null {
    const [prefix, id, secret, ...rest] = token.split('.')
    if (prefix !== PREFIX || !id || !secret || rest.length > 0 || id.length > 64 || secret.length > 128) return null
    const row = this.store.getAccessToken(id)
    if (!row) return null
    const expected = Buffer.from(row.secretHash, 'hex')
    const given = Buffer.from(tokenHash(secret), 'hex')
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null
    return this.isLive(row, now) ? row : null
  }

  /**
   * What the token may do now, on its platform: its role, cut to the owner's
   * current role there; null once the owner left the platform (or the token
   * is dead). Asked at every use, so a role change applies at once.
   */
  use(row: AccessTokenRow): TokenUse | null {
    const person = this.store.getPerson(row.personId)
    if (!person || (person.isDemo && !this.options.demo)) return null
    const principal = tokenPrincipal(this.store, row)
    if (!principal) return null
    return {
      tokenId: row.id,
      platformId: row.platformId,
      principal,
      expiresAt: row.expiresAt ? Date.parse(row.expiresAt) : Number.POSITIVE_INFINITY,
    }
  }

  /** Authenticates a token for a platform: null if it is dead, for another platform, or its owner left. */
  authenticate(token: string, platformId: string, now = Date.now()): TokenUse | null {
    const row = this.find(token, now)
    if (!row || row.platformId !== platformId) return null
    const use = this.use(row)
    if (use) this.store.markAccessTokenUsed(row.id, new Date(now).toISOString())
    return use
  }

  /** Still usable? The relay asks at every heartbeat for connections opened with a token. */
  alive(tokenId: string, now = Date.now()): boolean {
    const row = this.store.getAccessToken(tokenId)
    return row !== null && this.isLive(row, now) && this.use(row) !== null
  }

  list(personId: string): AccessTokenRow[] {
    return this.store.listAccessTokens(personId)
  }

  /** Revokes one of the person's tokens; null if they have no such token. */
  revoke(personId: string, tokenId: string, now = Date.now()): AccessTokenRow | null {
    const row = this.store.getAccessToken(tokenId)
    if (!row || row.personId !== personId) return null
    if (!row.revokedAt) this.store.revokeAccessToken(tokenId, new Date(now).toISOString())
    return row
  }

  private isLive(row: AccessTokenRow, now: number): boolean {
    return row.revokedAt === null && (row.expiresAt === null || Date.parse(row.expiresAt) > now)
  }
}
