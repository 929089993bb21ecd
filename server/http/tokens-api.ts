import { Router } from 'express'
import { createAccessTokenBody, type AccessTokenRecord } from '../../shared/api.js'
import { MAX_ACCESS_TOKENS_PER_PERSON } from '../../shared/limits.js'
import { ApiError, notFound } from '../errors.js'
import { tokenConnectionKey } from '../identity/access-tokens.js'
import type { Services } from '../services.js'
import type { AccessTokenRow } from '../store/store.js'
import { requireSession } from './auth.js'
import { parseBody } from './validate.js'

const DAY_MS = 24 * 60 * 60 * 1000

const record = (row: AccessTokenRow): AccessTokenRecord => ({
  id: row.id,
  platformId: row.platformId,
  role: row.role,
  name: row.name,
  createdAt: row.createdAt,
  expiresAt: row.expiresAt,
  lastUsedAt: row.lastUsedAt,
  revokedAt: row.revokedAt,
})

/**
 * The signed-in person's personal access tokens (identity/access-tokens.ts):
 * create (the secret is in that answer only), list (never a secret), revoke.
 * Only a sign-in manages tokens: a token cannot make or revoke tokens.
 */
export function tokensRouter(services: Services): Router {
  const { accessTokens, store } = services
  const router = Router()

  router.get('/', (_req, res) => {
    const session = requireSession(res)
    res.json({ tokens: accessTokens.list(session.person.id).map(record) })
  })

  router.post('/', (req, res) => {
    const session = requireSession(res)
    const body = parseBody(createAccessTokenBody, req.body)
    const now = Date.now()
    const live = accessTokens.list(session.person.id).filter((t) => !t.revokedAt && (!t.expiresAt || Date.parse(t.expiresAt) > now))
    if (live.length >= MAX_ACCESS_TOKENS_PER_PERSON) {
      throw new ApiError(409, 'too_many_tokens', ['tokens.tooMany', { max: MAX_ACCESS_TOKENS_PER_PERSON }])
    }
    const expiresAt = body.expiresInDays ? new Date(now + body.expiresInDays * DAY_MS).toISOString() : null
    const created = services.gov.commit(
      body.platformId,
      (made: ReturnType<typeof accessTokens.create>) =>
        typeof made === 'string'
          ? []
          : {
              platformId: body.platformId,
              actorId: session.person.id,
              action: 'token.create',
              detail: { tokenId: made.row.id, role: made.row.role, name: made.row.name, expiresAt },
            },
      () => accessTokens.create(session.person.id, { platformId: body.platformId, role: body.role, name: body.name, expiresAt }, now),
      [],
    )
    if (created === 'notMember') throw notFound('platform')
    if (created === 'roleTooHigh') throw new ApiError(403, 'role_too_high', 'tokens.roleTooHigh')
    res.status(201).json({ ...record(created.row), token: created.token })
  })

  router.delete('/:tokenId', (req, res) => {
    const session = requireSession(res)
    const row = store.getAccessToken(req.params.tokenId)
    if (!row || row.personId !== session.person.id) throw notFound('token')
    if (!row.revokedAt) {
      services.gov.commit(
        row.platformId,
        { platformId: row.platformId, actorId: session.person.id, action: 'token.revoke', detail: { tokenId: row.id } },
        () => accessTokens.revoke(session.person.id, row.id),
        [],
      )
    }
    // Its open connections end now, not at the next heartbeat.
    services.rooms.closeSession(tokenConnectionKey(row.id))
    res.status(204).end()
  })

  return router
}
