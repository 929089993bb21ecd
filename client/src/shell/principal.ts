import type { GovOrganization, GovSnapshot } from '../../../shared/gov.js'
import type { Principal } from '../../../shared/policy.js'
import { useCan, type Can } from '../policy.js'
import { useSession } from '../session.js'

/** Who is looking at a platform, and what the policy table lets them do there. */
export interface PlatformPrincipal {
  principal: Principal | null
  name: string
  org: GovOrganization | null
  can: Can
}

/**
 * This person on this platform: live from gov.people, else from the session (offline, first load),
 * with what the policy table lets them do (`can`), so pages render from the server's own rules.
 */
export function usePrincipal(gov: GovSnapshot, platformId: string): PlatformPrincipal {
  const { session } = useSession()
  const info = session.kind === 'signedIn' ? session.info : null
  const fromGov = info ? gov.people.find((p) => p.id === info.person.id) : undefined
  const membership = info?.memberships.find((m) => m.platformId === platformId)
  const principal: Principal | null = fromGov
    ? { personId: fromGov.id, role: fromGov.role, orgId: fromGov.orgId }
    : info && membership
      ? { personId: info.person.id, role: membership.role, orgId: membership.orgId }
      : null
  const org = principal?.orgId ? (gov.organizations.find((o) => o.id === principal.orgId) ?? null) : null
  const can = useCan(principal)
  return { principal, name: fromGov?.name ?? info?.person.name ?? '', org, can }
}
