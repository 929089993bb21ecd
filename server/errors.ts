/**
 * A refusal with its HTTP status and a stable code; the API turns it into
 * `{ "error": { "code", "message" } }`. Services throw it; nothing else
 * reaches a client.
 */
export class ApiError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 410 | 413 | 429,
    readonly code: string,
    message: string,
    readonly extra?: Record<string, unknown>,
    /** Fields of the answer beside `error` (an amendment's `conflicts`, as the API table says). */
    readonly beside?: Record<string, unknown>,
  ) {
    super(message)
  }
}

export const notFound = (what: string): ApiError => new ApiError(404, 'not_found', `No such ${what}.`)
export const forbidden = (message: string): ApiError => new ApiError(403, 'forbidden', message)
export const invalid = (message: string): ApiError => new ApiError(400, 'invalid', message)
export const conflict = (code: string, message: string): ApiError => new ApiError(409, code, message)
