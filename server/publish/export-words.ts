/**
 * The words of exported documents (issue 15): the platform export and a
 * session's minutes, in each language Plank speaks,
 * as ICU MessageFormat (intl-messageformat: plurals, lists and dates by the
 * locale's rules). A platform language with no catalog here gets English
 * words around its own text.
 */
import { languageName } from '../../shared/languages.js'
import { formatMessage, type Values } from '../i18n/format.js'

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
  'minutes.title': 'Minutes: {title}',
  'minutes.agenda': 'Agenda',
  'minutes.agendaItem': '{title} — planned {planned} min{took, select, none {} other {, took {took} min}}',
  'minutes.whatHappened': 'What happened',
  'minutes.nothing': 'Nothing was recorded.',
  'minutes.notes': 'Facilitator’s notes',
  'minutes.someone': 'someone',
  'minutes.aSection': 'a section',
  'minutes.anOrganization': 'an organization',
  'minutes.started': 'Session started with “{title}”.',
  'minutes.nextItem': 'Next item: “{title}”.',
  'minutes.ended': 'Session ended.',
  'minutes.paused': 'Timer paused.',
  'minutes.resumed': 'Timer resumed.',
  'minutes.extended': 'Item extended by {minutes, plural, one {# minute} other {# minutes}}.',
  'minutes.floor': '{name} was given the floor.',
  'minutes.penHanded': 'The pen for “{section}” went to {name}.',
  'minutes.penReturned': 'The pen was taken back.',
  'minutes.pollOpened': 'Temperature check opened: “{question}”.',
  'minutes.pollClosed': 'Temperature check closed: “{question}” — {results}.',
  'minutes.pollOrgResults': '{org}: {answers}',
  'minutes.pollAnswer': '{count} × {value, select, support {support} concerns {concerns} block {block} other {{value}}}',
  'minutes.pollStillOpen': 'Temperature check “{question}” (still open): {count, plural, one {# organization} other {# organizations}} answered.',
  'minutes.signoff': '{name} ({org}) {decision, select, approve {approved} other {requested changes to}} “{section}”.',
  'minutes.signoffWithNote': '{name} ({org}) {decision, select, approve {approved} other {requested changes to}} “{section}”: {note}.',
  'minutes.locked': '“{section}” was locked.',
  'minutes.unlocked': '“{section}” was unlocked.',
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
  'minutes.title': 'Acta: {title}',
  'minutes.agenda': 'Orden del día',
  'minutes.agendaItem': '{title} — previsto {planned} min{took, select, none {} other {, duró {took} min}}',
  'minutes.whatHappened': 'Lo que ocurrió',
  'minutes.nothing': 'No se registró nada.',
  'minutes.notes': 'Notas de la facilitación',
  'minutes.someone': 'alguien',
  'minutes.aSection': 'una sección',
  'minutes.anOrganization': 'una organización',
  'minutes.started': 'La sesión comenzó con «{title}».',
  'minutes.nextItem': 'Siguiente punto: «{title}».',
  'minutes.ended': 'La sesión terminó.',
  'minutes.paused': 'Se pausó el tiempo.',
  'minutes.resumed': 'Se reanudó el tiempo.',
  'minutes.extended': 'El punto se amplió {minutes, plural, one {# minuto} other {# minutos}}.',
  'minutes.floor': 'Se dio la palabra a {name}.',
  'minutes.penHanded': 'La pluma de «{section}» pasó a {name}.',
  'minutes.penReturned': 'Se retiró la pluma.',
  'minutes.pollOpened': 'Se abrió una consulta de temperatura: «{question}».',
  'minutes.pollClosed': 'Se cerró la consulta de temperatura «{question}»: {results}.',
  'minutes.pollOrgResults': '{org}: {answers}',
  'minutes.pollAnswer': '{count} × {value, select, support {apoyo} concerns {reservas} block {bloqueo} other {{value}}}',
  'minutes.pollStillOpen':
    'Consulta de temperatura «{question}» (aún abierta): {count, plural, one {respondió # organización} other {respondieron # organizaciones}}.',
  'minutes.signoff': '{name} ({org}) {decision, select, approve {aprobó} other {pidió cambios en}} «{section}».',
  'minutes.signoffWithNote': '{name} ({org}) {decision, select, approve {aprobó} other {pidió cambios en}} «{section}»: {note}.',
  'minutes.locked': 'Se bloqueó «{section}».',
  'minutes.unlocked': 'Se desbloqueó «{section}».',
}

/** Catalogs by language; the export's words follow the first language asked for. */
export const EXPORT_CATALOGS: Record<string, Record<ExportWord, string>> = { en, es }

/** The catalog language for a platform language: its own when Plank has one ("es-MX" → "es"), else English. */
export const wordsLocale = (lang: string): string => {
  const base = lang.split('-')[0]!
  return base in EXPORT_CATALOGS ? base : 'en'
}

export type { Values }

/** The words of one export: messages, dates in a time zone, lists, and language names, all in one locale. */
export class ExportWords {
  /** The language asked for (the document's lang); `locale` is the catalog's. */
  readonly lang: string
  readonly locale: string
  private readonly catalog: Record<ExportWord, string>
  private readonly dates: Intl.DateTimeFormat
  private readonly lists: Intl.ListFormat

  private readonly days: Intl.DateTimeFormat
  private readonly times: Intl.DateTimeFormat

  constructor(lang: string, timeZone: string) {
    this.lang = lang
    this.locale = wordsLocale(lang)
    this.days = new Intl.DateTimeFormat(lang, { year: 'numeric', month: 'long', day: 'numeric', timeZone })
    this.times = new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit', timeZone, timeZoneName: 'short' })
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
    return formatMessage(this.catalog[key], this.locale, values)
  }

  date(iso: string): string {
    return this.dates.format(new Date(iso))
  }

  /** The day of an instant (ms), in the export's time zone. */
  day(ms: number): string {
    return this.days.format(new Date(ms))
  }

  /** The time of day of an instant (ms), with the zone's name. */
  time(ms: number): string {
    return this.times.format(new Date(ms))
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
