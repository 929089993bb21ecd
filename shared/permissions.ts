import { GOV_ROOT, sectionIdOfRoot } from './documents.js'
import type { GovPlatform, GovSection } from './gov.js'

/**
 * The permission table of DESIGN.md, as pure functions. The relay and the
 * HTTP API decide every request with them; the client calls the same
 * functions only to keep its interface honest.
 *
 * | role        | read | comment | edit section text                     | sign off      | manage |
 * | observer    | yes  | no      | no                                    | no            | no     |
 * | delegate    | yes  | yes     | sections its org owns, open sections  | no            | no     |
 * | boardRep    | yes  | yes     | as delegate                           | for its org   | no     |
 * | facilitator | yes  | yes     | any unlocked section                  | no            | yes    |
 * No one edits a locked section; an adopted platform is frozen.
 */
export type Role = 'observer' | 'delegate' | 'boardRep' | 'facilitator'

/** Who a connection or request acts for, on one platform. */
export interface Principal {
  personId: string
  role: Role
  /** The member organization the person acts for (null for some facilitators and observers). */
  orgId: string | null
}

export type EditRefusal = 'adopted' | 'locked' | 'observer' | 'notOwner' | 'penHeld'

/** During a drafting session the facilitator may hand a section's pen to one person. */
export interface Pen {
  sectionId: string
  personId: string
}

/** Why this principal may not edit this section's text, or null if they may. */
export function sectionEditRefusal(
  principal: Principal,
  section: GovSection,
  platform: GovPlatform | null,
  pen: Pen | null = null,
): EditRefusal | null {
  if (platform?.adopted) return 'adopted'
  if (section.locked) return 'locked'
  // The role comes before the pen: an observer never writes, even holding a pen it kept through a role change.
  if (principal.role === 'observer') return 'observer'
  // While someone holds the pen, only they write this section; everyone else comments.
  if (pen && pen.sectionId === section.id) return pen.personId === principal.personId ? null : 'penHeld'
  switch (principal.role) {
    case 'facilitator':
      return null
    case 'delegate':
    case 'boardRep':
      return section.ownerOrgId === null || section.ownerOrgId === principal.orgId ? null : 'notOwner'
  }
}

export const canEditSection = (principal: Principal, section: GovSection, platform: GovPlatform | null, pen: Pen | null = null): boolean =>
  sectionEditRefusal(principal, section, platform, pen) === null

export interface WriteContext {
  platform: GovPlatform | null
  /** The section a root belongs to, or null if no such (live) section exists. */
  section: GovSection | null
  /** The pen on that section in a running drafting session, if any. */
  pen?: Pen | null
}

/**
 * May this principal write this root of the platform document? Clients never
 * write `gov`; section bodies follow canEditSection; any other root is refused.
 */
export function canWriteRoot(principal: Principal, root: string, ctx: WriteContext): boolean {
  if (root === GOV_ROOT) return false
  if (sectionIdOfRoot(root) === null || ctx.section === null) return false
  return canEditSection(principal, ctx.section, ctx.platform, ctx.pen ?? null)
}

/** Platform settings, organizations, people, invitations, sections, audit log. */
export const canManage = (principal: Principal): boolean => principal.role === 'facilitator'

export const canComment = (principal: Principal): boolean => principal.role !== 'observer'

/** A board representative signs off for their own organization only. */
export const canSignOff = (principal: Principal, orgId: string): boolean =>
  principal.role === 'boardRep' && principal.orgId === orgId

/** Delegates and board representatives act for an organization; the others may. */
export const roleNeedsOrganization = (role: Role): boolean => role === 'delegate' || role === 'boardRep'
