/**
 * The one way a comment's date is written, in the margin and in the inbox
 * alike ("2 Dec 2026, 10:05" in English, "2 dic 2026, 10:05" in Spanish).
 */
const formats = new Map<string, Intl.DateTimeFormat>()

export function commentDateFormat(locale: string): Intl.DateTimeFormat {
  let format = formats.get(locale)
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' })
    formats.set(locale, format)
  }
  return format
}

/** A comment's or inbox item's ISO time, formatted for the person's language. */
export function formatCommentDate(iso: string, locale: string): string {
  return commentDateFormat(locale).format(new Date(iso))
}
