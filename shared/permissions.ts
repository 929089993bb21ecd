import { GOV_ROOT, sectionIdOfRoot } from './documents.js'
import type { GovPlatform, GovSection } from './gov.js'

/**
 * Who a connection or request acts for. The relay and the HTTP API decide
 * every write with the functions below; the client calls the same functions
 * only to keep its interface honest.
 */
export type Role = 'observer' | 'delegate' | 'boardRep' | 'facilitator'

export type Principal =
  /** No accounts yet: a guest who picked a name and an organization on their device. */
  | { kind: 'guest'; name: string | null; orgId: string | null }
  | { kind: 'member'; personId: string; role: Role; orgId: string | null }

export interface WriteContext {
  platform: GovPlatform | null
  /** The section a root belongs to, or null if no such section exists. */
  section: GovSection | null
}

/** May this principal change this section's text? */
export function canEditSection(
  principal: Principal,
  section: GovSection,
  platform: GovPlatform | null,
): boolean {
  if (section.locked || platform?.adopted) return false
  if (principal.kind === 'guest') return true
  switch (principal.role) {
    case 'observer':
      return false
    case 'facilitator':
      return true
    case 'delegate':
    case 'boardRep':
      return section.ownerOrgId === null || section.ownerOrgId === principal.orgId
  }
}

/**
 * May this principal write this root of the platform document? Clients never
 * write `gov`; section bodies follow canEditSection; any other root is refused.
 */
export function canWriteRoot(principal: Principal, root: string, ctx: WriteContext): boolean {
  if (root === GOV_ROOT) return false
  if (sectionIdOfRoot(root) === null || ctx.section === null) return false
  return canEditSection(principal, ctx.section, ctx.platform)
}
