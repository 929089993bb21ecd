import type { NextFunction, Request, Response } from 'express'
import { can, type Principal } from '../../shared/policy.js'
import { ApiError, notFound } from '../errors.js'
import { principalOn } from '../identity/principal.js'
import { isCrossSite } from '../identity/same-origin.js'
import type { ActiveSession } from '../identity/sessions.js'
import type { Services } from '../services.js'
import type { AccessTokenRow, PersonRecord } from '../store/store.js'

/** Attaches the caller's session (or null) to every API request. */
export const attachSession =
  (services: Services) =>
  (req: Request, res: Response, next: NextFunction): void => {
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1]
    if (bearer !== undefined) {
      // A personal access token acts on its one platform only (requireMember); it is no sign-in.
      const token = services.accessTokens.find(bearer)
      if (!token) throw new ApiError(401, 'bad_token', 'auth.badToken')
      res.locals.session = null
      res.locals.accessToken = token
      return next()
    }
    res.locals.session = services.sessions.fromRequest(req)
    next()
  }

export const sessionOf = (res: Response): ActiveSession | null => (res.locals.session as ActiveSession | null) ?? null

/** The person acting: the signed-in one, or the owner of the access token the request carries. */
export function actingPerson(services: Services, res: Response): PersonRecord | null {
  const token = res.locals.accessToken as AccessTokenRow | undefined
  return token ? services.store.getPerson(token.personId) : (sessionOf(res)?.person ?? null)
}

export function requireSession(res: Response): ActiveSession {
  const session = sessionOf(res)
  if (!session) throw new ApiError(401, 'unauthenticated', 'auth.signIn')
  return session
}

/**
 * The caller's principal on a platform. Someone who is not a member gets the
 * same 404 as for a platform that does not exist, so existence is not revealed.
 */
export function requireMember(services: Services, res: Response, platformId: string): Principal {
  const token = res.locals.accessToken as AccessTokenRow | undefined
  if (token) {
    // The token's platform only, with its role cut to the owner's current one.
    const use = token.platformId === platformId ? services.accessTokens.use(token) : null
    if (!use || !can(use.principal, 'platform.read')) throw notFound('platform')
    return use.principal
  }
  const session = requireSession(res)
  const principal = services.store.getPlatform(platformId) ? principalOn(services.store, platformId, session.person.id) : null
  if (!principal || !can(principal, 'platform.read')) throw notFound('platform')
  return principal
}

/**
 * Cross-site request protection for state-changing requests (the rule, shared
 * with the relay's upgrade, is in identity/same-origin.ts).
 */
export function sameOriginOnly(req: Request, _res: Response, next: NextFunction): void {
  if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return next()
  if (isCrossSite(req.headers)) throw new ApiError(403, 'cross_site', 'auth.crossSite')
  next()
}
