/**
 * One ICU MessageFormat call for every catalog the server keeps (exported
 * documents, API errors): plurals, selects and numbers by the locale's rules.
 * Tags are off: a message is plain text, and `<` in people's words stays `<`.
 */
import { IntlMessageFormat } from 'intl-messageformat'

export type Values = Record<string, string | number>

export const formatMessage = (message: string, locale: string, values: Values = {}): string =>
  new IntlMessageFormat(message, locale, undefined, { ignoreTag: true }).format(values) as string
