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
    throw invalid(maxLanguages > 1 ? 'export.langOneOrTwo' : 'export.langOne')
  }
  const timeZone = validTimeZone(typeof query.tz === 'string' ? query.tz : 'UTC')
  if (timeZone === null) throw invalid('export.timeZone')
  return { languages, timeZone }
}
