/**
 * API error messages in the reader's language (issue 15). A refusal carries a
 * catalog key and its values; the message is rendered when the answer is
 * sent, in the language the request asks for. The `code` never changes with
 * the language: scripts read the code, people read the message.
 */
import { type ApiErrorKey, apiErrorsEn } from './api-errors-en.js'
import { apiErrorsEs } from './api-errors-es.js'
import { formatMessage } from './format.js'

export type { ApiErrorKey }

export const API_LOCALES = ['en', 'es'] as const
export type ApiLocale = (typeof API_LOCALES)[number]

export const API_ERROR_CATALOGS: Record<ApiLocale, Record<ApiErrorKey, string>> = { en: apiErrorsEn, es: apiErrorsEs }

/** A value already in every language (zod's words for a field), for what the server cannot say in one message. */
export type InEachLocale = Readonly<Record<ApiLocale, string>>
export type ApiErrorValues = Readonly<Record<string, string | number | InEachLocale>>

export function renderApiError(locale: ApiLocale, key: ApiErrorKey, values: ApiErrorValues = {}): string {
  const plain: Record<string, string | number> = {}
  for (const [name, value] of Object.entries(values)) plain[name] = typeof value === 'object' ? value[locale] : value
  return formatMessage(API_ERROR_CATALOGS[locale][key], locale, plain)
}

/**
 * The language of an answer from an `Accept-Language` header: the first of
 * Plank's languages it lists, by preference (q), "es-MX" counting as "es";
 * English when it names none, or there is no header.
 */
export function acceptedLocale(header: string | undefined): ApiLocale {
  if (!header) return 'en'
  const ranges = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...options] = part.trim().split(';')
      const q = options.map((o) => /^\s*q=([\d.]+)\s*$/.exec(o)?.[1]).find((v) => v !== undefined)
      return { base: tag.trim().toLowerCase().split('-')[0]!, q: q === undefined ? 1 : Number(q), index }
    })
    .filter((r) => r.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index)
  const found = ranges.find((r): r is typeof r & { base: ApiLocale } => (API_LOCALES as readonly string[]).includes(r.base))
  return found?.base ?? 'en'
}
