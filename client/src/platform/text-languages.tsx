import { useEffect, useId, useMemo, useState } from 'react'
import { allLanguages, languageName, type PlatformLanguages } from '../../../shared/languages.js'
import { useI18n } from '../i18n/index.js'

/** Which of the platform's languages this person writes in, and which they read beside it (null: none). */
export interface TextLanguages {
  primary: string
  write: string
  beside: string | null
}

const storageKey = (platformId: string) => `plank:text-languages:${platformId}`

/**
 * A stored choice still valid for the platform's languages now. Without one:
 * the interface's language when the platform has it (a Spanish reader of an
 * English-first platform reads the Spanish), else the primary; nothing beside
 * until chosen (two columns need a wide screen).
 */
function validChoice(languages: PlatformLanguages, stored: unknown, interfaceLocale: string): TextLanguages {
  const all = allLanguages(languages)
  const choice = (stored ?? {}) as { write?: unknown; beside?: unknown }
  const chosen = typeof choice.write === 'string' && all.includes(choice.write)
  const write = chosen ? (choice.write as string) : all.includes(interfaceLocale) ? interfaceLocale : languages.primary
  const besideWanted = chosen ? choice.beside : null
  const beside = typeof besideWanted === 'string' && all.includes(besideWanted) && besideWanted !== write ? besideWanted : null
  return { primary: languages.primary, write, beside }
}

function readStored(platformId: string): unknown {
  try {
    return JSON.parse(localStorage.getItem(storageKey(platformId)) ?? 'null')
  } catch {
    return null
  }
}

/**
 * The person's languages for a platform's texts (issue 15), remembered on
 * this device per platform; a language the platform no longer has falls
 * back to the primary.
 */
export function useTextLanguages(platformId: string, languages: PlatformLanguages): [TextLanguages, (next: { write: string; beside: string | null }) => void] {
  const { locale } = useI18n()
  const [stored, setStored] = useState<unknown>(() => readStored(platformId))
  useEffect(() => setStored(readStored(platformId)), [platformId])
  const key = `${languages.primary}|${languages.others.join(',')}`
  // biome-ignore lint/correctness/useExhaustiveDependencies: key stands for the languages' content (a new object each gov change)
  const value = useMemo(() => validChoice(languages, stored, locale), [key, stored, locale])
  const set = (next: { write: string; beside: string | null }) => {
    setStored(next)
    try {
      localStorage.setItem(storageKey(platformId), JSON.stringify(next))
    } catch {
      // Not remembered on this device (storage unavailable): the choice holds for this visit.
    }
  }
  return [value, set]
}

/** The two choices above the sections: the language written in, and the one shown beside it. */
export function LanguageBar({
  languages,
  value,
  onChange,
}: {
  languages: PlatformLanguages
  value: TextLanguages
  onChange: (next: { write: string; beside: string | null }) => void
}) {
  const { t, locale } = useI18n()
  const id = useId()
  const all = allLanguages(languages)
  const label = (lang: string) => (lang === languages.primary ? t('languages.primary', { language: languageName(lang, locale) }) : languageName(lang, locale))
  return (
    <fieldset className="language-bar">
      <legend>{t('languages.bar.label')}</legend>
      <label htmlFor={`${id}-write`}>{t('languages.bar.write')}</label>
      <select
        id={`${id}-write`}
        value={value.write}
        onChange={(e) => onChange({ write: e.target.value, beside: value.beside === e.target.value ? null : value.beside })}
      >
        {all.map((lang) => (
          <option key={lang} value={lang}>
            {label(lang)}
          </option>
        ))}
      </select>
      {/* Not on a phone, where two columns would stack: see styles.css. */}
      <span className="language-bar-beside">
        <label htmlFor={`${id}-beside`}>{t('languages.bar.beside')}</label>
        <select id={`${id}-beside`} value={value.beside ?? ''} onChange={(e) => onChange({ write: value.write, beside: e.target.value || null })}>
          <option value="">{t('languages.bar.none')}</option>
          {all
            .filter((lang) => lang !== value.write)
            .map((lang) => (
              <option key={lang} value={lang}>
                {label(lang)}
              </option>
            ))}
        </select>
      </span>
    </fieldset>
  )
}
