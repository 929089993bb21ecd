import { randomUUID } from 'node:crypto'
import type { InvitationInfo, InvitationRecord, NewAccountBody } from '../../shared/api.js'
import { can, roleNeedsOrganization, type Principal, type Role } from '../../shared/policy.js'
import { conflict, forbidden, invalid, notFound } from '../errors.js'
import { hashPassword, newToken, tokenHash } from '../identity/secrets.js'
import type { InvitationRow, MemberRecord, NewPerson } from '../store/store.js'
import type { AuditEvent } from '../audit/audit-log.js'
import { pensHeldBy, takeBackPens } from '../drafting/drafting-sessions.js'
import type { GovContext } from './context.js'
import type { GovTouched } from './touched.js'

export const DEFAULT_INVITATION_DAYS = 7
const DAY_MS = 24 * 60 * 60 * 1000

const requireManage = (principal: Principal, action: 'people.manage' | 'invitations.manage'): void => {
  if (!can(principal, action)) throw forbidden('people.facilitatorsOnly')
}

const invitationRecord = (row: InvitationRow): InvitationRecord => ({
  id: row.id,
  role: row.role,
  orgId: row.orgId,
  name: row.name,
  createdAt: row.createdAt,
  expiresAt: row.expiresAt,
  usedAt: row.usedAt,
  revokedAt: row.revokedAt,
})

/** People joining, changing role and leaving a platform. */
export class Membership {
  constructor(private readonly gov: GovContext) {}

  private get store() {
    return this.gov.store
  }

  private checkRoleAndOrg(platformId: string, role: Role, orgId: string | null): void {
    if (roleNeedsOrganization(role) && !orgId) throw invalid('people.orgNeeded')
    if (orgId && !this.store.getOrganization(platformId, orgId)) throw invalid('platform.orgNotMember')
  }

  createInvitation(
    actor: Principal,
    platformId: string,
    input: { role: Role; orgId?: string | null | undefined; name?: string | undefined; expiresInDays?: number | undefined },
  ): { record: InvitationRecord; token: string } {
    requireManage(actor, 'invitations.manage')
    const orgId = input.orgId ?? null
    this.checkRoleAndOrg(platformId, input.role, orgId)
    const token = newToken()
    const now = Date.now()
    const row: InvitationRow = {
      id: randomUUID(),
      tokenHash: tokenHash(token),
      platformId,
      role: input.role,
      orgId,
      name: input.name ?? null,
      createdBy: actor.personId,
      createdAt: new Date(now).toISOString(),
      expiresAt: new Date(now + (input.expiresInDays ?? DEFAULT_INVITATION_DAYS) * DAY_MS).toISOString(),
      usedAt: null,
      usedBy: null,
      revokedAt: null,
    }
    this.gov.commit(
      platformId,
      {
        platformId,
        actorId: actor.personId,
        action: 'invitation.create',
        detail: { invitationId: row.id, role: row.role, orgId, name: row.name, expiresAt: row.expiresAt },
      },
      () => this.store.createInvitation(row),
      // Invitations are not in gov: only facilitators see them, over HTTP.
      [],
    )
    return { record: invitationRecord(row), token }
  }

  listInvitations(actor: Principal, platformId: string): InvitationRecord[] {
    requireManage(actor, 'invitations.manage')
    return this.store.listInvitations(platformId).map(invitationRecord)
  }

  revokeInvitation(actor: Principal, platformId: string, invitationId: string): void {
    requireManage(actor, 'invitations.manage')
    const row = this.store.getInvitation(platformId, invitationId)
    if (!row) throw notFound('invitation')
    if (row.usedAt) throw conflict('invitation_used', 'invitation.thatUsed')
    if (row.revokedAt) return
    this.gov.commit(
      platformId,
      { platformId, actorId: actor.personId, action: 'invitation.revoke', detail: { invitationId } },
      () => this.store.revokeInvitation(invitationId, new Date().toISOString()),
      [],
    )
  }

  /** The platform's members, with their usernames (facilitators only: gov.people shows names and roles to all). */
  listMembers(actor: Principal, platformId: string): MemberRecord[] {
    if (!can(actor, 'people.manage')) throw forbidden('people.manageFacilitators')
    return this.store.listMembers(platformId)
  }

  /** An invitation that can still be accepted, by its secret token. */
  private usableInvitation(token: string): InvitationRow {
    const row = this.store.findInvitationByTokenHash(tokenHash(token))
    if (!row) throw notFound('invitation')
    if (row.revokedAt) throw conflict('invitation_revoked', 'invitation.revoked')
    if (row.usedAt) throw conflict('invitation_used', 'invitation.used')
    if (Date.parse(row.expiresAt) <= Date.now()) throw conflict('invitation_expired', 'invitation.expired')
    return row
  }

  describeInvitation(token: string): InvitationInfo {
    const row = this.usableInvitation(token)
    const platform = this.store.getPlatform(row.platformId)
    if (!platform) throw notFound('invitation')
    return {
      platformId: row.platformId,
      platformTitle: platform.title,
      role: row.role,
      orgId: row.orgId,
      orgName: row.orgId ? (this.store.getOrganization(row.platformId, row.orgId)?.name ?? null) : null,
      name: row.name,
      expiresAt: row.expiresAt,
    }
  }

  /**
   * Accepts an invitation: for a signed-in person, adds the role; otherwise
   * creates their account. Returns the person who joined.
   */
  async acceptInvitation(token: string, signedInPersonId: string | null, account: NewAccountBody | null): Promise<{ personId: string; platformId: string }> {
    const check = this.usableInvitation(token)
    let person: NewPerson | null = null
    if (!signedInPersonId) {
      if (!account) throw invalid('invitation.accountNeeded')
      person = await this.newPerson(account)
      // Made through demo mode (a demo person's invitation): a demo account, which ends with demo mode.
      if (this.store.getPerson(check.createdBy)?.isDemo) person.isDemo = true
    } else if (this.store.getMembership(check.platformId, signedInPersonId)) {
      throw conflict('already_member', 'invitation.alreadyMember')
    }
    const personId = person?.id ?? signedInPersonId!
    return this.gov.commit(
      check.platformId,
      {
        platformId: check.platformId,
        actorId: personId,
        action: 'invitation.accept',
        detail: { invitationId: check.id, personId, role: check.role, orgId: check.orgId },
      },
      () => {
        // Re-checked inside the transaction: an invitation is usable once.
        const row = this.usableInvitation(token)
        if (person) this.createPersonRow(person)
        this.store.markInvitationUsed(row.id, personId, new Date().toISOString())
        this.store.setMembership({ platformId: row.platformId, personId, role: row.role, orgId: row.orgId })
        return { personId, platformId: row.platformId }
      },
      [{ kind: 'person', id: personId }],
    )
  }

  /** Hashes the password outside any transaction (it takes tens of milliseconds). */
  async newPerson(account: NewAccountBody): Promise<NewPerson> {
    if (this.store.findPersonByLogin(account.username) || (account.email && this.store.findPersonByLogin(account.email))) {
      throw conflict('account_exists', 'people.accountExists')
    }
    return {
      id: randomUUID(),
      username: account.username,
      email: account.email ?? null,
      displayName: account.displayName,
      passwordHash: await hashPassword(account.password),
      isDemo: false,
      createdAt: new Date().toISOString(),
    }
  }

  createPersonRow(person: NewPerson): void {
    if (this.store.findPersonByLogin(person.username ?? '') || (person.email && this.store.findPersonByLogin(person.email))) {
      throw conflict('account_exists', 'people.accountExists')
    }
    this.store.createPerson(person)
  }

  /** The member's entry, and the running sessions (at most one), whose pen may have been taken back from them. */
  private touchedByMember(platformId: string, personId: string): GovTouched[] {
    return [{ kind: 'person', id: personId }, ...this.store.runningDraftingSessions(platformId).map((s): GovTouched => ({ kind: 'session', id: s.id }))]
  }

  private wouldLeaveNoFacilitator(platformId: string, personId: string, newRole: Role | null): boolean {
    if (newRole === 'facilitator') return false
    const facilitators = this.store.listMembers(platformId).filter((m) => m.role === 'facilitator')
    return facilitators.length === 1 && facilitators[0]!.personId === personId
  }

  updateMember(actor: Principal, platformId: string, personId: string, patch: { role?: Role | undefined; orgId?: string | null | undefined }): void {
    requireManage(actor, 'people.manage')
    const current = this.store.getMembership(platformId, personId)
    if (!current) throw notFound('member')
    const role = patch.role ?? current.role
    const orgId = patch.orgId !== undefined ? patch.orgId : current.orgId
    this.checkRoleAndOrg(platformId, role, orgId)
    if (this.wouldLeaveNoFacilitator(platformId, personId, role)) {
      throw conflict('last_facilitator', 'people.lastFacilitator')
    }
    if (role === current.role && orgId === current.orgId) return
    this.gov.commit(
      platformId,
      (returned: AuditEvent[]) => [
        {
          platformId,
          actorId: actor.personId,
          action: 'member.update',
          detail: { personId, from: { role: current.role, orgId: current.orgId }, to: { role, orgId } },
        },
        ...returned,
      ],
      () => {
        this.store.setMembership({ platformId, personId, role, orgId })
        // A role change takes the pen back, in the same transaction: the relay decides with the new role and no pen.
        return takeBackPens(this.store, pensHeldBy(this.store, platformId, personId), actor.personId, 'role changed', Date.now())
      },
      () => this.touchedByMember(platformId, personId),
    )
    this.gov.refreshPrincipals(platformId, personId)
  }

  removeMember(actor: Principal, platformId: string, personId: string): void {
    requireManage(actor, 'people.manage')
    const current = this.store.getMembership(platformId, personId)
    if (!current) throw notFound('member')
    if (this.wouldLeaveNoFacilitator(platformId, personId, null)) {
      throw conflict('last_facilitator', 'people.lastFacilitator')
    }
    this.gov.commit(
      platformId,
      (returned: AuditEvent[]) => [
        { platformId, actorId: actor.personId, action: 'member.remove', detail: { personId, role: current.role, orgId: current.orgId } },
        ...returned,
      ],
      () => {
        this.store.removeMembership(platformId, personId)
        return takeBackPens(this.store, pensHeldBy(this.store, platformId, personId), actor.personId, 'left the platform', Date.now())
      },
      () => this.touchedByMember(platformId, personId),
    )
    this.gov.refreshPrincipals(platformId, personId)
  }
}
