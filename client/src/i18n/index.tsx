import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react'
import { amendmentsEn } from './amendments.js'
import { commentsEn } from './comments.js'
import { en as coreEn } from './en.js'
import { reviewAllEn } from './review-all.js'
import { sessionsEn } from './sessions.js'
import { signoffEn } from './signoff.js'

// One catalog per language, assembled from the core messages and each feature's own file. English is
// bundled (the fallback for any missing key); the others are fetched when chosen (es-catalog.ts).
const en = { ...coreEn, ...commentsEn, ...signoffEn, ...reviewAllEn, ...sessionsEn, ...amendmentsEn }
type MessageKey = keyof typeof en
type Catalog = Record<MessageKey, string>

export type Locale = 'en' | 'es'
export const LOCALES: readonly Locale[] = ['en', 'es']
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', es: 'Español' }

/** How each language other than English is fetched: a chunk of its own, so an English first load does not carry it. */
const LOADERS: Record<Exclude<Locale, 'en'>, () => Promise<Catalog>> = {
  es: () => import('./es-catalog.js').then((m) => m.esCatalog),
}
/** The catalogs in memory: English always, the others once fetched. */
const catalogs: Partial<Record<Locale, Catalog>> = { en }
const fetching = new Map<Locale, Promise<boolean>>()
const LOCALE_STORAGE_KEY = 'plank:locale'

/** Fetches a language's catalog (once). True when it is in memory; false when it could not be fetched (offline before it was ever kept). */
export function loadLocale(locale: Locale): Promise<boolean> {
  if (locale === 'en' || catalogs[locale]) return Promise.resolve(true)
  let pending = fetching.get(locale)
  if (!pending) {
    pending = LOADERS[locale]().then(
      (catalog) => {
        catalogs[locale] = catalog
        return true
      },
      (error: unknown) => {
        // Forget the failure so that a later choice tries again.
        fetching.delete(locale)
        console.warn(`Plank: the ${locale} messages could not be loaded`, error)
        return false
      },
    )
    fetching.set(locale, pending)
  }
  return pending
}

/**
 * Fetches the catalog of the language the page will open in, before the first
 * render (main.tsx waits for it): a Spanish reader never sees English first.
 * Resolves either way; without its catalog the page opens in English.
 */
export function loadInitialLocale(): Promise<void> {
  return loadLocale(initialLocale()).then(() => undefined)
}

export type Params = Record<string, string | number>

/** Formats one message: `{name}` placeholders are replaced; numbers go through Intl. */
export function translate(locale: Locale, key: MessageKey, params?: Params): string {
  const template = catalogs[locale]?.[key] ?? en[key]
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

/**
 * The plural form of `count` in `locale` as our catalogs spell it: messages
 * that vary come in pairs `<key>.one` / `<key>.other` (English and Spanish
 * need no more forms).
 */
export const pluralForm = (locale: Locale, count: number): 'one' | 'other' => (new Intl.PluralRules(locale).select(count) === 'one' ? 'one' : 'other')

interface I18nValue {
  /** The language shown (its catalog is in memory). */
  locale: Locale
  /** The language chosen: differs from `locale` while its catalog is being fetched. */
  chosenLocale: Locale
  setLocale: (locale: Locale) => void
  t: TFunction
  formatList: (items: string[]) => string
}

const I18nContext = createContext<I18nValue | null>(null)

export function I18nProvider({ children }: { children: ReactNode }) {
  // A stored language whose catalog could not be fetched (loadInitialLocale) opens as English.
  const [start] = useState<Locale>(() => {
    const wanted = initialLocale()
    return catalogs[wanted] ? wanted : 'en'
  })
  const [chosenLocale, setChosenLocale] = useState<Locale>(start)
  const [locale, setLocaleState] = useState<Locale>(start)
  const chosen = useRef(chosenLocale)
  useEffect(() => {
    document.documentElement.lang = locale
  }, [locale])
  const setLocale = useCallback(
    (next: Locale) => {
      chosen.current = next
      setChosenLocale(next)
      try {
        localStorage.setItem(LOCALE_STORAGE_KEY, next)
      } catch {
        // not persisted; the choice still applies to this page
      }
      // The page keeps its current language until the new catalog is in memory: no flash of message keys.
      void loadLocale(next).then((ok) => {
        if (chosen.current !== next) return
        if (ok) {
          setLocaleState(next)
          return
        }
        // Not fetched (offline): the menu goes back to the language still shown.
        chosen.current = locale
        setChosenLocale(locale)
      })
    },
    [locale],
  )
  const value = useMemo<I18nValue>(() => {
    const listFormat = new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' })
    return {
      locale,
      chosenLocale,
      setLocale,
      t: (key, params) => translate(locale, key, params),
      formatList: (items) => listFormat.format(items),
    }
  }, [locale, chosenLocale, setLocale])
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>
}

export function useI18n(): I18nValue {
  const value = useContext(I18nContext)
  if (!value) throw new Error('useI18n outside I18nProvider')
  return value
}

export type { MessageKey }
