import type { Store } from '../store/store.js'
import { newToken, tokenHash } from './secrets.js'

/**
 * On a store with no real account yet, a one-time setup link lets the first
 * facilitator create their account. A new token is made at each start until
 * then (replacing the unused one); using one spends it.
 */
export function firstRunSetupToken(store: Store): string | null {
  if (store.countRealAccounts() > 0) return null
  const token = newToken()
  store.putSetupToken(tokenHash(token), new Date().toISOString())
  return token
}

export type SetupTokenCheck = 'ok' | 'unknown' | 'used' | 'expired' | 'done'

/**
 * Is this setup link still good? Cheap (a hash and one lookup), so it comes
 * before any password hashing. It is good once, for `ttlMs` after it was
 * issued, and only while no real account exists: once the first one does,
 * first run is over and no link grants anything any more.
 */
export function checkSetupToken(store: Store, token: string, ttlMs: number, now = Date.now()): SetupTokenCheck {
  const row = store.getSetupToken(tokenHash(token))
  if (!row) return 'unknown'
  if (row.usedAt) return 'used'
  if (!(Date.parse(row.createdAt) + ttlMs > now)) return 'expired'
  if (store.countRealAccounts() > 0) return 'done'
  return 'ok'
}
