import { type ApiErrorKey, type ApiErrorValues, type ApiLocale, renderApiError } from './i18n/api-errors.js'

/** What a refusal says: a key of the API's error catalog (server/i18n), with its values if it has placeholders. */
export type ErrorMessage = ApiErrorKey | readonly [ApiErrorKey, ApiErrorValues]

/**
 * A refusal with its HTTP status and a stable code; the API turns it into
 * `{ "error": { "code", "message" } }`, the message in the reader's language
 * (`messageIn`). `message` stays the English words, for logs. Services throw
 * it; nothing else reaches a client.
 */
export class ApiError extends Error {
  readonly key: ApiErrorKey
  readonly values: ApiErrorValues

  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 410 | 413 | 429 | 503,
    readonly code: string,
    message: ErrorMessage,
    readonly extra?: Record<string, unknown>,
    /** Fields of the answer beside `error` (an amendment's `conflicts`, as the API table says). */
    readonly beside?: Record<string, unknown>,
  ) {
    const [key, values] = typeof message === 'string' ? [message, {}] : message
    super(renderApiError('en', key, values))
    this.key = key
    this.values = values
  }

  messageIn(locale: ApiLocale): string {
    return locale === 'en' ? this.message : renderApiError(locale, this.key, this.values)
  }
}

/** The things a request can name that may not exist; each has its `notFound.<thing>` message. */
export type Findable = ApiErrorKey extends infer K ? (K extends `notFound.${infer T}` ? T : never) : never

export const notFound = (what: Findable): ApiError => new ApiError(404, 'not_found', `notFound.${what}`)
export const forbidden = (message: ErrorMessage): ApiError => new ApiError(403, 'forbidden', message)
export const invalid = (message: ErrorMessage): ApiError => new ApiError(400, 'invalid', message)
export const conflict = (code: string, message: ErrorMessage): ApiError => new ApiError(409, code, message)
