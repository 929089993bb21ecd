import { allLanguages, DEFAULT_LANGUAGES, languageName, type PlatformLanguages } from '../../../shared/languages.js'
import { useI18n } from '../i18n/index.js'

/** The reader's time zone, for the dates in a generated document. */
export const browserTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'

/** `?lang=…&tz=…` (and any extra parameters) for an export or the minutes. */
export function documentQuery(langs: string[], extra: Record<string, string> = {}): string {
  const params = new URLSearchParams({ ...extra, lang: langs.join(','), tz: browserTimeZone() })
  return `?${params.toString()}`
}

interface Props {
  platformId: string
  adopted: boolean
  languages: PlatformLanguages | undefined
}

/**
 * The platform's exports (issue 15): for each of its languages, the
 * print-ready page, the Markdown file and the Word document; with translations, the bilingual
 * edition (the primary beside each translation). Dates in the reader's time zone.
 */
export function PublishLinks({ platformId, adopted, languages = DEFAULT_LANGUAGES }: Props) {
  const { t, locale } = useI18n()
  const base = `/api/platforms/${encodeURIComponent(platformId)}`
  const final: Record<string, string> = adopted ? { final: '1' } : {}
  const several = languages.others.length > 0
  const named = (lang: string) => languageName(lang, locale)
  return (
    <ul>
      {allLanguages(languages).map((lang) => (
        <li key={lang}>
          <a href={`${base}/export.html${documentQuery([lang], final)}`} target="_blank" rel="noopener">
            {several
              ? t(adopted ? 'signoff.publish.htmlFinalIn' : 'signoff.publish.htmlDraftIn', { language: named(lang) })
              : t(adopted ? 'signoff.publish.htmlFinal' : 'signoff.publish.htmlDraft')}
          </a>
          {' · '}
          <a href={`${base}/export.md${documentQuery([lang], { ...final, download: '1' })}`} download>
            {several
              ? t(adopted ? 'signoff.publish.mdFinalIn' : 'signoff.publish.mdDraftIn', { language: named(lang) })
              : t(adopted ? 'signoff.publish.mdFinal' : 'signoff.publish.mdDraft')}
          </a>
          {' · '}
          <a href={`${base}/export.docx${documentQuery([lang], final)}`} download>
            {several
              ? t(adopted ? 'signoff.publish.docxFinalIn' : 'signoff.publish.docxDraftIn', { language: named(lang) })
              : t(adopted ? 'signoff.publish.docxFinal' : 'signoff.publish.docxDraft')}
          </a>
        </li>
      ))}
      {languages.others.map((lang) => (
        <li key={`both-${lang}`}>
          <a href={`${base}/export.html${documentQuery([languages.primary, lang], final)}`} target="_blank" rel="noopener">
            {t('signoff.publish.bilingual', { first: named(languages.primary), second: named(lang) })}
          </a>
        </li>
      ))}
    </ul>
  )
}
