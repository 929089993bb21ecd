import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react'
import type { MessageFormatElement } from '@formatjs/icu-messageformat-parser'
import { IntlMessageFormat } from 'intl-messageformat'
import { amendmentsEn } from './amendments.js'
import { commentsEn } from './comments.js'
import { languagesEn } from './languages.js'
import { historyLinkEn } from './history-link.js'
import type { historyEn } from './history.js'
import { en as coreEn } from './en.js'
import { reviewAllEn } from './review-all.js'
import { sessionsEn } from './sessions.js'
import type { accountEn } from './account.js'
import type { importEn } from './import.js'
import type { settingsEn } from './settings.js'
import { signoffEn } from './signoff.js'
import { INTERFACE_LOCALES, type InterfaceLocale } from '../../../shared/languages.js'

// One catalog per language, assembled from the core messages and each feature's own file. English is
// bundled (the fallback for any missing key); the others are fetched when chosen (es-catalog.ts).
/** The English messages of the platform page and everything it shows; screens loaded later bring their own (registerEnglish). */
export const en = { ...coreEn, ...commentsEn, ...signoffEn, ...reviewAllEn, ...sessionsEn, ...amendmentsEn, ...languagesEn, ...historyLinkEn }
/** Every message key, those of screens loaded on demand included (only their type is imported here). */
type MessageKey = keyof typeof en | keyof typeof settingsEn | keyof typeof accountEn | keyof typeof importEn | keyof typeof historyEn
type Catalog = Record<MessageKey, string>

export type Locale = InterfaceLocale
export const LOCALES: readonly Locale[] = INTERFACE_LOCALES
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', es: 'Español' }

/** How each language other than English is fetched: a chunk of its own, so an English first load does not carry it. */
const LOADERS: Record<Exclude<Locale, 'en'>, () => Promise<Catalog>> = {
  es: () => import('./es-catalog.js').then((m) => m.esCatalog),
}
/** The catalogs in memory: English always (its on-demand parts once their screen is loaded), the others once fetched whole. */
const catalogs: Partial<Record<Locale, Partial<Catalog>>> = { en: { ...en } }

/**
 * Adds a screen's English messages when its chunk loads (the settings
 * screens'): the platform page's first load does not carry them.
 */
export function registerEnglish(messages: Partial<Catalog>): void {
  Object.assign(catalogs.en!, messages)
}
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
  const wanted = initialLocale()
  return loadLocale(wanted).then(() => {
    // Set before the first render, not in the provider's effect: children's effects run first, and their
    // API requests ask for the page's language (api.ts reads <html lang>).
    document.documentElement.lang = catalogs[wanted] ? wanted : 'en'
  })
}

export type Params = Record<string, string | number>

/** Formats one message: `{name}` placeholders are replaced; numbers go through Intl. */
/** Formatters of the messages that need ICU (plural, select…), by locale and key: each made once, when first shown. */
const formats = new Map<string, IntlMessageFormat | null>()

/** Text with `{name}` values, numbers in the locale's digits: most messages, formatted without ICU's machinery. */
function fillIn(locale: Locale, template: string, params: Params | undefined): string {
  if (!params) return template
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name]
    if (value === undefined) return whole
    return typeof value === 'number' ? new Intl.NumberFormat(locale).format(value) : value
  })
}

/**
 * A message in `locale` (English when the key is missing there), formatted as
 * ICU MessageFormat: `{name}` values, `{n, plural, one {…} other {…}}`,
 * `{x, select, …}`, numbers in the locale's digits. The build ships plain
 * messages as strings and the others parsed (build/icu-catalogs-plugin.ts);
 * tests import the source, where a message needing ICU is parsed here. A
 * message that cannot be formatted is shown as written rather than failing
 * the screen.
 */
export function translate(locale: Locale, key: MessageKey, params?: Params): string {
  // A key of a screen not loaded yet has no English text: its key is shown (a bug to see, not a crash).
  const template = (catalogs[locale]?.[key] ?? catalogs.en![key] ?? key) as string | MessageFormatElement[]
  if (typeof template === 'string' && !template.includes(', plural,') && !template.includes(', select,')) return fillIn(locale, template, params)
  const id = `${catalogs[locale]?.[key] === undefined ? 'en' : locale}\u0000${key}`
  let format = formats.get(id)
  if (format === undefined) {
    try {
      format = new IntlMessageFormat(template, locale, undefined, { ignoreTag: true })
    } catch (error) {
      console.warn(`Plank: message ${key} (${locale}) is not valid ICU`, error)
      format = null
    }
    formats.set(id, format)
  }
  const asWritten = typeof template === 'string' ? template : key
  if (format === null) return asWritten
  try {
    return String(format.format(params ?? {}))
  } catch {
    // A value the message needs is missing: show the message as written.
    return asWritten
  }
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
