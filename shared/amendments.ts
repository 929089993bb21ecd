import { z } from 'zod'

/**
 * Amendments (issue 14): a member organization's proposed wording for a
 * section, written in its own root `amend:<id>` (shared/documents.ts), shown
 * as tracked changes against the live section, endorsed by other
 * organizations, and accepted (a three-way merge, shared/amendment-merge.ts)
 * or declined by the section's owner (a facilitator for an open section).
 * The rules are the policy table's `amendment.*` entries (shared/policy.ts).
 */
export const AMENDMENT_STATUSES = ['open', 'accepted', 'declined', 'withdrawn'] as const
export type AmendmentStatus = (typeof AMENDMENT_STATUSES)[number]

/** How an amendment was closed: by whom, when, with what note; `hash` is the section's hash after an acceptance. */
export interface AmendmentDecision {
  by: string
  at: string
  note: string
  hash: string | null
}

/** An amendment as every member sees it, in the `gov` projection (GovKey.Amendments) and in the API. */
export interface GovAmendment {
  id: string
  sectionId: string
  /** The proposing organization: its delegates and board reps (and facilitators) write the text. */
  orgId: string
  authorId: string
  title: string
  rationale: string
  status: AmendmentStatus
  /** Organizations that endorse it, sorted; never the proposer's own. */
  endorsements: string[]
  /** Content hash of the section text it was proposed against (the merge's base). */
  baseHash: string
  createdAt: string
  decision: AmendmentDecision | null
}

const note = z.string().max(5000)

export const proposeAmendmentBody = z.strictObject({
  title: z.string().trim().min(1).max(200),
  rationale: z.string().trim().max(5000).optional(),
})

export const declineAmendmentBody = z.strictObject({ note: note.optional() })

/**
 * What the person accepting chose for each conflict (by its id): keep the
 * section's words, take the amendment's, or a text of their own.
 */
export const conflictResolution = z.union([z.literal('section'), z.literal('amendment'), z.string().max(20_000)])
export type ConflictResolution = z.infer<typeof conflictResolution>

export const acceptAmendmentBody = z.strictObject({
  note: note.optional(),
  resolutions: z.record(z.string().min(1).max(100), conflictResolution).optional(),
})

export type ProposeAmendmentBody = z.infer<typeof proposeAmendmentBody>
export type AcceptAmendmentBody = z.infer<typeof acceptAmendmentBody>

/** One place where the section and the amendment both changed the same words since the base: shown side by side. */
export interface AmendmentConflict {
  /** Stable for the same three texts: a resolution names it. */
  id: string
  base: string
  section: string
  amendment: string
}

/** `GET /api/platforms/<id>/amendments` lists these (the README's API table): the same entry as in `gov`. */
export type AmendmentListEntry = GovAmendment

/** How a run of text in the tracked-changes view differs from the section's text. */
export type TrackedChange = 'same' | 'added' | 'removed'

/**
 * The tracked-changes view of an amendment (shared/amendment-merge.ts
 * trackedChanges): the amendment's node tree, whose text runs say whether the
 * amendment added them, removed them from the section, or kept them.
 */
export type TrackedNode =
  | { type: string; attrs: Record<string, unknown>; content: TrackedNode[] }
  | { text: string; marks: Record<string, unknown>; change: TrackedChange }
