import type { ErrorRequestHandler, Request, Response } from 'express'
import { ApiError } from '../errors.js'
import { acceptedLocale, type ApiErrorKey, renderApiError } from '../i18n/api-errors.js'

export { ApiError }

/**
 * The one error shape of the API: `{ "error": { "code", "message" } }`, the
 * message in the language the request accepts (English by default). An
 * ApiError brings its own status, code and fields; other answers name a key.
 */
export function sendError(req: Request, res: Response, error: ApiError): void
export function sendError(req: Request, res: Response, status: number, code: string, key: ApiErrorKey): void
export function sendError(req: Request, res: Response, ...answer: [ApiError] | [number, string, ApiErrorKey]): void {
  const locale = acceptedLocale(req.headers['accept-language'])
  // The answer depends on the header: a cache must not give one reader's language to another.
  res.vary('Accept-Language')
  if (answer.length === 1) {
    const [error] = answer
    res.status(error.status).json({ ...error.beside, error: { code: error.code, message: error.messageIn(locale), ...error.extra } })
  } else {
    const [status, code, key] = answer
    res.status(status).json({ error: { code, message: renderApiError(locale, key) } })
  }
}

/**
 * Maps thrown errors to the error shape; never sends a stack trace. Express 5
 * routes both thrown errors and rejected promises of async handlers here, so
 * no request can end the process: an unexpected error answers 500 and is
 * logged with its stack.
 */
export function errorHandler(log: (line: string) => void): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    // Part of the answer is already sent: only express can end it (it closes the connection).
    if (res.headersSent) {
      log(`http: error after the answer started, ${where(req)}: ${describe(error)}`)
      return next(error)
    }
    if (error instanceof ApiError) return sendError(req, res, error)
    const status = (error as { status?: number }).status
    const type = (error as { type?: string }).type
    if (type === 'entity.parse.failed') return sendError(req, res, 400, 'invalid_json', 'http.invalidJson')
    if (type === 'entity.too.large') return sendError(req, res, 413, 'too_large', 'http.tooLarge')
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return sendError(req, res, status, 'bad_request', 'http.badRequest')
    }
    log(`http: unexpected error, ${where(req)}: ${describe(error)}`)
    sendError(req, res, 500, 'internal', 'http.internal')
  }
}

/** The route's pattern, not the path: paths may carry secrets (invitation tokens). */
const where = (req: Request): string => `${req.method} ${(req.route as { path?: string } | undefined)?.path ?? '(no route)'}`

/** The stack if there is one: an unexpected error is a bug to find. */
const describe = (error: unknown): string => (error instanceof Error ? (error.stack ?? error.message) : String(error))
