import { Router } from 'express'
import type { PlatformStore } from '../store/store.js'
import { ApiError } from './errors.js'

/** Read access to platforms. Write routes arrive with accounts and roles. */
export function platformsRouter(store: PlatformStore): Router {
  const router = Router()

  router.get('/', (_req, res) => {
    res.json({ platforms: store.listPlatforms().map((p) => ({ id: p.id, title: p.title })) })
  })

  router.get('/:platformId', (req, res) => {
    const platform = store.getPlatform(req.params.platformId)
    if (!platform) throw new ApiError(404, 'not_found', 'No such platform.')
    res.json({
      id: platform.id,
      title: platform.title,
      adopted: platform.adopted,
      organizations: store.listOrganizations(platform.id).map(({ id, name, shortName, color }) => ({
        id,
        name,
        shortName,
        color,
      })),
      sections: store.listSections(platform.id).map(({ id, title, ownerOrgId, locked }) => ({
        id,
        title,
        ownerOrgId,
        locked,
      })),
    })
  })

  return router
}
