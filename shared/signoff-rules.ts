import type { GovSection } from './gov.js'

/** One organization's standing on one section. */
export interface OrgStanding {
  orgId: string
  decision: 'approve' | 'changes' | null
  /** false once the text changed after the decision ("approved an earlier version"). */
  current: boolean
}

export type SectionStatus = 'drafting' | 'inReview' | 'approved' | 'locked'

export interface SectionApproval {
  approved: boolean
  /** Current approvals. */
  approvals: number
  /** Approvals the rule asks for. */
  needed: number
  /** Organizations whose request for changes is open. */
  openChanges: string[]
  /** Organizations that have not approved the current text. */
  missing: string[]
}

/**
 * The approval rule of DESIGN.md: every member organization has a current
 * approval (unanimity), or, with a threshold, at least that many current
 * approvals and no open request for changes. A request for changes stays
 * open until that organization decides again, even if the text changed
 * since: an objection is not withdrawn by someone else's edit.
 */
export function sectionApproval(standings: OrgStanding[], threshold: number | null): SectionApproval {
  const approvals = standings.filter((s) => s.decision === 'approve' && s.current).length
  const openChanges = standings.filter((s) => s.decision === 'changes').map((s) => s.orgId)
  const missing = standings.filter((s) => !(s.decision === 'approve' && s.current)).map((s) => s.orgId)
  const needed = threshold === null ? standings.length : Math.min(threshold, standings.length)
  const approved = standings.length > 0 && approvals >= needed && (threshold === null ? missing.length === 0 : openChanges.length === 0)
  return { approved, approvals, needed, openChanges, missing }
}

export function sectionStatus(section: Pick<GovSection, 'locked'>, standings: OrgStanding[], threshold: number | null): SectionStatus {
  if (section.locked) return 'locked'
  if (sectionApproval(standings, threshold).approved) return 'approved'
  return standings.some((s) => s.decision !== null) ? 'inReview' : 'drafting'
}

/** Every section approved (a locked section counts only if it was approved). */
export const readyToAdopt = (sections: Array<{ standings: OrgStanding[] }>, threshold: number | null): boolean =>
  sections.length > 0 && sections.every((s) => sectionApproval(s.standings, threshold).approved)
