import { createHash, timingSafeEqual } from 'node:crypto'
import type { Request, RequestHandler } from 'express'
import type { MetricsAccess } from '../config.js'
import { sendError } from '../http/errors.js'
import type { PlankMetrics } from './metrics.js'

/** Equal-length digests, so the comparison takes as long whatever the guess (and however long). */
const digest = (text: string): Buffer => createHash('sha256').update(text).digest()

const bearerMatches = (req: Request, expected: Buffer): boolean => {
  const match = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')
  return match !== null && timingSafeEqual(digest(match[1]!), expected)
}

/**
 * GET /metrics, in the Prometheus text format. Not served: 404 in the API's
 * error shape, as for any unknown address (nothing says it exists). With a
 * token: 401 without the right bearer token.
 */
export function metricsRoute(metrics: PlankMetrics, access: MetricsAccess): RequestHandler {
  const expected = access.served && access.token !== null ? digest(access.token) : null
  return async (req, res) => {
    if (!access.served) return sendError(req, res, 404, 'not_found', 'http.notFound')
    if (expected !== null && !bearerMatches(req, expected)) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="plank-metrics"')
      return sendError(req, res, 401, 'unauthenticated', 'auth.metricsToken')
    }
    const body = await metrics.registry.metrics()
    res.setHeader('Cache-Control', 'no-store')
    res.type(metrics.registry.contentType).send(body)
  }
}
