import { describe, expect, it } from 'vitest'
import { amendmentRoot, sectionRoot, translationRoot } from '../../shared/documents.js'
import {
  ACTIONS,
  can,
  refusal,
  roleNeedsOrganization,
  sectionEditRefusal,
  type Action,
  type AmendmentFacts,
  type Principal,
  type Refusal,
  type SectionFacts,
} from '../../shared/policy.js'
import { ROLES, type Role } from '../../shared/roles.js'

/**
 * The policy table, every role × action × target kind. The expected answers
 * are written out by hand below (never computed with the policy's code):
 * 'ok' for allowed, otherwise the refusal reason the table must give.
 *
 * The four people: an observer and a facilitator with no organization, a
 * delegate and a board representative of organization A.
 */
const people: Record<Role, Principal> = {
  observer: { personId: 'obs', role: 'observer', orgId: null },
  delegate: { personId: 'del', role: 'delegate', orgId: 'A' },
  boardRep: { personId: 'rep', role: 'boardRep', orgId: 'A' },
  facilitator: { personId: 'fac', role: 'facilitator', orgId: null },
}

const live = { adopted: false }
/** A platform with translations (issue 15): its translation roots follow their section; other languages are no root at all. */
const bilingual = { adopted: false, languages: { primary: 'en', others: ['es', 'pt-BR'] } }
const adopted = { adopted: true }
const open: SectionFacts = { id: 's-open', ownerOrgId: null, locked: false }
const ownedA: SectionFacts = { id: 's-a', ownerOrgId: 'A', locked: false }
const ownedB: SectionFacts = { id: 's-b', ownerOrgId: 'B', locked: false }
const locked: SectionFacts = { id: 's-locked', ownerOrgId: null, locked: true }
const amendment = (proposerOrgId: string, status: AmendmentFacts['status'] = 'open', endorsedOrgIds: string[] = []): AmendmentFacts => ({
  proposerOrgId,
  status,
  endorsedOrgIds,
})

/** A target kind: the target as it would be for this person (a pen "of mine" names them). */
type TargetFor = (me: Principal) => unknown
const none: TargetFor = () => undefined

/** [action, target kind, target, observer, delegate, boardRep, facilitator] */
type Row = [Action, string, TargetFor, string, string, string, string]

// prettier-ignore
const TABLE: Row[] = [
  // action                 target kind                          target                                                                                      observer       delegate       boardRep       facilitator
  ['platform.read', 'the platform', none, 'ok', 'ok', 'ok', 'ok'],
  ['platform.manage', 'the platform', none, 'role', 'role', 'role', 'ok'],
  ['sections.manage', 'the platform', none, 'role', 'role', 'role', 'ok'],
  ['people.manage', 'the platform', none, 'role', 'role', 'role', 'ok'],
  ['invitations.manage', 'the platform', none, 'role', 'role', 'role', 'ok'],
  ['audit.read', 'the platform', none, 'role', 'role', 'role', 'ok'],

  ['section.edit', 'open section', () => ({ section: open, platform: live }), 'observer', 'ok', 'ok', 'ok'],
  // A translator is whoever may write the section: the same answers as section.edit.
  ['translation.review', 'open section', () => ({ section: open, platform: bilingual }), 'observer', 'ok', 'ok', 'ok'],
  ['translation.review', 'section of another org (B)', () => ({ section: ownedB, platform: bilingual }), 'observer', 'notOwner', 'notOwner', 'ok'],
  ['translation.review', 'locked section', () => ({ section: locked, platform: bilingual }), 'locked', 'locked', 'locked', 'locked'],
  ['translation.waive', 'the platform', none, 'role', 'role', 'role', 'ok'],
  ['version.restore', 'open section', () => ({ section: open, platform: live }), 'observer', 'ok', 'ok', 'ok'],
  ['version.restore', 'section of another org (B)', () => ({ section: ownedB, platform: live }), 'observer', 'notOwner', 'notOwner', 'ok'],
  ['version.restore', 'locked section', () => ({ section: locked, platform: live }), 'locked', 'locked', 'locked', 'locked'],
  ['version.restore', 'adopted platform', () => ({ section: open, platform: adopted }), 'adopted', 'adopted', 'adopted', 'adopted'],
  ['version.name', 'the platform', none, 'role', 'role', 'role', 'ok'],
  ['section.edit', 'section of own org (A)', () => ({ section: ownedA, platform: live }), 'observer', 'ok', 'ok', 'ok'],
  ['section.edit', 'section of another org (B)', () => ({ section: ownedB, platform: live }), 'observer', 'notOwner', 'notOwner', 'ok'],
  ['section.edit', 'locked section', () => ({ section: locked, platform: live }), 'locked', 'locked', 'locked', 'locked'],
  [
    'section.edit',
    'locked section, pen mine',
    (me) => ({ section: locked, platform: live, pen: { sectionId: locked.id, personId: me.personId } }),
    'locked',
    'locked',
    'locked',
    'locked',
  ],
  ['section.edit', 'adopted platform', () => ({ section: open, platform: adopted }), 'adopted', 'adopted', 'adopted', 'adopted'],
  ['section.edit', 'no platform known yet', () => ({ section: open, platform: null }), 'observer', 'ok', 'ok', 'ok'],
  [
    'section.edit',
    'org B section, pen mine',
    (me) => ({ section: ownedB, platform: live, pen: { sectionId: ownedB.id, personId: me.personId } }),
    'observer',
    'ok',
    'ok',
    'ok',
  ],
  [
    'section.edit',
    'open section, pen someone else’s',
    () => ({ section: open, platform: live, pen: { sectionId: open.id, personId: 'x' } }),
    'observer',
    'penHeld',
    'penHeld',
    'penHeld',
  ],
  [
    'section.edit',
    'pen on another section',
    () => ({ section: ownedB, platform: live, pen: { sectionId: open.id, personId: 'x' } }),
    'observer',
    'notOwner',
    'notOwner',
    'ok',
  ],

  ['root.write', 'gov', () => ({ root: 'gov', platform: live, section: null }), 'gov', 'gov', 'gov', 'gov'],
  ['root.write', 'body of open section', () => ({ root: sectionRoot(open.id), platform: live, section: open }), 'observer', 'ok', 'ok', 'ok'],
  ['root.write', 'body of org B section', () => ({ root: sectionRoot(ownedB.id), platform: live, section: ownedB }), 'observer', 'notOwner', 'notOwner', 'ok'],
  ['root.write', 'body of locked section', () => ({ root: sectionRoot(locked.id), platform: live, section: locked }), 'locked', 'locked', 'locked', 'locked'],
  [
    'root.write',
    'body, pen someone else’s',
    () => ({ root: sectionRoot(open.id), platform: live, section: open, pen: { sectionId: open.id, personId: 'x' } }),
    'observer',
    'penHeld',
    'penHeld',
    'penHeld',
  ],
  [
    'root.write',
    'body on adopted platform',
    () => ({ root: sectionRoot(open.id), platform: adopted, section: open }),
    'adopted',
    'adopted',
    'adopted',
    'adopted',
  ],
  [
    'root.write',
    'body of no live section',
    () => ({ root: sectionRoot('gone'), platform: live, section: null }),
    'unknownRoot',
    'unknownRoot',
    'unknownRoot',
    'unknownRoot',
  ],
  [
    'root.write',
    'body, caller resolved another section',
    () => ({ root: sectionRoot(open.id), platform: live, section: ownedA }),
    'unknownRoot',
    'unknownRoot',
    'unknownRoot',
    'unknownRoot',
  ],
  [
    'root.write',
    'translation of open section',
    () => ({ root: translationRoot(open.id, 'es'), platform: bilingual, section: open }),
    'observer',
    'ok',
    'ok',
    'ok',
  ],
  [
    'root.write',
    'translation in a language the platform lacks',
    () => ({ root: translationRoot(open.id, 'fr'), platform: bilingual, section: open }),
    'unknownRoot',
    'unknownRoot',
    'unknownRoot',
    'unknownRoot',
  ],
  [
    'root.write',
    'translation on a one-language platform',
    () => ({ root: translationRoot(open.id, 'es'), platform: live, section: open }),
    'unknownRoot',
    'unknownRoot',
    'unknownRoot',
    'unknownRoot',
  ],
  [
    'root.write',
    'translation of org B section',
    () => ({ root: translationRoot(ownedB.id, 'es'), platform: bilingual, section: ownedB }),
    'observer',
    'notOwner',
    'notOwner',
    'ok',
  ],
  [
    'root.write',
    'translation of locked section',
    () => ({ root: translationRoot(locked.id, 'pt-BR'), platform: bilingual, section: locked }),
    'locked',
    'locked',
    'locked',
    'locked',
  ],
  [
    'root.write',
    'body with a malformed language',
    () => ({ root: `body:${open.id}:ES!`, platform: live, section: open }),
    'unknownRoot',
    'unknownRoot',
    'unknownRoot',
    'unknownRoot',
  ],
  ['root.write', 'any other root', () => ({ root: 'notes', platform: live, section: null }), 'unknownRoot', 'unknownRoot', 'unknownRoot', 'unknownRoot'],
  [
    'root.write',
    'amendment of org A, open',
    () => ({ root: amendmentRoot('m'), platform: live, section: open, amendment: amendment('A') }),
    'role',
    'ok',
    'ok',
    'ok',
  ],
  [
    'root.write',
    'amendment of org B, open',
    () => ({ root: amendmentRoot('m'), platform: live, section: open, amendment: amendment('B') }),
    'role',
    'otherOrg',
    'otherOrg',
    'ok',
  ],
  [
    'root.write',
    'amendment of org A, accepted',
    () => ({ root: amendmentRoot('m'), platform: live, section: open, amendment: amendment('A', 'accepted') }),
    'role',
    'closed',
    'closed',
    'closed',
  ],
  [
    'root.write',
    'amendment on adopted platform',
    () => ({ root: amendmentRoot('m'), platform: adopted, section: open, amendment: amendment('A') }),
    'role',
    'adopted',
    'adopted',
    'adopted',
  ],
  [
    'root.write',
    'amendment root, no such amendment',
    () => ({ root: amendmentRoot('m'), platform: live, section: open, amendment: null }),
    'unknownRoot',
    'unknownRoot',
    'unknownRoot',
    'unknownRoot',
  ],

  ['comment.create', 'the platform', none, 'role', 'ok', 'ok', 'ok'],
  ['comment.edit', 'own comment', (me) => ({ authorId: me.personId }), 'ok', 'ok', 'ok', 'ok'],
  ['comment.edit', 'someone else’s comment', () => ({ authorId: 'x' }), 'notAuthor', 'notAuthor', 'notAuthor', 'notAuthor'],
  ['comment.delete', 'own comment', (me) => ({ authorId: me.personId }), 'ok', 'ok', 'ok', 'ok'],
  ['comment.delete', 'someone else’s comment', () => ({ authorId: 'x' }), 'notAuthor', 'notAuthor', 'notAuthor', 'notAuthor'],
  ['comment.resolve', 'any thread', none, 'role', 'ok', 'ok', 'ok'],
  ['comment.hide', 'any comment', none, 'role', 'role', 'role', 'ok'],

  ['signoff.record', 'own org (A)', () => ({ orgId: 'A' }), 'role', 'role', 'ok', 'role'],
  ['signoff.record', 'another org (B)', () => ({ orgId: 'B' }), 'role', 'role', 'otherOrg', 'role'],

  ['session.run', 'the platform', none, 'role', 'role', 'role', 'ok'],
  ['session.raiseHand', 'the platform', none, 'role', 'ok', 'ok', 'role'],
  ['poll.answer', 'the platform', none, 'role', 'ok', 'ok', 'role'],
  ['pen.hand', 'the platform', none, 'role', 'role', 'role', 'ok'],
  ['pen.hold', 'the platform', none, 'role', 'ok', 'ok', 'ok'],

  ['amendment.propose', 'open section', () => ({ section: open, platform: live }), 'role', 'ok', 'ok', 'role'],
  ['amendment.propose', 'locked section', () => ({ section: locked, platform: live }), 'role', 'ok', 'ok', 'role'],
  ['amendment.propose', 'adopted platform', () => ({ section: open, platform: adopted }), 'role', 'adopted', 'adopted', 'role'],
  ['amendment.write', 'proposed by own org (A)', () => ({ amendment: amendment('A'), section: ownedB, platform: live }), 'role', 'ok', 'ok', 'ok'],
  ['amendment.write', 'proposed by org B', () => ({ amendment: amendment('B'), section: ownedA, platform: live }), 'role', 'otherOrg', 'otherOrg', 'ok'],
  ['amendment.write', 'accepted', () => ({ amendment: amendment('A', 'accepted'), section: open, platform: live }), 'role', 'closed', 'closed', 'closed'],
  ['amendment.write', 'adopted platform', () => ({ amendment: amendment('A'), section: open, platform: adopted }), 'role', 'adopted', 'adopted', 'adopted'],
  ['amendment.endorse', 'proposed by own org (A)', () => ({ amendment: amendment('A'), section: open, platform: live }), 'role', 'ownOrg', 'ownOrg', 'role'],
  ['amendment.endorse', 'proposed by org B', () => ({ amendment: amendment('B'), section: open, platform: live }), 'role', 'ok', 'ok', 'role'],
  [
    'amendment.endorse',
    'org B’s, A endorsed already',
    () => ({ amendment: amendment('B', 'open', ['A']), section: open, platform: live }),
    'role',
    'endorsed',
    'endorsed',
    'role',
  ],
  [
    'amendment.endorse',
    'org B’s, declined',
    () => ({ amendment: amendment('B', 'declined'), section: open, platform: live }),
    'role',
    'closed',
    'closed',
    'role',
  ],
  ['amendment.decide', 'on an open section', () => ({ amendment: amendment('B'), section: open, platform: live }), 'role', 'notOwner', 'notOwner', 'ok'],
  ['amendment.decide', 'on own org’s section (A)', () => ({ amendment: amendment('B'), section: ownedA, platform: live }), 'role', 'ok', 'ok', 'notOwner'],
  [
    'amendment.decide',
    'on org B’s section',
    () => ({ amendment: amendment('A'), section: ownedB, platform: live }),
    'role',
    'notOwner',
    'notOwner',
    'notOwner',
  ],
  ['amendment.decide', 'withdrawn', () => ({ amendment: amendment('B', 'withdrawn'), section: ownedA, platform: live }), 'role', 'closed', 'closed', 'closed'],
  ['amendment.decide', 'adopted platform', () => ({ amendment: amendment('B'), section: ownedA, platform: adopted }), 'role', 'adopted', 'adopted', 'adopted'],
  [
    'amendment.decide',
    'on own org’s locked section',
    () => ({ amendment: amendment('B'), section: { ...ownedA, locked: true }, platform: live }),
    'role',
    'locked',
    'locked',
    'locked',
  ],
  ['amendment.unendorse', 'A endorsed it', () => ({ amendment: amendment('B', 'open', ['A']), section: open, platform: live }), 'role', 'ok', 'ok', 'role'],
  [
    'amendment.unendorse',
    'A did not endorse it',
    () => ({ amendment: amendment('B', 'open', ['C']), section: open, platform: live }),
    'role',
    'otherOrg',
    'otherOrg',
    'role',
  ],
  [
    'amendment.unendorse',
    'accepted',
    () => ({ amendment: amendment('B', 'accepted', ['A']), section: open, platform: live }),
    'role',
    'closed',
    'closed',
    'role',
  ],
  ['amendment.withdraw', 'proposed by own org (A)', () => ({ amendment: amendment('A'), section: ownedB, platform: live }), 'role', 'ok', 'ok', 'role'],
  ['amendment.withdraw', 'proposed by org B', () => ({ amendment: amendment('B'), section: ownedA, platform: live }), 'role', 'otherOrg', 'otherOrg', 'role'],
  ['amendment.withdraw', 'declined', () => ({ amendment: amendment('A', 'declined'), section: open, platform: live }), 'role', 'closed', 'closed', 'role'],
]

/** Calls the table with a target built for this row (the table's own types are checked by the services that use it). */
const ask = (me: Principal | null, action: Action, target: unknown): Refusal | null =>
  (refusal as (p: Principal | null, a: Action, ...t: unknown[]) => Refusal | null)(me, action, ...(target === undefined ? [] : [target]))

describe('the policy table: every role × action × target kind', () => {
  for (const [action, kind, target, ...expected] of TABLE) {
    it(`${action} on ${kind}: ${ROLES.map((r, i) => `${r} ${expected[i]}`).join(', ')}`, () => {
      const answers = ROLES.map((role) => ask(people[role], action, target(people[role])) ?? 'ok')
      expect(answers).toEqual(expected)
    })
  }

  it('covers every action of the table, and the columns are the role list', () => {
    expect(new Set(TABLE.map((row) => row[0]))).toEqual(new Set(ACTIONS))
    expect(ROLES).toEqual(['observer', 'delegate', 'boardRep', 'facilitator'])
  })

  it('someone who is not a member may do nothing at all', () => {
    for (const [action, , target] of TABLE) expect(ask(null, action, target(people.delegate)), action).toBe('notMember')
  })

  it('can() is refusal() === null', () => {
    expect(can(people.delegate, 'comment.create')).toBe(true)
    expect(can(people.observer, 'comment.create')).toBe(false)
    expect(can(people.boardRep, 'signoff.record', { orgId: 'A' })).toBe(true)
  })
})

describe('people without an organization', () => {
  const lone = (role: Role): Principal => ({ personId: 'lone', role, orgId: null })

  it('a board representative without an organization signs off for none', () => {
    expect(refusal(lone('boardRep'), 'signoff.record', { orgId: 'A' })).toBe('otherOrg')
  })

  it('delegates and board representatives without an organization neither propose nor endorse, and write only open sections', () => {
    for (const role of ['delegate', 'boardRep'] as const) {
      expect(refusal(lone(role), 'amendment.propose', { section: open, platform: live }), role).toBe('noOrg')
      expect(refusal(lone(role), 'amendment.endorse', { amendment: amendment('B'), section: open, platform: live }), role).toBe('noOrg')
      expect(refusal(lone(role), 'section.edit', { section: open, platform: live }), role).toBeNull()
      expect(refusal(lone(role), 'section.edit', { section: ownedA, platform: live }), role).toBe('notOwner')
    }
  })

  it('only delegates and board representatives must act for an organization', () => {
    expect(ROLES.filter(roleNeedsOrganization)).toEqual(['delegate', 'boardRep'])
  })
})

describe('sectionEditRefusal: the answer the relay and the client show', () => {
  const who = (role: Role, orgId: string | null = 'org-a', personId = 'me'): Principal => ({ personId, role, orgId })
  const section = (ownerOrgId: string | null, isLocked = false): SectionFacts => ({ id: 's', ownerOrgId, locked: isLocked })
  const pen = { sectionId: 's', personId: 'me' }

  it('an observer holding a pen cannot write: the role comes before the pen', () => {
    expect(sectionEditRefusal(who('observer'), section(null), live, pen)).toBe('observer')
    expect(sectionEditRefusal(who('observer', 'org-a'), section('org-a'), live, pen)).toBe('observer')
  })

  it('the pen lets a delegate of another organization write, and keeps everyone else out', () => {
    expect(sectionEditRefusal(who('delegate', 'org-b'), section('org-a'), live, pen)).toBeNull()
    expect(sectionEditRefusal(who('delegate', 'org-a', 'other'), section('org-a'), live, pen)).toBe('penHeld')
    expect(sectionEditRefusal(who('facilitator', null, 'other'), section(null), live, pen)).toBe('penHeld')
  })

  it('lock and adoption come before everything, the pen included', () => {
    expect(sectionEditRefusal(who('delegate'), section(null, true), live, pen)).toBe('locked')
    expect(sectionEditRefusal(who('facilitator'), section(null), adopted, pen)).toBe('adopted')
    expect(sectionEditRefusal(who('observer'), section(null), adopted)).toBe('adopted')
  })

  it('without a pen: the table of DESIGN.md', () => {
    expect(sectionEditRefusal(who('observer'), section(null), live)).toBe('observer')
    expect(sectionEditRefusal(who('delegate', 'org-a'), section('org-a'), live)).toBeNull()
    expect(sectionEditRefusal(who('boardRep', 'org-a'), section(null), live)).toBeNull()
    expect(sectionEditRefusal(who('delegate', 'org-a'), section('org-b'), live)).toBe('notOwner')
    expect(sectionEditRefusal(who('facilitator', null), section('org-b'), live)).toBeNull()
  })
})
