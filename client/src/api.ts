import { LOCALES, type Locale, translate } from './i18n/index.js'

/** JSON requests to Plank's HTTP API. Errors are `{"error":{"code","message"}}`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The whole answer, for details such as per-field issues. */
    readonly body: unknown = null,
  ) {
    super(message)
  }
}

/**
 * Thrown when the request never reached the server (offline, DNS, reset).
 * Its message is for people, in the page's language (the browser's own,
 * such as "Failed to fetch", is in the browser's); the browser's reason is the cause.
 */
export class NetworkError extends Error {
  constructor(cause?: unknown) {
    super(translate(pageLocale(), 'app.unreachable'), { cause })
  }
}

/** The language the page is shown in (the I18nProvider keeps `<html lang>` equal to it). */
const pageLocale = (): Locale => {
  const lang = typeof document === 'undefined' ? '' : document.documentElement.lang
  return LOCALES.find((l) => l === lang) ?? 'en'
}

/**
 * The server words its error messages in the page's language (the I18nProvider
 * keeps `<html lang>` equal to the locale shown), not the browser's.
 */
function languageHeader(): Record<string, string> {
  const lang = typeof document === 'undefined' ? '' : document.documentElement.lang
  return lang ? { 'accept-language': lang } : {}
}

export async function api<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  let res: Response
  // A FormData body (a file upload) goes as multipart/form-data: the browser writes its content type and boundary.
  const form = typeof FormData !== 'undefined' && body instanceof FormData
  try {
    res = await fetch(path, {
      method,
      signal,
      credentials: 'same-origin',
      headers: { ...languageHeader(), accept: 'application/json', ...(body === undefined || form ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : form ? body : JSON.stringify(body),
    })
  } catch (error) {
    if (signal?.aborted) throw error
    throw new NetworkError(error)
  }
  if (res.status === 204) return undefined as T
  let parsed: unknown = null
  try {
    parsed = await res.json()
  } catch {
    // not JSON
  }
  if (!res.ok) {
    let code = `http_${res.status}`
    let message = `HTTP ${res.status}`
    if (typeof parsed === 'object' && parsed !== null && 'error' in parsed) {
      const error = parsed.error as { code?: unknown; message?: unknown }
      if (typeof error.code === 'string') code = error.code
      if (typeof error.message === 'string') message = error.message
    }
    throw new ApiError(res.status, code, message, parsed)
  }
  return parsed as T
}

export const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error))

export const enc = encodeURIComponent
