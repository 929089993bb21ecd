import { Router, type Response } from 'express'
import { acceptInvitationBody, createInvitationBody, newAccountBody, updateMemberBody } from '../../shared/api.js'
import { can } from '../../shared/policy.js'
import { forbidden } from '../errors.js'
import { tokenHash } from '../identity/secrets.js'
import type { Services } from '../services.js'
import { auditLogOf, publicVerification } from '../audit/audit-log.js'
import { actingPerson, requireMember, sessionOf } from './auth.js'
import { sessionInfo, signIn } from './session-api.js'
import { parseBody } from './validate.js'

/** Where an invitation link points; the token stays in the fragment, out of server logs and referrers. */
const invitationLink = (origin: string, token: string): string => `${origin}/invite#${token}`

/**
 * Demo mode must leave nothing durable behind (issue 11 #13): a demo person
 * (anyone, while demo mode is on) may not change or remove a real person's
 * membership, which would outlive PLANK_DEMO=0.
 */
function refuseDemoActorOnRealPerson(services: Services, res: Response, personId: string): void {
  const actor = actingPerson(services, res)
  const target = services.store.getPerson(personId)
  if (actor?.isDemo && target && !target.isDemo) {
    throw forbidden('people.demoCannotChangeReal')
  }
}

/** Members, invitations and the audit log of a platform (facilitators). */
export function platformPeopleRouter(services: Services): Router {
  const { store, membership } = services
  const router = Router({ mergeParams: true })

  router.get('/:platformId/members', (req, res) => {
    const actor = requireMember(services, res, req.params.platformId)
    res.json({
      members: membership.listMembers(actor, req.params.platformId).map((m) => ({
        id: m.personId,
        name: m.name,
        username: m.username,
        role: m.role,
        orgId: m.orgId,
      })),
    })
  })

  router.patch('/:platformId/members/:personId', (req, res) => {
    const actor = requireMember(services, res, req.params.platformId)
    const patch = parseBody(updateMemberBody, req.body)
    refuseDemoActorOnRealPerson(services, res, req.params.personId)
    membership.updateMember(actor, req.params.platformId, req.params.personId, patch)
    const m = store.getMembership(req.params.platformId, req.params.personId)!
    res.json({ id: m.personId, role: m.role, orgId: m.orgId })
  })

  router.delete('/:platformId/members/:personId', (req, res) => {
    const actor = requireMember(services, res, req.params.platformId)
    refuseDemoActorOnRealPerson(services, res, req.params.personId)
    membership.removeMember(actor, req.params.platformId, req.params.personId)
    res.status(204).end()
  })

  router.get('/:platformId/invitations', (req, res) => {
    const actor = requireMember(services, res, req.params.platformId)
    res.json({ invitations: membership.listInvitations(actor, req.params.platformId) })
  })

  router.post('/:platformId/invitations', (req, res) => {
    const actor = requireMember(services, res, req.params.platformId)
    const input = parseBody(createInvitationBody, req.body)
    const { record, token } = membership.createInvitation(actor, req.params.platformId, input)
    res.status(201).json({ ...record, link: invitationLink(`${req.protocol}://${req.headers.host}`, token) })
  })

  router.delete('/:platformId/invitations/:invitationId', (req, res) => {
    const actor = requireMember(services, res, req.params.platformId)
    membership.revokeInvitation(actor, req.params.platformId, req.params.invitationId)
    res.status(204).end()
  })

  router.get('/:platformId/audit', (req, res) => {
    const actor = requireMember(services, res, req.params.platformId)
    if (!can(actor, 'audit.read')) throw forbidden('audit.facilitatorsOnly')
    const names = new Map(store.listMembers(req.params.platformId).map((m) => [m.personId, m.name]))
    res.json({
      entries: store.listAudit(req.params.platformId).map((row) => ({
        // The entry's number in this platform's chain: the table's global position would reveal other platforms' activity.
        seq: row.platformSeq,
        at: row.createdAt,
        actorId: row.actorId,
        actorName: row.actorId ? (names.get(row.actorId) ?? store.getPerson(row.actorId)?.displayName ?? null) : null,
        action: row.action,
        detail: JSON.parse(row.detail) as Record<string, unknown>,
        hash: row.hash,
      })),
      verification: publicVerification(auditLogOf(store).verify(req.params.platformId)),
    })
  })

  return router
}

/** Looking up and accepting an invitation, by its secret token. */
export function invitationsRouter(services: Services): Router {
  const router = Router()

  router.get('/:token', (req, res) => {
    res.json(services.membership.describeInvitation(req.params.token))
  })

  router.post('/:token/accept', async (req, res) => {
    const session = sessionOf(res)
    const body = parseBody(session ? acceptInvitationBody : newAccountBody, req.body)
    const account = 'username' in body ? parseBody(newAccountBody, body) : null
    // An invitation made by a demo person creates a demo account (it ends with demo mode);
    // it never gives a real account a membership.
    const invitation = services.store.findInvitationByTokenHash(tokenHash(req.params.token))
    const fromDemo = invitation ? services.store.getPerson(invitation.createdBy)?.isDemo === true : false
    if (fromDemo && session && !account && !session.person.isDemo) {
      throw forbidden('invitation.demoOnly')
    }
    const { personId, platformId } = await services.membership.acceptInvitation(req.params.token, session && !account ? session.person.id : null, account)
    if (session && !account) res.json({ platformId, ...sessionInfo(services, personId) })
    else signIn(services, req, res, personId, 200, { platformId })
  })

  return router
}
