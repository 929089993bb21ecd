/**
 * What a governance change names when it commits: the gov entries whose
 * database rows it may have changed. Only those are read again and
 * re-projected (server/gov/projection.ts projectTouched), so the cost of a
 * change follows the change, not the platform's history. Naming too much is
 * only slower; naming too little leaves `gov` wrong until the document is
 * loaded again (tests/integration/gov-projection.test.ts compares with a full
 * rebuild after random changes).
 */
export type GovTouched =
  /** The platform's title, threshold, adoption. */
  | { kind: 'platform' }
  | { kind: 'organization'; id: string }
  /** A section, live or removed (its entry moves between `sections` and `removedSections`). */
  | { kind: 'section'; id: string }
  /** A member: name, role, organization; gone when no longer a member. */
  | { kind: 'person'; id: string }
  | { kind: 'comment'; id: string }
  /** The latest decision of one organization on one section. */
  | { kind: 'signoff'; sectionId: string; orgId: string }
  /**
   * A drafting session's own entry (status, agenda, clock, follow, pen,
   * notes). A session that is not running has no hands or polls in `gov`:
   * ending one removes them.
   */
  | { kind: 'session'; id: string }
  /** Every hand of a running session's current item (the item changed). */
  | { kind: 'queue'; sessionId: string }
  /** One person's hand in a running session's current item. */
  | { kind: 'hand'; sessionId: string; personId: string }
  | { kind: 'poll'; sessionId: string; id: string }
  | { kind: 'answer'; sessionId: string; pollId: string; personId: string }
  /** An amendment: its status, decision and endorsements. */
  | { kind: 'amendment'; id: string }

/** One string per entry, to merge the keys of batched changes. */
export function touchedId(key: GovTouched): string {
  switch (key.kind) {
    case 'platform':
      return 'platform'
    case 'signoff':
      return `signoff:${key.sectionId}:${key.orgId}`
    case 'queue':
      return `queue:${key.sessionId}`
    case 'hand':
      return `hand:${key.sessionId}:${key.personId}`
    case 'poll':
      return `poll:${key.sessionId}:${key.id}`
    case 'answer':
      return `answer:${key.sessionId}:${key.pollId}:${key.personId}`
    default:
      return `${key.kind}:${key.id}`
  }
}
