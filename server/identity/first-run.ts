import type { Store } from '../store/store.js'
import { newToken, tokenHash } from './secrets.js'

/**
 * On a store with no real account yet, a one-time setup link lets the first
 * facilitator create their account. A new token is made at each start until
 * then; using one spends it.
 */
export function firstRunSetupToken(store: Store): string | null {
  if (store.countRealAccounts() > 0) return null
  const token = newToken()
  store.putSetupToken(tokenHash(token), new Date().toISOString())
  return token
}
