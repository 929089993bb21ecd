import { existsSync } from 'node:fs'
import { join } from 'node:path'
import express, { Router } from 'express'

/**
 * Serves the built client. Shared links (`/`, `/p/<platformId>`) all load
 * index.html; the client routes from there. The service worker must not be
 * cached long, or a fixed client would never reach people.
 */
export function staticClientRouter(clientDir: string): Router {
  const router = Router()
  const index = join(clientDir, 'index.html')
  router.use(
    express.static(clientDir, {
      index: false,
      setHeaders(res, path) {
        if (path.endsWith('sw.js') || path.endsWith('.html')) res.setHeader('Cache-Control', 'no-cache')
        else if (path.includes('/assets/')) res.setHeader('Cache-Control', 'public, max-age=31536000, immutable')
      },
    }),
  )
  router.get(['/', '/signin', '/setup', '/invite', '/p/:platformId', '/p/:platformId/{*view}'], (_req, res, next) => {
    if (!existsSync(index)) return next()
    res.setHeader('Cache-Control', 'no-cache')
    res.sendFile(index)
  })
  return router
}
