import { Router } from 'express'
import { acceptAmendmentBody, declineAmendmentBody, proposeAmendmentBody } from '../../shared/amendments.js'
import type { Services } from '../services.js'
import { requireMember } from './auth.js'
import { parseBody } from './validate.js'

/** Amendments: propose, list, endorse, withdraw, decline, accept (the README's API table). */
export function amendmentsRouter(services: Services): Router {
  const { amendments } = services
  const router = Router()
  const answer = (platformId: string, amendmentId: string) => {
    const entry = amendments.list(platformId).find((a) => a.id === amendmentId)
    return entry ? { id: entry.id, status: entry.status, endorsements: entry.endorsements } : { id: amendmentId }
  }

  router.get('/:platformId/amendments', (req, res) => {
    requireMember(services, res, req.params.platformId)
    res.json({ amendments: amendments.list(req.params.platformId) })
  })

  router.post('/:platformId/sections/:sectionId/amendments', (req, res) => {
    const actor = requireMember(services, res, req.params.platformId)
    const input = parseBody(proposeAmendmentBody, req.body)
    res.status(201).json(amendments.propose(actor, req.params.platformId, req.params.sectionId, input))
  })

  router.post('/:platformId/amendments/:amendmentId/endorse', (req, res) => {
    const actor = requireMember(services, res, req.params.platformId)
    amendments.endorse(actor, req.params.platformId, req.params.amendmentId)
    res.json(answer(req.params.platformId, req.params.amendmentId))
  })

  router.delete('/:platformId/amendments/:amendmentId/endorse', (req, res) => {
    const actor = requireMember(services, res, req.params.platformId)
    amendments.unendorse(actor, req.params.platformId, req.params.amendmentId)
    res.json(answer(req.params.platformId, req.params.amendmentId))
  })

  router.post('/:platformId/amendments/:amendmentId/withdraw', (req, res) => {
    const actor = requireMember(services, res, req.params.platformId)
    amendments.withdraw(actor, req.params.platformId, req.params.amendmentId)
    res.json(answer(req.params.platformId, req.params.amendmentId))
  })

  router.post('/:platformId/amendments/:amendmentId/decline', (req, res) => {
    const actor = requireMember(services, res, req.params.platformId)
    const { note } = parseBody(declineAmendmentBody, req.body ?? {})
    amendments.decline(actor, req.params.platformId, req.params.amendmentId, note ?? '')
    res.json(answer(req.params.platformId, req.params.amendmentId))
  })

  router.post('/:platformId/amendments/:amendmentId/accept', (req, res) => {
    const actor = requireMember(services, res, req.params.platformId)
    const input = parseBody(acceptAmendmentBody, req.body ?? {})
    res.json(amendments.accept(actor, req.params.platformId, req.params.amendmentId, input))
  })

  return router
}
