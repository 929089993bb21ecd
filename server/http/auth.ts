import type { NextFunction, Request, Response } from 'express'
import type { Principal } from '../../shared/permissions.js'
import { ApiError, notFound } from '../errors.js'
import { principalOn } from '../identity/principal.js'
import { isCrossSite } from '../identity/same-origin.js'
import type { ActiveSession } from '../identity/sessions.js'
import type { Services } from '../services.js'

/** Attaches the caller's session (or null) to every API request. */
export const attachSession =
  (services: Services) =>
  (req: Request, res: Response, next: NextFunction): void => {
    res.locals.session = services.sessions.fromRequest(req)
    next()
  }

export const sessionOf = (res: Response): ActiveSession | null => (res.locals.session as ActiveSession | null) ?? null

export function requireSession(res: Response): ActiveSession {
  const session = sessionOf(res)
  if (!session) throw new ApiError(401, 'unauthenticated', 'Sign in first.')
  return session
}

/**
 * The caller's principal on a platform. Someone who is not a member gets the
 * same 404 as for a platform that does not exist, so existence is not revealed.
 */
export function requireMember(services: Services, res: Response, platformId: string): Principal {
  const session = requireSession(res)
  const principal = services.store.getPlatform(platformId) ? principalOn(services.store, platformId, session.person.id) : null
  if (!principal) throw notFound('platform')
  return principal
}

/**
 * Cross-site request protection for state-changing requests (the rule, shared
 * with the relay's upgrade, is in identity/same-origin.ts).
 */
export function sameOriginOnly(req: Request, res: Response, next: NextFunction): void {
  if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return next()
  if (isCrossSite(req.headers)) throw new ApiError(403, 'cross_site', 'Cross-site requests are not accepted.')
  next()
}
