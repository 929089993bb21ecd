import type { ErrorRequestHandler, Request, Response } from 'express'
import { ApiError } from '../errors.js'

export { ApiError }

/** The one error shape of the API: `{ "error": { "code", "message" } }`. */
export const sendError = (
  res: Response,
  status: number,
  code: string,
  message: string,
  extra?: Record<string, unknown>,
  beside?: Record<string, unknown>,
): void => {
  res.status(status).json({ ...beside, error: { code, message, ...extra } })
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
    if (error instanceof ApiError) return sendError(res, error.status, error.code, error.message, error.extra, error.beside)
    const status = (error as { status?: number }).status
    const type = (error as { type?: string }).type
    if (type === 'entity.parse.failed') return sendError(res, 400, 'invalid_json', 'The request body is not valid JSON.')
    if (type === 'entity.too.large') return sendError(res, 413, 'too_large', 'The request body is too large.')
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return sendError(res, status, 'bad_request', 'The request could not be understood.')
    }
    log(`http: unexpected error, ${where(req)}: ${describe(error)}`)
    sendError(res, 500, 'internal', 'Something went wrong on the server.')
  }
}

/** The route's pattern, not the path: paths may carry secrets (invitation tokens). */
const where = (req: Request): string => `${req.method} ${(req.route as { path?: string } | undefined)?.path ?? '(no route)'}`

/** The stack if there is one: an unexpected error is a bug to find. */
const describe = (error: unknown): string => (error instanceof Error ? (error.stack ?? error.message) : String(error))
