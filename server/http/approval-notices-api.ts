import { Router } from 'express'
import { readInboxBody } from '../../shared/api.js'
import type { Services } from '../services.js'
import { requireMember } from './auth.js'
import { parseBody } from './validate.js'

/** Each person's notices of approvals gone stale (server/signoff/stale-approvals.ts), shown in their inbox. */
export function approvalNoticesRouter(services: Services): Router {
  const { signoffs } = services
  const router = Router()

  router.get('/:platformId/approval-notices', (req, res) => {
    const actor = requireMember(services, res, req.params.platformId)
    res.json(signoffs.notices(actor.personId, req.params.platformId))
  })

  router.post('/:platformId/approval-notices/read', (req, res) => {
    const actor = requireMember(services, res, req.params.platformId)
    const { ids } = parseBody(readInboxBody, req.body)
    signoffs.markNoticesRead(actor.personId, req.params.platformId, ids ?? null)
    res.json(signoffs.notices(actor.personId, req.params.platformId))
  })

  return router
}
