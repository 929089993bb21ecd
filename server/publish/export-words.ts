/**
 * The words of exported documents (issue 15), in each language Plank speaks,
 * as ICU MessageFormat (intl-messageformat: plurals, lists and dates by the
 * locale's rules). A platform language with no catalog here gets English
 * words around its own text.
 */
import { IntlMessageFormat } from 'intl-messageformat'
import { languageName } from '../../shared/languages.js'

const en = {
  draftStatus: 'DRAFT — not adopted.',
  adoptedStatus: 'Adopted platform.',
  generated: 'Generated {at}.',
  watermark: 'DRAFT',
  titleDraft: '{title} (draft)',
  amendments: 'Amendments',
  endorsements: 'Endorsements',
  section: 'Section',
  approvedByColumn: 'Approved by',
  whenColumn: 'When',
  notApproved: 'Not approved',
  notApprovedLine: '{section}: not approved',
  approvedLine: '{section}: approved by {name} on {at}',
  earlierVersion: '(an earlier version)',
  proposedBy: 'proposed by {org}',
  endorsedBy: 'endorsed by {orgs}',
  status: '{status, select, open {open} accepted {accepted} declined {declined} other {withdrawn}}',
  decided: '{status, select, accepted {accepted} declined {declined} other {withdrawn}} by {name} on {at}',
  amendmentLine: '{section}: “{title}”, {outcome}',
  auditLine: 'Audit log: {count, plural, one {# entry} other {# entries}}; head {head} (platform {platformId}).',
  noTranslation: 'This section has no {language} text yet.',
} as const

export type ExportWord = keyof typeof en

const es: Record<ExportWord, string> = {
  draftStatus: 'BORRADOR: no adoptado.',
  adoptedStatus: 'Plataforma adoptada.',
  generated: 'Generado el {at}.',
  watermark: 'BORRADOR',
  titleDraft: '{title} (borrador)',
  amendments: 'Enmiendas',
  endorsements: 'Respaldos',
  section: 'Sección',
  approvedByColumn: 'Aprobado por',
  whenColumn: 'Fecha',
  notApproved: 'Sin aprobar',
  notApprovedLine: '{section}: sin aprobar',
  approvedLine: '{section}: aprobado por {name} el {at}',
  earlierVersion: '(una versión anterior)',
  proposedBy: 'propuesta por {org}',
  endorsedBy: 'respaldada por {orgs}',
  status: '{status, select, open {abierta} accepted {aceptada} declined {rechazada} other {retirada}}',
  decided: '{status, select, accepted {aceptada} declined {rechazada} other {retirada}} por {name} el {at}',
  amendmentLine: '{section}: «{title}», {outcome}',
  auditLine: 'Registro de auditoría: {count, plural, one {# entrada} other {# entradas}}; último eslabón {head} (plataforma {platformId}).',
  noTranslation: 'Esta sección aún no tiene texto en {language}.',
}

/** Catalogs by language; the export's words follow the first language asked for. */
export const EXPORT_CATALOGS: Record<string, Record<ExportWord, string>> = { en, es }

/** The catalog language for a platform language: its own when Plank has one ("es-MX" → "es"), else English. */
export const wordsLocale = (lang: string): string => {
  const base = lang.split('-')[0]!
  return base in EXPORT_CATALOGS ? base : 'en'
}

export type Values = Record<string, string | number>

/** The words of one export: messages, dates in a time zone, lists, and language names, all in one locale. */
export class ExportWords {
  readonly locale: string
  private readonly catalog: Record<ExportWord, string>
  private readonly dates: Intl.DateTimeFormat
  private readonly lists: Intl.ListFormat

  constructor(lang: string, timeZone: string) {
    this.locale = wordsLocale(lang)
    this.catalog = EXPORT_CATALOGS[this.locale]!
    this.dates = new Intl.DateTimeFormat(lang, {
      year: 'numeric',
      month: 'long',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      timeZone,
      timeZoneName: 'short',
    })
    this.lists = new Intl.ListFormat(lang, { type: 'conjunction' })
  }

  t(key: ExportWord, values: Values = {}): string {
    return new IntlMessageFormat(this.catalog[key], this.locale).format(values) as string
  }

  date(iso: string): string {
    return this.dates.format(new Date(iso))
  }

  list(items: string[]): string {
    return this.lists.format(items)
  }

  language(lang: string): string {
    return languageName(lang, this.locale)
  }
}

/** A time zone Intl knows (an IANA name such as "America/Chicago"), else null. */
export function validTimeZone(zone: string): string | null {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone })
    return zone
  } catch {
    return null
  }
}
