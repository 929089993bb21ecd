import { describe, expect, it } from 'vitest'
import type { GovPlatform, GovSection } from '../../shared/gov.js'
import { canEditSection, canSignOff, sectionEditRefusal, type Principal, type Role } from '../../shared/permissions.js'

const platform: GovPlatform = { id: 'p', title: 'P', adopted: false, approvalThreshold: null }
const section = (ownerOrgId: string | null, locked = false): GovSection => ({ id: 's', title: 'S', ownerOrgId, locked, position: 1 })
const who = (role: Role, orgId: string | null = 'org-a', personId = 'me'): Principal => ({ personId, role, orgId })

describe('canSignOff: the policy function itself', () => {
  it('a board representative signs off for their own organization only', () => {
    expect(canSignOff(who('boardRep', 'org-a'), 'org-a')).toBe(true)
    expect(canSignOff(who('boardRep', 'org-a'), 'org-b')).toBe(false)
  })

  it('a board representative without an organization signs off for none', () => {
    expect(canSignOff(who('boardRep', null), 'org-a')).toBe(false)
  })

  it('no other role signs off, not even for its own organization', () => {
    for (const role of ['observer', 'delegate', 'facilitator'] as const) {
      expect(canSignOff(who(role, 'org-a'), 'org-a'), role).toBe(false)
      expect(canSignOff(who(role, 'org-a'), 'org-b'), role).toBe(false)
    }
  })
})

describe('sectionEditRefusal: the role comes before the pen', () => {
  const pen = { sectionId: 's', personId: 'me' }

  it('an observer holding a pen cannot write', () => {
    expect(sectionEditRefusal(who('observer'), section(null), platform, pen)).toBe('observer')
    expect(sectionEditRefusal(who('observer', 'org-a'), section('org-a'), platform, pen)).toBe('observer')
    expect(canEditSection(who('observer'), section(null), platform, pen)).toBe(false)
  })

  it('the pen lets a delegate of another organization write, and keeps everyone else out', () => {
    expect(sectionEditRefusal(who('delegate', 'org-b'), section('org-a'), platform, pen)).toBeNull()
    expect(sectionEditRefusal(who('delegate', 'org-a', 'other'), section('org-a'), platform, pen)).toBe('penHeld')
    expect(sectionEditRefusal(who('facilitator', null, 'other'), section(null), platform, pen)).toBe('penHeld')
  })

  it('lock and adoption come before everything, the pen included', () => {
    expect(sectionEditRefusal(who('delegate'), section(null, true), platform, pen)).toBe('locked')
    expect(sectionEditRefusal(who('facilitator'), section(null), { ...platform, adopted: true }, pen)).toBe('adopted')
  })

  it('without a pen: the table of DESIGN.md', () => {
    expect(sectionEditRefusal(who('observer'), section(null), platform)).toBe('observer')
    expect(sectionEditRefusal(who('delegate', 'org-a'), section('org-a'), platform)).toBeNull()
    expect(sectionEditRefusal(who('boardRep', 'org-a'), section(null), platform)).toBeNull()
    expect(sectionEditRefusal(who('delegate', 'org-a'), section('org-b'), platform)).toBe('notOwner')
    expect(sectionEditRefusal(who('facilitator', null), section('org-b'), platform)).toBeNull()
  })
})
