import type { ErrorRequestHandler, Response } from 'express'
import { ApiError } from '../errors.js'

export { ApiError }

/** The one error shape of the API: `{ "error": { "code", "message" } }`. */
export const sendError = (res: Response, status: number, code: string, message: string, extra?: Record<string, unknown>): void => {
  res.status(status).json({ error: { code, message, ...extra } })
}

/** Maps thrown errors to the error shape; never sends a stack trace. */
export function errorHandler(log: (line: string) => void): ErrorRequestHandler {
  return (error: unknown, _req, res, _next) => {
    if (error instanceof ApiError) return sendError(res, error.status, error.code, error.message, error.extra)
    const status = (error as { status?: number }).status
    const type = (error as { type?: string }).type
    if (type === 'entity.parse.failed') return sendError(res, 400, 'invalid_json', 'The request body is not valid JSON.')
    if (type === 'entity.too.large') return sendError(res, 413, 'too_large', 'The request body is too large.')
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return sendError(res, status, 'bad_request', 'The request could not be understood.')
    }
    log(`http: unexpected error: ${(error as Error).message}`)
    sendError(res, 500, 'internal', 'Something went wrong on the server.')
  }
}
