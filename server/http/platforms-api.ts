import { Router } from 'express'
import {
  createOrganizationBody,
  createPlatformBody,
  createSectionBody,
  reorderSectionsBody,
  updateOrganizationBody,
  updatePlatformBody,
  updateSectionBody,
} from '../../shared/api.js'
import type { GovSection } from '../../shared/gov.js'
import { ApiError, notFound } from '../errors.js'
import { SlidingWindowLimit } from '../identity/rate-limit.js'
import type { Services } from '../services.js'
import { requireMember, requireSession } from './auth.js'
import { importRouter } from './import-api.js'
import { parseBody } from './validate.js'

/** Platforms, their organizations and sections. Reads for members; changes for facilitators. */
export function platformsRouter(services: Services): Router {
  const { store, settings } = services
  const router = Router()

  router.get('/', (_req, res) => {
    const session = requireSession(res)
    const mine = new Set(store.listMemberships(session.person.id).map((m) => m.platformId))
    res.json({
      platforms: store
        .listPlatforms()
        .filter((p) => mine.has(p.id))
        .map((p) => ({ id: p.id, title: p.title })),
    })
  })

  // Platforms each person may create per hour (PLANK_PLATFORMS_PER_HOUR): a script cannot fill the store.
  const creations = new SlidingWindowLimit(services.store, 'platform-creations', services.config.platformsPerHour, 60 * 60_000)
  router.post('/', (req, res) => {
    const session = requireSession(res)
    const { title } = parseBody(createPlatformBody, req.body)
    const wait = creations.retryAfterMs(session.person.id)
    if (wait > 0) {
      res.setHeader('Retry-After', String(Math.ceil(wait / 1000)))
      throw new ApiError(429, 'rate_limited', 'platform.rateLimited')
    }
    const id = settings.createPlatform(session.person.id, title)
    creations.record(session.person.id)
    res.status(201).json({ id })
  })

  // Before /:platformId: a platform, or more sections, from a .docx or .md file (the same hourly limit).
  router.use('/import', importRouter(services, creations))

  router.get('/:platformId', (req, res) => {
    requireMember(services, res, req.params.platformId)
    const platform = store.getPlatform(req.params.platformId)!
    res.json({
      id: platform.id,
      title: platform.title,
      adopted: platform.adopted,
      languages: platform.languages,
      organizations: store.listOrganizations(platform.id).map(({ id, name, shortName, color }) => ({ id, name, shortName, color })),
      sections: store.listSections(platform.id).map(sectionSummary),
    })
  })

  router.patch('/:platformId', (req, res) => {
    const actor = requireMember(services, res, req.params.platformId)
    const { title, approvalThreshold, languages } = parseBody(updatePlatformBody, req.body)
    if (title !== undefined) settings.renamePlatform(actor, req.params.platformId, title)
    if (approvalThreshold !== undefined) services.signoffs.setThreshold(actor, req.params.platformId, approvalThreshold)
    if (languages !== undefined) services.translations.setLanguages(actor, req.params.platformId, languages)
    const platform = store.getPlatform(req.params.platformId)!
    res.json({
      id: platform.id,
      title: platform.title,
      approvalThreshold: platform.approvalThreshold,
      adopted: platform.adopted,
      languages: platform.languages,
    })
  })

  router.post('/:platformId/organizations', (req, res) => {
    const actor = requireMember(services, res, req.params.platformId)
    const org = parseBody(createOrganizationBody, req.body)
    res.status(201).json({ id: settings.addOrganization(actor, req.params.platformId, org) })
  })

  router.patch('/:platformId/organizations/:orgId', (req, res) => {
    const actor = requireMember(services, res, req.params.platformId)
    const patch = parseBody(updateOrganizationBody, req.body)
    settings.updateOrganization(actor, req.params.platformId, req.params.orgId, withoutUndefined(patch))
    res.json(store.getOrganization(req.params.platformId, req.params.orgId))
  })

  router.post('/:platformId/sections', (req, res) => {
    const actor = requireMember(services, res, req.params.platformId)
    const { title, ownerOrgId } = parseBody(createSectionBody, req.body)
    res.status(201).json({ id: settings.addSection(actor, req.params.platformId, title, ownerOrgId ?? null) })
  })

  // Before /:sectionId so that "order" is not taken for a section id.
  router.put('/:platformId/sections/order', (req, res) => {
    const actor = requireMember(services, res, req.params.platformId)
    const { sectionIds } = parseBody(reorderSectionsBody, req.body)
    settings.reorderSections(actor, req.params.platformId, sectionIds)
    res.json({ sectionIds })
  })

  router.get('/:platformId/sections/:sectionId', async (req, res) => {
    requireMember(services, res, req.params.platformId)
    const section = store.getSection(req.params.platformId, req.params.sectionId)
    if (!section) throw notFound('section')
    const { hash, primaryHash } = await services.signoffs.content(req.params.platformId, section.id)
    const translations = services.translations.statuses(req.params.platformId, section.id)
    res.json({ ...sectionSummary(section), hash, primaryHash, translations })
  })

  router.patch('/:platformId/sections/:sectionId', (req, res) => {
    const actor = requireMember(services, res, req.params.platformId)
    const patch = parseBody(updateSectionBody, req.body)
    settings.updateSection(actor, req.params.platformId, req.params.sectionId, withoutUndefined(patch))
    res.json(sectionSummary(store.getSection(req.params.platformId, req.params.sectionId)!))
  })

  router.delete('/:platformId/sections/:sectionId', (req, res) => {
    const actor = requireMember(services, res, req.params.platformId)
    settings.removeSection(actor, req.params.platformId, req.params.sectionId)
    res.status(204).end()
  })

  router.post('/:platformId/sections/:sectionId/restore', (req, res) => {
    const actor = requireMember(services, res, req.params.platformId)
    settings.restoreSection(actor, req.params.platformId, req.params.sectionId)
    res.json(sectionSummary(store.getSection(req.params.platformId, req.params.sectionId)!))
  })

  return router
}

/** A section as the API shows it; `titles` (the translated titles, by language) only when it has some. */
const sectionSummary = ({ id, title, ownerOrgId, locked, titles }: GovSection) => ({ id, title, ownerOrgId, locked, ...(titles ? { titles } : {}) })

/** zod leaves absent optional keys as undefined; the services treat "absent" as "unchanged". */
function withoutUndefined<T extends object>(value: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> }
}
