import { Router } from 'express'
import { ExportWords } from '../publish/export-words.js'
import { documentOptions } from './document-options.js'
import { adoptBody, signoffBody } from '../../shared/api.js'
import { platformDocx } from '../publish/docx.js'
import { gatherPlatform, platformHtml, platformMarkdown } from '../publish/export.js'
import type { Services } from '../services.js'
import { requireMember } from './auth.js'
import { parseBody } from './validate.js'

/** Sign-off decisions, the matrix, and adoption. */
export function signoffsRouter(services: Services): Router {
  const { signoffs } = services
  const router = Router()

  router.get('/:platformId/signoffs', (req, res) => {
    requireMember(services, res, req.params.platformId)
    const matrix = signoffs.matrix(req.params.platformId)
    res.json({
      sections: matrix.sections.map((s) => ({ id: s.id, status: s.status, orgs: s.orgs })),
      threshold: matrix.threshold,
      ready: matrix.ready,
    })
  })

  router.post('/:platformId/sections/:sectionId/signoffs', async (req, res) => {
    const actor = requireMember(services, res, req.params.platformId)
    const input = parseBody(signoffBody, req.body)
    const id = await signoffs.record(actor, req.params.platformId, req.params.sectionId, input)
    res.status(201).json({ id })
  })

  router.get('/:platformId/sections/:sectionId/signoffs', (req, res) => {
    requireMember(services, res, req.params.platformId)
    const current = signoffs.content(req.params.platformId, req.params.sectionId)
    res.json({
      current: { hash: current.hash, text: current.text },
      decisions: signoffs.history(req.params.platformId, req.params.sectionId).map((d) => ({
        id: d.id,
        orgId: d.orgId,
        personId: d.personId,
        decision: d.decision,
        note: d.note,
        hash: d.hash,
        at: d.createdAt,
        current: d.hash === current.hash,
        snapshotText: d.snapshotText,
      })),
    })
  })

  router.post('/:platformId/adopt', async (req, res) => {
    const actor = requireMember(services, res, req.params.platformId)
    const { waiveStaleTranslations } = parseBody(adoptBody, req.body)
    await signoffs.adopt(actor, req.params.platformId, { waiveStaleTranslations })
    res.json({ id: req.params.platformId, adopted: true })
  })

  return router
}

/** Markdown, print-ready HTML and Word of the platform: a watermarked draft any time, final after adoption. */
export function exportRouter(services: Services): Router {
  const router = Router()
  for (const format of ['md', 'html', 'docx'] as const) {
    router.get(`/:platformId/export.${format}`, async (req, res) => {
      requireMember(services, res, req.params.platformId)
      // The bilingual edition (two languages) is the page's and the Word file's; Markdown has one language.
      const { languages, timeZone } = documentOptions(req.query, format === 'md' ? 1 : 2)
      const published = gatherPlatform(services.store, services.documents, req.params.platformId, req.query.final === '1', languages)
      const words = new ExportWords(published.languages[0]!, timeZone)
      const name = `${published.title.replace(/[^\w -]+/g, '').trim() || 'platform'}${published.draft ? ` (${words.t('watermark').toLowerCase()})` : ''}`
      // A Word file is always a download; the others when asked.
      if (req.query.download === '1' || format === 'docx') res.attachment(`${name}${languages ? ` ${languages.join('-')}` : ''}.${format}`)
      res.setHeader('Content-Language', published.languages.join(', '))
      if (format === 'md') res.type('text/markdown; charset=utf-8').send(platformMarkdown(published, words))
      else if (format === 'html') res.type('text/html; charset=utf-8').send(platformHtml(published, words))
      else res.type('application/vnd.openxmlformats-officedocument.wordprocessingml.document').send(await platformDocx(published, words))
    })
  }
  return router
}
