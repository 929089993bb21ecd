import { Router } from 'express'
import { versionCompareQuery, versionNameBody } from '../../shared/api.js'
import type { Services } from '../services.js'
import { requireMember } from './auth.js'
import { parseBody } from './validate.js'

/** Section versions (issue 16): timelines, one version's text, naming and restoring. */
export function versionsRouter(services: Services): Router {
  const { versions } = services
  const router = Router()
  const base = '/:platformId/sections/:sectionId/versions'

  // The platform's timeline: every section's versions, newest first.
  router.get('/:platformId/versions', (req, res) => {
    requireMember(services, res, req.params.platformId)
    res.json({ versions: versions.list(req.params.platformId, null) })
  })

  router.get(base, (req, res) => {
    requireMember(services, res, req.params.platformId)
    res.json({ versions: versions.list(req.params.platformId, req.params.sectionId) })
  })

  // Before `:versionId`, which would take "compare" for an id. `to` left out: the text now.
  router.get(`${base}/compare`, (req, res) => {
    requireMember(services, res, req.params.platformId)
    const { from, to } = parseBody(versionCompareQuery, req.query)
    res.json(versions.compare(req.params.platformId, req.params.sectionId, from, to ?? null))
  })

  router.get(`${base}/:versionId`, (req, res) => {
    requireMember(services, res, req.params.platformId)
    res.json(versions.get(req.params.platformId, req.params.sectionId, req.params.versionId))
  })

  router.patch(`${base}/:versionId`, (req, res) => {
    const actor = requireMember(services, res, req.params.platformId)
    const { name } = parseBody(versionNameBody, req.body)
    res.json(versions.rename(actor, req.params.platformId, req.params.sectionId, req.params.versionId, name))
  })

  router.post(`${base}/:versionId/restore`, (req, res) => {
    const actor = requireMember(services, res, req.params.platformId)
    res.json(versions.restore(actor, req.params.platformId, req.params.sectionId, req.params.versionId))
  })

  return router
}
