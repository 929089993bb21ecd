import type { AuditEntry } from '../../../shared/api.js'
import type { GovSnapshot } from '../../../shared/gov.js'
import { languageName } from '../../../shared/languages.js'
import type { Role } from '../../../shared/roles.js'
import { ROLE_KEYS } from '../badges.js'
import type { Locale, MessageKey, TFunction } from '../i18n/index.js'

/**
 * The audit log in words (issue 15): what each action the server records
 * did, and its details with labels, names and values in the reader's
 * language. Ids become the names people know (sections, organizations,
 * people, sessions, amendments, invitations, tokens) and are left out when no
 * name is known; hashes are left out. An action added later reads as "Other
 * change", with only the details this file knows.
 */

/** Every action the server appends to a platform's audit log, and the sentence that says what it did. */
const ACTIONS = new Map<string, MessageKey>([
  ['platform.create', 'settings.audit.action.platform.create'],
  ['platform.rename', 'settings.audit.action.platform.rename'],
  ['platform.languages', 'settings.audit.action.platform.languages'],
  ['platform.threshold', 'settings.audit.action.platform.threshold'],
  ['platform.adopt', 'settings.audit.action.platform.adopt'],
  ['organization.add', 'settings.audit.action.organization.add'],
  ['organization.update', 'settings.audit.action.organization.update'],
  ['section.add', 'settings.audit.action.section.add'],
  ['section.rename', 'settings.audit.action.section.rename'],
  ['section.owner', 'settings.audit.action.section.owner'],
  ['section.lock', 'settings.audit.action.section.lock'],
  ['section.unlock', 'settings.audit.action.section.unlock'],
  ['section.reorder', 'settings.audit.action.section.reorder'],
  ['section.remove', 'settings.audit.action.section.remove'],
  ['section.restore', 'settings.audit.action.section.restore'],
  ['invitation.create', 'settings.audit.action.invitation.create'],
  ['invitation.revoke', 'settings.audit.action.invitation.revoke'],
  ['invitation.accept', 'settings.audit.action.invitation.accept'],
  ['member.update', 'settings.audit.action.member.update'],
  ['member.remove', 'settings.audit.action.member.remove'],
  ['token.create', 'settings.audit.action.token.create'],
  ['token.revoke', 'settings.audit.action.token.revoke'],
  ['signoff.record', 'settings.audit.action.signoff.record'],
  ['translation.upToDate', 'settings.audit.action.translation.upToDate'],
  ['version.restore', 'settings.audit.action.version.restore'],
  ['version.name', 'settings.audit.action.version.name'],
  ['amendment.propose', 'settings.audit.action.amendment.propose'],
  ['amendment.endorse', 'settings.audit.action.amendment.endorse'],
  ['amendment.unendorse', 'settings.audit.action.amendment.unendorse'],
  ['amendment.accept', 'settings.audit.action.amendment.accept'],
  ['amendment.decline', 'settings.audit.action.amendment.decline'],
  ['amendment.withdraw', 'settings.audit.action.amendment.withdraw'],
  ['comment.hide', 'settings.audit.action.comment.hide'],
  ['session.create', 'settings.audit.action.session.create'],
  ['session.pen.hand', 'settings.audit.action.session.pen.hand'],
  ['session.pen.return', 'settings.audit.action.session.pen.return'],
])

/** Whether this client has words for an action (the others read as "Other change"). */
export const isKnownAuditAction = (action: string): boolean => ACTIONS.has(action)

/** What an entry's action did, as a sentence; "Other change" for an action this client does not know. */
export const auditActionText = (t: TFunction, action: string): string => t(ACTIONS.get(action) ?? 'settings.audit.action.other')

/** One detail of an entry, in words. `color`: a colour to show as a swatch beside the value. */
export interface AuditDetailLine {
  field: string
  label: string
  value: string
  color?: string
}

interface Context {
  t: TFunction
  locale: Locale
  names: Map<string, string>
  date: (iso: string) => string
  list: (items: string[]) => string
}

/** A value in words, or null to leave the detail out (an id with no known name, an empty note…). */
type Format = (value: unknown, c: Context) => string | null

interface Field {
  label: MessageKey
  format: Format
}

const text: Format = (v) => (typeof v === 'string' && v.trim() !== '' ? v : null)
const quoted: Format = (v, c) => (typeof v === 'string' && v.trim() !== '' ? c.t('settings.audit.value.quoted', { text: v }) : null)
/** An id as the name people know it by; nothing when no name is known. */
const named: Format = (v, c) => (typeof v === 'string' ? (c.names.get(v) ?? null) : null)
const isRole = (v: unknown): v is Role => typeof v === 'string' && Object.hasOwn(ROLE_KEYS, v)
const role: Format = (v, c) => (isRole(v) ? c.t(ROLE_KEYS[v]) : null)
const language: Format = (v, c) => (typeof v === 'string' && v !== '' ? languageName(v, c.locale) : null)
const date: Format = (v, c) => (v === null ? c.t('settings.audit.value.never') : typeof v === 'string' ? c.date(v) : null)
const owner: Format = (v, c) => (v === null ? c.t('section.open') : named(v, c))
/** A role in an organization ({role, orgId}), as a member's place is changed. */
const place: Format = (v, c) => {
  if (typeof v !== 'object' || v === null) return null
  const { role: r, orgId } = v as { role?: unknown; orgId?: unknown }
  const roleName = role(r, c)
  if (!roleName) return null
  const org = named(orgId, c)
  return org ? c.t('settings.audit.value.roleInOrg', { role: roleName, org }) : roleName
}
const DECISIONS: Record<string, MessageKey> = { approve: 'signoff.cell.approved', changes: 'signoff.cell.changes' }
const decision: Format = (v, c) => (typeof v === 'string' && Object.hasOwn(DECISIONS, v) ? c.t(DECISIONS[v]!) : null)
const threshold: Format = (v, c) =>
  v === null ? c.t('signoff.rule.unanimityOption') : typeof v === 'number' ? c.t('settings.audit.value.threshold', { n: v }) : null
const languages: Format = (v, c) => {
  if (!Array.isArray(v)) return null
  const names = v.map((x) => language(x, c)).filter((x): x is string => x !== null)
  return names.length > 0 ? c.list(names) : c.t('settings.audit.value.none')
}
/** The sections in their new order (those with no known name left out). */
const sectionOrder: Format = (v, c) => {
  if (!Array.isArray(v)) return null
  const names = v.map((x) => named(x, c)).filter((x): x is string => x !== null)
  return names.length > 0 ? names.join(' · ') : null
}
const sectionCount: Format = (v, c) => (typeof v === 'object' && v !== null ? c.t('settings.audit.value.sectionCount', { count: Object.keys(v).length }) : null)
const staleTranslations: Format = (v, c) => {
  if (!Array.isArray(v)) return null
  const items = v
    .map((x: { sectionId?: unknown; lang?: unknown }) => {
      const section = named(x?.sectionId, c)
      const lang = language(x?.lang, c)
      return section && lang ? c.t('settings.audit.value.sectionInLanguage', { section, language: lang }) : (section ?? lang)
    })
    .filter((x): x is string => x !== null)
  return items.length > 0 ? c.list(items) : null
}
/** Why the server took a pen back: its own reasons, in words. */
const PEN_REASONS: Record<string, MessageKey> = {
  'role changed': 'settings.audit.value.reason.roleChanged',
  'left the platform': 'settings.audit.value.reason.leftPlatform',
}
const penReason: Format = (v, c) => (typeof v === 'string' && Object.hasOwn(PEN_REASONS, v) ? c.t(PEN_REASONS[v]!) : null)

/**
 * The details this client knows, whatever the action, in the order they are
 * shown (who or what first, then what changed); anything else (hashes,
 * comment ids, counts) is left out.
 */
const FIELDS: Record<string, Field> = {
  personId: { label: 'settings.audit.field.person', format: named },
  authorId: { label: 'settings.audit.field.author', format: named },
  sectionId: { label: 'settings.audit.field.section', format: named },
  sessionId: { label: 'settings.audit.field.session', format: named },
  amendmentId: { label: 'settings.audit.field.amendment', format: named },
  invitationId: { label: 'settings.audit.field.invitation', format: named },
  tokenId: { label: 'settings.audit.field.token', format: named },
  title: { label: 'settings.audit.field.title', format: quoted },
  name: { label: 'settings.audit.field.name', format: text },
  role: { label: 'settings.audit.field.role', format: role },
  orgId: { label: 'settings.audit.field.org', format: named },
  ownerOrgId: { label: 'settings.audit.field.owner', format: owner },
  shortName: { label: 'settings.audit.field.shortName', format: text },
  color: { label: 'settings.audit.field.color', format: text },
  decision: { label: 'settings.audit.field.decision', format: decision },
  note: { label: 'settings.audit.field.note', format: text },
  from: { label: 'settings.audit.field.from', format: named },
  to: { label: 'settings.audit.field.to', format: named },
  reason: { label: 'settings.audit.field.reason', format: text },
  threshold: { label: 'settings.audit.field.threshold', format: threshold },
  primary: { label: 'settings.audit.field.primary', format: language },
  others: { label: 'settings.audit.field.others', format: languages },
  lang: { label: 'settings.audit.field.lang', format: language },
  expiresAt: { label: 'settings.audit.field.expiresAt', format: date },
  sectionIds: { label: 'settings.audit.field.sectionIds', format: sectionOrder },
  sections: { label: 'settings.audit.field.sections', format: sectionCount },
  staleTranslationsWaived: { label: 'settings.audit.field.staleTranslationsWaived', format: staleTranslations },
  waiverReason: { label: 'settings.audit.field.waiverReason', format: text },
  importedFrom: { label: 'settings.audit.field.importedFrom', format: text },
}
const ORDER = Object.keys(FIELDS)
/** Where an action is about one thing whose new name or colour follows: that thing first. */
const FIRST: Record<string, string> = { 'organization.update': 'orgId' }

/** Where an action's details mean something of their own (`from` a title, an org or a role), or repeat another (null: left out). */
const OVERRIDES: Record<string, Record<string, Field | null>> = {
  'organization.add': { orgId: null },
  'section.add': { sectionId: null },
  'section.rename': { from: { label: 'settings.audit.field.from', format: quoted }, to: { label: 'settings.audit.field.to', format: quoted } },
  'section.owner': { from: { label: 'settings.audit.field.from', format: owner }, to: { label: 'settings.audit.field.to', format: owner } },
  'member.update': { from: { label: 'settings.audit.field.from', format: place }, to: { label: 'settings.audit.field.to', format: place } },
  'invitation.create': { invitationId: null, name: { label: 'settings.audit.field.invitee', format: text } },
  'invitation.accept': { invitationId: null },
  'token.create': { tokenId: null },
  'amendment.propose': { amendmentId: null },
  'session.create': { sessionId: null },
  'session.pen.hand': { name: null },
  'session.pen.return': {
    name: null,
    from: { label: 'settings.audit.field.penFrom', format: named },
    reason: { label: 'settings.audit.field.reason', format: penReason },
  },
}

/** An entry's details in words, in the order of FIELDS. */
export function auditDetailLines(entry: AuditEntry, c: Context): AuditDetailLine[] {
  const overrides = Object.hasOwn(OVERRIDES, entry.action) ? OVERRIDES[entry.action]! : {}
  const lines: AuditDetailLine[] = []
  for (const [key, raw] of Object.entries(entry.detail ?? {})) {
    const field = Object.hasOwn(overrides, key) ? overrides[key] : Object.hasOwn(FIELDS, key) ? FIELDS[key] : null
    if (!field) continue
    let value: string | null = null
    try {
      value = field.format(raw, c)
    } catch {
      // A detail of an unexpected shape is left out rather than failing the log.
    }
    if (value === null) continue
    lines.push({ field: key, label: c.t(field.label), value, ...(key === 'color' && typeof raw === 'string' ? { color: raw } : {}) })
  }
  const rank = (field: string) => (Object.hasOwn(FIRST, entry.action) && FIRST[entry.action] === field ? -1 : ORDER.indexOf(field))
  return lines.sort((a, b) => rank(a.field) - rank(b.field))
}

/**
 * The names people know, by id: the platform's current ones (gov) first,
 * then those the log itself records (a session's or amendment's title, an
 * invitation's or token's name, a person who acted and has since left).
 */
export function auditNames(gov: GovSnapshot, entries: readonly AuditEntry[], t: TFunction): Map<string, string> {
  const names = new Map<string, string>()
  const remember = (id: unknown, name: unknown) => {
    if (typeof id === 'string' && typeof name === 'string' && name.trim() !== '' && !names.has(id)) names.set(id, name)
  }
  const title = (s: string) => t('settings.audit.value.quoted', { text: s })
  for (const x of [...gov.sections, ...gov.removedSections]) remember(x.id, title(x.title))
  for (const o of gov.organizations) remember(o.id, o.name)
  for (const p of gov.people) remember(p.id, p.name)
  for (const e of entries) {
    const d = e.detail ?? {}
    remember(e.actorId, e.actorName)
    if (e.action === 'section.add' && typeof d.title === 'string') remember(d.sectionId, title(d.title))
    if (e.action === 'organization.add') remember(d.orgId, d.name)
    if (e.action === 'session.create' && typeof d.title === 'string') remember(d.sessionId, title(d.title))
    if (e.action === 'amendment.propose' && typeof d.title === 'string') remember(d.amendmentId, title(d.title))
    if (e.action === 'invitation.create') remember(d.invitationId, d.name)
    if (e.action === 'invitation.accept') remember(d.personId, e.actorName)
    if (e.action === 'token.create') remember(d.tokenId, d.name)
    if (e.action === 'session.pen.hand') remember(d.personId, d.name)
  }
  return names
}
