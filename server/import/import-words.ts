import type { ApiLocale } from '../i18n/api-errors.js'

/** Words an import writes into the platform it creates, in the uploader's language. */
const WORDS: Record<ApiLocale, { introduction: string; untitled: string }> = {
  en: { introduction: 'Introduction', untitled: 'Imported platform' },
  es: { introduction: 'Introducción', untitled: 'Plataforma importada' },
}

export const importWords = (locale: ApiLocale): { introduction: string; untitled: string } => WORDS[locale]
