import type { Request } from 'express'
import { LANGUAGE_TAG } from '../../shared/languages.js'
import { invalid } from '../errors.js'
import { validTimeZone } from '../publish/export-words.js'

/**
 * A generated document's `?lang=` and `?tz=` (exports, minutes): up to
 * `maxLanguages` language tags, comma-separated (two: the bilingual edition),
 * and an IANA time zone for its dates (UTC when absent). Absent `lang`: the
 * caller's default. Bad values are a 400 saying what is expected.
 */
export function documentOptions(query: Request['query'], maxLanguages: number): { languages: string[] | undefined; timeZone: string } {
  const lang = typeof query.lang === 'string' ? query.lang : undefined
  const languages = lang?.split(',').map((l) => l.trim())
  if (languages && (languages.length > maxLanguages || languages.some((l) => !LANGUAGE_TAG.test(l)) || new Set(languages).size !== languages.length)) {
    throw invalid(
      maxLanguages > 1
        ? 'lang: one language tag, or two (comma-separated, different) for the bilingual HTML edition.'
        : 'lang: one language tag such as "es" (the bilingual edition is HTML).',
    )
  }
  const timeZone = validTimeZone(typeof query.tz === 'string' ? query.tz : 'UTC')
  if (timeZone === null) throw invalid('tz: an IANA time zone such as "America/Chicago".')
  return { languages, timeZone }
}
