/**
 * A platform's languages (issue 15): one primary, whose text stays in
 * `body:<sectionId>`, and up to three more, each with its own root
 * `body:<sectionId>:<lang>` per section. Plain data and checks, shared by the
 * server (relay, API, exports) and the client.
 */

export interface PlatformLanguages {
  /** The language the platform is drafted in; its texts are the ones translations follow. */
  primary: string
  /** Translations, in the order the facilitator listed them. */
  others: string[]
}

/** A platform that never chose: English alone (every platform before issue 15). */
export const DEFAULT_LANGUAGES: PlatformLanguages = { primary: 'en', others: [] }

export const MAX_OTHER_LANGUAGES = 3

/** The languages Plank's own interface speaks (client/src/i18n has one catalog for each), English first: a person's choice is one of them. */
export const INTERFACE_LOCALES = ['en', 'es'] as const
export type InterfaceLocale = (typeof INTERFACE_LOCALES)[number]

/** A BCP 47 language tag as Plank accepts it: a 2–3 letter language, optional subtags ("es", "pt-BR", "zh-Hant"). */
export const LANGUAGE_TAG = /^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/

/** Every language of the platform, the primary first. */
export const allLanguages = (languages: PlatformLanguages): string[] => [languages.primary, ...languages.others]

/** Whether `lang` is one of the platform's translations (not its primary). */
export const isTranslation = (languages: PlatformLanguages, lang: string): boolean => languages.others.includes(lang)

/**
 * The language's name in `inLocale` ("Spanish", "español"), through
 * Intl.DisplayNames; the tag itself where the runtime does not know it.
 */
export function languageName(lang: string, inLocale: string): string {
  try {
    const name = new Intl.DisplayNames([inLocale], { type: 'language' }).of(lang)
    return name ?? lang
  } catch {
    return lang
  }
}

/**
 * Languages a facilitator picks from, the ones coalitions in the United
 * States most often publish in besides English and Spanish. Any other tag is
 * accepted by the API; the settings screen offers these.
 */
export const OFFERED_LANGUAGES: readonly string[] = ['en', 'es', 'zh', 'vi', 'tl', 'ko', 'ar', 'fr', 'ht', 'pt', 'ru', 'so', 'am', 'hmn', 'pl', 'fa']
