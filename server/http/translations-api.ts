import { Router } from 'express'
import { translationUpToDateBody } from '../../shared/api.js'
import { nodesPlainText } from '../../shared/section-tokens.js'
import type { Services } from '../services.js'
import { requireMember } from './auth.js'
import { parseBody } from './validate.js'

/** Translations of a section (issue 15): their state, what changed in the primary since, and marking them up to date. */
export function translationsRouter(services: Services): Router {
  const { translations } = services
  const router = Router()

  router.get('/:platformId/sections/:sectionId/translations/:lang', (req, res) => {
    requireMember(services, res, req.params.platformId)
    const { reviewed, now, status } = translations.primaryChanges(req.params.platformId, req.params.sectionId, req.params.lang)
    // The node trees for tools; their plain text for a word-level difference.
    res.json({ ...status, reviewedPrimary: reviewed, primary: now, reviewedText: reviewed ? nodesPlainText(reviewed) : null, text: nodesPlainText(now) })
  })

  router.post('/:platformId/sections/:sectionId/translations/:lang/up-to-date', (req, res) => {
    const actor = requireMember(services, res, req.params.platformId)
    const { hash } = parseBody(translationUpToDateBody, req.body)
    translations.markUpToDate(actor, req.params.platformId, req.params.sectionId, req.params.lang, hash)
    const status = translations.statuses(req.params.platformId, req.params.sectionId).find((t) => t.lang === req.params.lang)
    res.json(status)
  })

  return router
}
