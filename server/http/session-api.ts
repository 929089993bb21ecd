import { Router, type Request, type Response } from 'express'
import { demoSignInBody, sessionPreferencesBody, setupBody, signInBody, ticketBody, type SessionInfo } from '../../shared/api.js'
import { ApiError, notFound } from '../errors.js'
import type { ApiErrorKey } from '../i18n/api-errors.js'
import { tokenHash, verifyAgainstNothing, verifyPassword } from '../identity/secrets.js'
import { SESSION_COOKIE } from '../identity/sessions.js'
import { principalOn } from '../identity/principal.js'
import type { Services } from '../services.js'
import { recordAudit } from '../audit/audit-log.js'
import { checkSetupToken, type SetupTokenCheck } from '../identity/first-run.js'
import { SlidingWindowLimit } from '../identity/rate-limit.js'
import { requireSession, sessionOf } from './auth.js'
import { parseBody } from './validate.js'

export function sessionInfo(services: Services, personId: string): SessionInfo {
  const person = services.store.getPerson(personId)!
  return {
    person: { id: person.id, name: person.displayName, username: person.username, demo: person.isDemo, locale: person.locale },
    memberships: services.store.listMemberships(personId).map((m) => ({ platformId: m.platformId, role: m.role, orgId: m.orgId })),
  }
}

/** Starts a session: sets the HttpOnly cookie and answers who is signed in. */
export function signIn(services: Services, req: Request, res: Response, personId: string, status = 200, extra: Record<string, unknown> = {}): void {
  const { token, expiresAt } = services.sessions.create(personId)
  res.cookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: req.secure,
    path: '/',
    expires: new Date(expiresAt),
  })
  res.status(status).json({ ...extra, ...sessionInfo(services, personId) })
}

const tooManyAttempts = (res: Response, retryAfterMs: number): never => {
  res.setHeader('Retry-After', String(Math.ceil(retryAfterMs / 1000)))
  throw new ApiError(429, 'rate_limited', 'session.rateLimited')
}

/** Sign-in, sign-out, first-run setup, websocket tickets and demo mode. */
export function sessionRouter(services: Services): Router {
  const router = Router()
  const throttle = services.signInThrottle

  router.get('/session', (_req, res) => {
    res.json(sessionInfo(services, requireSession(res).person.id))
  })

  // The interface language, remembered with the account: the next sign-in, on any device, opens in it.
  router.patch('/session', (req, res) => {
    const session = requireSession(res)
    const { locale } = parseBody(sessionPreferencesBody, req.body)
    services.store.setPersonLocale(session.person.id, locale)
    res.json(sessionInfo(services, session.person.id))
  })

  router.post('/session', async (req, res) => {
    const { login, password } = parseBody(signInBody, req.body)
    const address = req.ip ?? 'unknown'
    // Counted before the hash, so that attempts sent at once cannot all pass while the first are hashing.
    const attempt = throttle.take(login, address)
    if (attempt.refused) return tooManyAttempts(res, attempt.retryAfterMs)
    const person = services.store.findPersonByLogin(login)
    let ok: boolean
    try {
      ok = person?.passwordHash ? await verifyPassword(password, person.passwordHash) : await verifyAgainstNothing(password)
    } catch (err) {
      attempt.withdraw()
      throw err
    }
    // A wrong password stays counted.
    if (!person || !ok) throw new ApiError(401, 'bad_credentials', 'session.badCredentials')
    attempt.succeeded()
    // An account made through demo mode (a demo person's invitation) ends with it: no session is stored.
    if (person.isDemo && !services.config.demo) throw new ApiError(403, 'demo_off', 'session.demoOff')
    signIn(services, req, res, person.id)
  })

  router.delete('/session', (_req, res) => {
    const session = sessionOf(res)
    if (session) {
      services.sessions.destroy(session.key)
      services.rooms.closeSession(session.key)
    }
    res.clearCookie(SESSION_COOKIE, { path: '/' })
    res.status(204).end()
  })

  router.get('/setup', (_req, res) => {
    res.json({ needed: services.store.countRealAccounts() === 0 })
  })

  // Wrong setup links per address: the token is checked before any work, and guessing is throttled.
  const setupFailures = new SlidingWindowLimit(services.store, 'setup-failures', 10, 15 * 60_000)
  const SETUP_REFUSED: Record<Exclude<SetupTokenCheck, 'ok'>, ApiErrorKey> = {
    unknown: 'setup.unknown',
    used: 'setup.used',
    expired: 'setup.expired',
    done: 'setup.done',
  }
  const refuseSetup = (check: Exclude<SetupTokenCheck, 'ok'>): never => {
    throw new ApiError(403, 'bad_setup_token', SETUP_REFUSED[check])
  }

  router.post('/setup', async (req, res) => {
    const address = req.ip ?? 'unknown'
    const wait = setupFailures.retryAfterMs(address)
    if (wait > 0) {
      res.setHeader('Retry-After', String(Math.ceil(wait / 1000)))
      throw new ApiError(429, 'rate_limited', 'setup.rateLimited')
    }
    const { token, ...account } = parseBody(setupBody, req.body)
    const ttl = services.config.setupLinkTtlMs
    const check = checkSetupToken(services.store, token, ttl)
    if (check !== 'ok') {
      setupFailures.record(address)
      refuseSetup(check)
    }
    const person = await services.membership.newPerson(account)
    // Least privilege: facilitator of the platforms that exist now, and only because no real account
    // exists yet (checked again below, in the same transaction): every one of them was made by demo mode
    // (the sample platform, or a demo visitor), so taking them over takes nothing from anyone. Platforms
    // made later, by anyone, are never granted: the link works once, expires, and stops at the first account.
    const granted = services.store.transaction(() => {
      const again = checkSetupToken(services.store, token, ttl)
      if (again !== 'ok') refuseSetup(again)
      if (!services.store.useSetupToken(tokenHash(token), new Date().toISOString())) refuseSetup('used')
      services.membership.createPersonRow(person)
      recordAudit(services.store, { platformId: null, actorId: person.id, action: 'setup.account', detail: { personId: person.id } })
      const platforms = services.store.listPlatforms().map((p) => p.id)
      for (const platformId of platforms) {
        services.store.setMembership({ platformId, personId: person.id, role: 'facilitator', orgId: null })
      }
      return platforms
    })
    for (const platformId of granted) services.gov.reproject(platformId, [{ kind: 'person', id: person.id }])
    signIn(services, req, res, person.id, 201)
  })

  router.post('/tickets', (req, res) => {
    const session = requireSession(res)
    const { platformId } = parseBody(ticketBody, req.body)
    if (!services.store.getPlatform(platformId) || !principalOn(services.store, platformId, session.person.id)) {
      throw notFound('platform')
    }
    res.json({ ticket: services.tickets.issue(session.person.id, platformId, session.key) })
  })

  router.get('/demo/people', (_req, res) => {
    if (!services.config.demo) throw notFound('route')
    const people = services.store.listDemoPeople().flatMap((p) =>
      p.memberships.map((m) => {
        // Signed-out visitors cannot read the platform, so the badge's organization comes along.
        const org = m.orgId ? services.store.getOrganization(m.platformId, m.orgId) : null
        return { id: p.id, name: p.displayName, role: m.role, orgId: m.orgId, platformId: m.platformId, org }
      }),
    )
    res.json({ people })
  })

  router.post('/demo/sign-in', (req, res) => {
    if (!services.config.demo) throw notFound('route')
    const { personId } = parseBody(demoSignInBody, req.body)
    const person = services.store.getPerson(personId)
    if (!person?.isDemo) throw notFound('demoPerson')
    signIn(services, req, res, person.id)
  })

  return router
}
