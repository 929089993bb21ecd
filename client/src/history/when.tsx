import { useMemo } from 'react'
import { useI18n } from '../i18n/index.js'

/** Versions can be seconds apart (a pause, then a sign-off): the time shows its seconds. */
const formats = new Map<string, Intl.DateTimeFormat>()

export function versionTimeFormat(locale: string): Intl.DateTimeFormat {
  let format = formats.get(locale)
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium' })
    formats.set(locale, format)
  }
  return format
}

/** A version's time as text, in the page's language. */
export function useFormatWhen(): (at: string) => string {
  const { locale } = useI18n()
  return useMemo(() => {
    const format = versionTimeFormat(locale)
    return (at: string) => format.format(new Date(at))
  }, [locale])
}

/** A version's time, machine-readable too. */
export function When({ at }: { at: string }) {
  const formatWhen = useFormatWhen()
  return <time dateTime={at}>{formatWhen(at)}</time>
}
