import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react'
import { commentsEn, commentsEs } from './comments.js'
import { en as coreEn } from './en.js'
import { es as coreEs } from './es.js'
import { sessionsEn, sessionsEs } from './sessions.js'
import { signoffEn, signoffEs } from './signoff.js'

// One catalog per language, assembled from the core messages and each feature's own file.
const en = { ...coreEn, ...commentsEn, ...signoffEn, ...sessionsEn }
const es: Record<MessageKey, string> = { ...coreEs, ...commentsEs, ...signoffEs, ...sessionsEs }
type MessageKey = keyof typeof en

export type Locale = 'en' | 'es'
export const LOCALES: readonly Locale[] = ['en', 'es']
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', es: 'Español' }

const catalogs: Record<Locale, Record<MessageKey, string>> = { en, es }
const LOCALE_STORAGE_KEY = 'plank:locale'

export type Params = Record<string, string | number>

/** Formats one message: `{name}` placeholders are replaced; numbers go through Intl. */
export function translate(locale: Locale, key: MessageKey, params?: Params): string {
  const template = catalogs[locale][key] ?? en[key]
  if (!params) return template
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name]
    if (value === undefined) return whole
    return typeof value === 'number' ? new Intl.NumberFormat(locale).format(value) : value
  })
}

function initialLocale(): Locale {
  try {
    const stored = localStorage.getItem(LOCALE_STORAGE_KEY)
    if (stored === 'en' || stored === 'es') return stored
  } catch {
    // localStorage can be unavailable (private mode); fall back to the browser language
  }
  const languages = navigator.languages?.length ? navigator.languages : [navigator.language]
  for (const language of languages) {
    const base = language.toLowerCase().split('-')[0]
    if (base === 'es') return 'es'
    if (base === 'en') return 'en'
  }
  return 'en'
}

export type TFunction = (key: MessageKey, params?: Params) => string

interface I18nValue {
  locale: Locale
  setLocale: (locale: Locale) => void
  t: TFunction
  formatList: (items: string[]) => string
}

const I18nContext = createContext<I18nValue | null>(null)

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale)
  useEffect(() => {
    document.documentElement.lang = locale
  }, [locale])
  const setLocale = useCallback((next: Locale) => {
    setLocaleState(next)
    try {
      localStorage.setItem(LOCALE_STORAGE_KEY, next)
    } catch {
      // not persisted; the choice still applies to this page
    }
  }, [])
  const value = useMemo<I18nValue>(() => {
    const listFormat = new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' })
    return {
      locale,
      setLocale,
      t: (key, params) => translate(locale, key, params),
      formatList: (items) => listFormat.format(items),
    }
  }, [locale, setLocale])
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>
}

export function useI18n(): I18nValue {
  const value = useContext(I18nContext)
  if (!value) throw new Error('useI18n outside I18nProvider')
  return value
}

export type { MessageKey }
