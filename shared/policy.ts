import type { AmendmentStatus, GovAmendment } from './amendments.js'
import { parseRoot } from './documents.js'
import { DEFAULT_LANGUAGES, isTranslation, type PlatformLanguages } from './languages.js'
import { ROLES, type Role } from './roles.js'

export { ROLES, isRole, type Role } from './roles.js'

/**
 * The permission table: every "may this person do this" of Plank, HTTP and
 * websocket alike, as one entry per action (in the style of Outline's
 * server/policies: `allow(User, "update", Comment, …)`). Services and the
 * relay ask `can(principal, action, target)` and refuse when it says no;
 * the client asks the same table (client/src/policy.ts) only to keep its
 * interface honest. DESIGN.md's table, in these terms:
 *
 * | role        | read | comment | edit section text                     | sign off      | manage |
 * | observer    | yes  | no      | no                                    | no            | no     |
 * | delegate    | yes  | yes     | sections its org owns, open sections  | no            | no     |
 * | boardRep    | yes  | yes     | as delegate                           | for its org   | no     |
 * | facilitator | yes  | yes     | any unlocked section                  | no            | yes    |
 * No one edits a locked section; an adopted platform is frozen.
 *
 * What a rule may not look at is who the person is beyond their principal:
 * the facts of the target (its author, owner, lock, pen…) come in the target.
 * Checks of state rather than of the person (a session that is not running,
 * a poll that closed, a stale hash) stay with the service that owns the state.
 */

/** Who a connection or request acts for, on one platform (a member: non-members have no principal). */
export interface Principal {
  personId: string
  role: Role
  /** The member organization the person acts for (null for some facilitators and observers). */
  orgId: string | null
}

/** During a drafting session the facilitator may hand a section's pen to one person. */
export interface Pen {
  sectionId: string
  personId: string
}

/** The facts of a platform a rule reads (GovPlatform has them). */
export interface PlatformFacts {
  adopted: boolean
  /** Which translation roots exist to be written (absent: English alone). */
  languages?: PlatformLanguages | undefined
}

/** The facts of a section a rule reads (GovSection has them). */
export interface SectionFacts {
  id: string
  /** null: an open section, written by every organization's delegates. */
  ownerOrgId: string | null
  locked: boolean
}

/** Editing a section's text: the section, its platform and the pen on it in a running session. */
export interface SectionTarget {
  section: SectionFacts
  platform: PlatformFacts | null
  pen?: Pen | null | undefined
}

/** The facts of an amendment a rule reads (amendmentFacts). */
export interface AmendmentFacts {
  proposerOrgId: string
  status: AmendmentStatus
  /** Organizations that endorsed it: each other organization endorses once. */
  endorsedOrgIds: readonly string[]
}

/** What the amendment rules read of a gov entry. Here, not in shared/amendments.ts: that module's zod schemas stay out of the client's first load. */
export const amendmentFacts = (a: GovAmendment): AmendmentFacts => ({ proposerOrgId: a.orgId, status: a.status, endorsedOrgIds: a.endorsements })

export interface AmendmentTarget {
  amendment: AmendmentFacts
  /** The amended section (its owner decides). */
  section: SectionFacts
  platform: PlatformFacts | null
}

/**
 * Writing one root of the platform's Y.Doc. The caller resolves what the
 * root belongs to: the live section of a `body:` root (null if none), the
 * pen on it, and for an `amend:` root the amendment and its section.
 */
export interface RootTarget {
  root: string
  platform: PlatformFacts | null
  section: SectionFacts | null
  pen?: Pen | null | undefined
  amendment?: AmendmentFacts | null | undefined
}

export interface CommentTarget {
  authorId: string
}

/** The organization a sign-off is for. */
export interface OrgTarget {
  orgId: string
}

export type EditRefusal = 'adopted' | 'locked' | 'observer' | 'notOwner' | 'penHeld'

/** Why the table said no. `role`: the role is not among those the entry allows. */
export type Refusal = EditRefusal | 'notMember' | 'role' | 'gov' | 'unknownRoot' | 'notAuthor' | 'otherOrg' | 'ownOrg' | 'noOrg' | 'endorsed' | 'closed'

/** Each action and the kind of target it is decided on (`void`: the platform the principal is on). */
export interface ActionTargets {
  'platform.read': void
  /** Title, member organizations, approval rule, adoption. */
  'platform.manage': void
  /** Add, rename, reorder, assign, lock, remove and restore sections. */
  'sections.manage': void
  /** List members, change their role or organization, remove them. */
  'people.manage': void
  'invitations.manage': void
  'audit.read': void
  'section.edit': SectionTarget
  'root.write': RootTarget
  /** Mark a translation up to date with the primary (issue 15): whoever may write the section's text. */
  'translation.review': SectionTarget
  /** Adopt with stale translations, giving a reason (issue 15). */
  'translation.waive': void
  /** Start a thread or reply. */
  'comment.create': void
  'comment.edit': CommentTarget
  'comment.delete': CommentTarget
  /** Resolve or reopen any thread (decided before the thread is looked up, as a refusal reveals nothing). */
  'comment.resolve': void
  /** Hide anyone's comment, with a reason (decided before the comment is looked up). */
  'comment.hide': void
  'signoff.record': OrgTarget
  /** Plan, start, pause, extend, move on, end, follow, call the next speaker, open and close polls, notes. */
  'session.run': void
  'session.raiseHand': void
  'poll.answer': void
  'pen.hand': void
  /** Asked of the person the pen would go to, not of the facilitator handing it. */
  'pen.hold': void
  'amendment.propose': SectionTarget
  /** Write the amendment's text (root `amend:<id>`). */
  'amendment.write': AmendmentTarget
  'amendment.endorse': AmendmentTarget
  /** Take back one's organization's endorsement. */
  'amendment.unendorse': AmendmentTarget
  /** Withdraw an open amendment: its proposer's organization. */
  'amendment.withdraw': AmendmentTarget
  /** Accept or decline. */
  'amendment.decide': AmendmentTarget
  /** Bring an earlier version of a section back, as a new edit (issue 16): whoever may write its text now. */
  'version.restore': SectionTarget
  /** Name a version ("Draft for board vote, 12 March"). */
  'version.name': void
}

export type Action = keyof ActionTargets

/** One entry: the roles it allows, then (for those roles) a condition on the target. */
interface Rule<T> {
  roles: readonly Role[]
  when?: (principal: Principal, target: T) => Refusal | null
}

const ANYONE = ROLES
const WRITERS = ['delegate', 'boardRep', 'facilitator'] as const satisfies readonly Role[]
const ORG_MEMBERS = ['delegate', 'boardRep'] as const satisfies readonly Role[]
const FACILITATORS = ['facilitator'] as const satisfies readonly Role[]

/**
 * Why this principal may not edit this section's text, or null if they may.
 * The order is the answer's meaning (the relay and the client show it):
 * adoption, then the lock, then the role, then the pen, then ownership.
 */
function editRefusal(principal: Principal, { section, platform, pen }: SectionTarget): EditRefusal | null {
  if (platform?.adopted) return 'adopted'
  if (section.locked) return 'locked'
  // The role comes before the pen: an observer never writes, even holding a pen it kept through a role change.
  if (principal.role === 'observer') return 'observer'
  // While someone holds the pen, only they write this section; everyone else comments.
  if (pen && pen.sectionId === section.id) return pen.personId === principal.personId ? null : 'penHeld'
  if (principal.role === 'facilitator') return null
  return section.ownerOrgId === null || section.ownerOrgId === principal.orgId ? null : 'notOwner'
}

/** Clients never write `gov`; section bodies and their translations (in the platform's languages) follow the section; amendments their own rule. */
function rootRefusal(principal: Principal, t: RootTarget): Refusal | null {
  const root = parseRoot(t.root)
  switch (root.kind) {
    case 'gov':
      return 'gov'
    case 'body':
      if (!t.section || t.section.id !== root.sectionId) return 'unknownRoot'
      // A translation is written only in a language the platform has; then exactly as its section.
      if (root.lang !== null && !isTranslation(t.platform?.languages ?? DEFAULT_LANGUAGES, root.lang)) return 'unknownRoot'
      return refusal(principal, 'section.edit', { section: t.section, platform: t.platform, pen: t.pen ?? null })
    case 'amend':
      if (!t.amendment || !t.section) return 'unknownRoot'
      return refusal(principal, 'amendment.write', { amendment: t.amendment, section: t.section, platform: t.platform })
    case 'other':
      return 'unknownRoot'
  }
}

const open = (t: AmendmentTarget): Refusal | null => (t.platform?.adopted ? 'adopted' : t.amendment.status !== 'open' ? 'closed' : null)

/** THE TABLE. One line per rule: "observers may raise a hand" would be adding 'observer' to its roles. */
export const POLICY: { readonly [A in Action]: Rule<ActionTargets[A]> } = {
  'platform.read': { roles: ANYONE },
  'platform.manage': { roles: FACILITATORS },
  'sections.manage': { roles: FACILITATORS },
  'people.manage': { roles: FACILITATORS },
  'invitations.manage': { roles: FACILITATORS },
  'audit.read': { roles: FACILITATORS },

  // Every role reaches the chain, so that each refusal keeps its own reason (an observer on an adopted platform: 'adopted').
  'section.edit': { roles: ANYONE, when: editRefusal },
  'root.write': { roles: ANYONE, when: rootRefusal },
  // A translator is whoever writes the text: the same chain as editing it.
  'translation.review': { roles: ANYONE, when: editRefusal },
  'translation.waive': { roles: FACILITATORS },

  'comment.create': { roles: WRITERS },
  // Authors keep their own words whatever their role is now.
  'comment.edit': { roles: ANYONE, when: (p, c) => (c.authorId === p.personId ? null : 'notAuthor') },
  'comment.delete': { roles: ANYONE, when: (p, c) => (c.authorId === p.personId ? null : 'notAuthor') },
  'comment.resolve': { roles: WRITERS },
  'comment.hide': { roles: FACILITATORS },

  'signoff.record': { roles: ['boardRep'], when: (p, t) => (p.orgId !== null && p.orgId === t.orgId ? null : 'otherOrg') },

  'session.run': { roles: FACILITATORS },
  // Facilitators are neutral staff who run the queue (DESIGN.md): delegates and board reps take the floor.
  'session.raiseHand': { roles: ORG_MEMBERS },
  'poll.answer': { roles: ORG_MEMBERS },
  'pen.hand': { roles: FACILITATORS },
  'pen.hold': { roles: WRITERS },

  // Amendments (DESIGN.md): delegates and board reps of any member organization propose, while the platform is not adopted.
  'amendment.propose': { roles: ORG_MEMBERS, when: (p, t) => (t.platform?.adopted ? 'adopted' : p.orgId === null ? 'noOrg' : null) },
  // The proposer's organization and facilitators write it, while it is open.
  'amendment.write': {
    roles: WRITERS,
    when: (p, t) => open(t) ?? (p.role === 'facilitator' || p.orgId === t.amendment.proposerOrgId ? null : 'otherOrg'),
  },
  // Each other organization endorses once.
  'amendment.endorse': {
    roles: ORG_MEMBERS,
    when: (p, t) =>
      open(t) ??
      (p.orgId === null ? 'noOrg' : p.orgId === t.amendment.proposerOrgId ? 'ownOrg' : t.amendment.endorsedOrgIds.includes(p.orgId) ? 'endorsed' : null),
  },
  // An endorsement is withdrawable while the amendment is open, by its organization.
  'amendment.unendorse': {
    roles: ORG_MEMBERS,
    when: (p, t) => open(t) ?? (p.orgId !== null && t.amendment.endorsedOrgIds.includes(p.orgId) ? null : 'otherOrg'),
  },
  // The proposer's organization withdraws its own.
  'amendment.withdraw': { roles: ORG_MEMBERS, when: (p, t) => open(t) ?? (p.orgId === t.amendment.proposerOrgId ? null : 'otherOrg') },
  // The owner organization accepts or declines; for an open section, a facilitator. A locked section refuses.
  'amendment.decide': {
    roles: WRITERS,
    when: (p, t) =>
      open(t) ??
      (t.section.locked ? 'locked' : null) ??
      (t.section.ownerOrgId === null
        ? p.role === 'facilitator'
          ? null
          : 'notOwner'
        : p.role !== 'facilitator' && p.orgId === t.section.ownerOrgId
          ? null
          : 'notOwner'),
  },
  'version.restore': { roles: ANYONE, when: editRefusal },
  'version.name': { roles: FACILITATORS },
}

/** Every action of the table, for tests and for presenting a principal's answers. */
export const ACTIONS = Object.keys(POLICY) as Action[]

/** `can(p, 'comment.create')` for actions on the platform itself; `can(p, 'comment.edit', comment)` otherwise. */
export type TargetArgs<A extends Action> = ActionTargets[A] extends void ? [] : [target: ActionTargets[A]]

/** Why the table refuses, or null if it allows. No principal (not a member): every action is refused. */
export function refusal<A extends Action>(principal: Principal | null, action: A, ...target: TargetArgs<A>): Refusal | null {
  if (!principal) return 'notMember'
  const rule = POLICY[action] as Rule<ActionTargets[A]>
  if (!rule.roles.includes(principal.role)) return 'role'
  // For target-less actions the rest parameter is empty and no entry has a condition reading it.
  return rule.when ? rule.when(principal, target[0] as ActionTargets[A]) : null
}

export function can<A extends Action>(principal: Principal | null, action: A, ...target: TargetArgs<A>): boolean {
  return refusal(principal, action, ...target) === null
}

/** Why this principal may not edit this section's text, or null: the answer the relay and the client show. */
export function sectionEditRefusal(principal: Principal, section: SectionFacts, platform: PlatformFacts | null, pen: Pen | null = null): EditRefusal | null {
  // The entry allows every role, so the answer is always one of the chain's.
  return refusal(principal, 'section.edit', { section, platform, pen }) as EditRefusal | null
}

/** Delegates and board representatives act for an organization; the others may. */
export const roleNeedsOrganization = (role: Role): boolean => (ORG_MEMBERS as readonly Role[]).includes(role)
