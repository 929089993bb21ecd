/**
 * `POST /api/platforms/import` (multipart/form-data: `file`, `headingLevel`
 * 1–6, optional `platformId` to append) → a preview, nothing created; then
 * `POST /api/platforms/import/<importId>/confirm` → 201 `{"id"}`.
 * Mounted inside the platforms router, which lends its limit of platforms
 * created per person and hour.
 */
import type { Request, Response } from 'express'
import { Router } from 'express'
import multer from 'multer'
import { z } from 'zod'
import { MAX_IMPORT_FILE_BYTES } from '../../shared/limits.js'
import { ApiError } from '../errors.js'
import type { SlidingWindowLimit } from '../identity/rate-limit.js'
import { acceptedLocale, type ApiLocale } from '../i18n/api-errors.js'
import { Imports } from '../import/imports.js'
import type { Services } from '../services.js'
import { actingPerson, requireMember, requireSession } from './auth.js'
import { parseBody } from './validate.js'

const upload = multer({
  storage: multer.memoryStorage(),
  // One file and a few short fields: anything else is refused before it is read.
  limits: { fileSize: MAX_IMPORT_FILE_BYTES, files: 1, fields: 4, fieldSize: 200, parts: 5, headerPairs: 50 },
}).single('file')

/** Runs multer, turning its errors (and busboy's, for a malformed body) into the API's. */
function receive(req: Request, res: Response): Promise<void> {
  return new Promise((resolve, reject) => {
    upload(req, res, (error: unknown) => {
      if (!error) return resolve()
      if (error instanceof multer.MulterError && error.code === 'LIMIT_FILE_SIZE') {
        return reject(new ApiError(413, 'file_too_large', ['import.fileTooLarge', { max: MAX_IMPORT_FILE_BYTES / (1024 * 1024) }]))
      }
      reject(new ApiError(400, 'malformed_upload', 'import.malformed'))
    })
  })
}

const confirmBody = z.strictObject({ title: z.string().trim().min(1).max(200).optional() })

export function importRouter(services: Services, creations: SlidingWindowLimit): Router {
  const imports = new Imports(services, services.config.importTtlMs === undefined ? {} : { ttlMs: services.config.importTtlMs })
  const router = Router()

  const localeOf = (req: Request, res: Response): ApiLocale => actingPerson(services, res)?.locale ?? acceptedLocale(req.headers['accept-language'])

  router.post('/', async (req, res) => {
    // Someone signed in (or with a token, to append), before the body is read.
    if (!actingPerson(services, res)) throw new ApiError(401, 'unauthenticated', 'auth.signIn')
    if (!req.is('multipart/form-data')) throw new ApiError(400, 'malformed_upload', 'import.malformed')
    await receive(req, res)
    const fields = (req.body ?? {}) as Record<string, unknown>
    const platformId = typeof fields.platformId === 'string' && fields.platformId !== '' ? fields.platformId : null
    let personId: string
    if (platformId === null) personId = requireSession(res).person.id
    else {
      const principal = requireMember(services, res, platformId)
      imports.requireAppend(principal, platformId)
      personId = principal.personId
    }
    const levelField = fields.headingLevel
    const headingLevel = levelField === undefined || levelField === '' ? 1 : Number(levelField)
    if (!Number.isInteger(headingLevel) || headingLevel < 1 || headingLevel > 6) throw new ApiError(400, 'invalid', 'import.headingLevel')
    const file = req.file
    if (!file || file.size === 0) throw new ApiError(400, 'no_file', 'import.noFile')
    const preview = await imports.preview({
      personId,
      platformId,
      // multer reads the name as latin1 (busboy's default); browsers send UTF-8.
      fileName: Buffer.from(file.originalname, 'latin1').toString('utf8'),
      bytes: file.buffer,
      headingLevel,
      locale: localeOf(req, res),
    })
    res.json(preview)
  })

  router.post('/:importId/confirm', (req, res) => {
    const person = actingPerson(services, res)
    if (!person) throw new ApiError(401, 'unauthenticated', 'auth.signIn')
    const { title } = parseBody(confirmBody, req.body ?? {})
    const held = imports.find(req.params.importId, person.id)
    if (held.platformId === null) {
      const session = requireSession(res)
      const wait = creations.retryAfterMs(session.person.id)
      if (wait > 0) {
        res.setHeader('Retry-After', String(Math.ceil(wait / 1000)))
        throw new ApiError(429, 'rate_limited', 'platform.rateLimited')
      }
      const created = imports.confirmNew(held, title)
      creations.record(session.person.id)
      res.status(201).json(created)
      return
    }
    const principal = requireMember(services, res, held.platformId)
    res.status(201).json(imports.confirmAppend(held, principal, held.platformId))
  })

  return router
}
