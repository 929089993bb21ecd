import type { Principal } from '../../shared/policy.js'
import type { PeopleStore } from '../store/store.js'

/**
 * What a person may do on one platform: their membership there, or null if
 * they are not a member. The relay and the API ask only this, on every
 * connection and request, so a role change takes effect at once.
 */
export function principalOn(store: PeopleStore, platformId: string, personId: string): Principal | null {
  const membership = store.getMembership(platformId, personId)
  return membership ? { personId, role: membership.role, orgId: membership.orgId } : null
}
