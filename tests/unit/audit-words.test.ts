/**
 * The audit log in words (issue 15): every action the server appends to a
 * platform's log has a sentence; details read as labels and names, never as
 * ids, hashes or JSON; an action or detail this client does not know never
 * breaks the log.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { AuditEntry } from '../../shared/api.js'
import type { GovSnapshot } from '../../shared/gov.js'
import { registerEnglish, translate, type TFunction } from '../../client/src/i18n/index.js'
import { settingsEn } from '../../client/src/i18n/settings.js'
import { auditActionText, auditDetailLines, auditNames, isKnownAuditAction } from '../../client/src/settings/audit-words.js'

registerEnglish(settingsEn)
const t: TFunction = (key, params) => translate('en', key, params)

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? sources(path) : name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : []
  })
}

/** The actions the server writes, as its source names them: literals, the session's `session.${kind}` for the pen, and the amendment's closings. */
function serverActions(): Set<string> {
  const code = sources('server')
    .map((p) => readFileSync(p, 'utf8'))
    .join('\n')
  const found = new Set([...code.matchAll(/action: '([a-zA-Z]+(?:\.[a-zA-Z]+)+)'(?=,|\s*\})/g)].map((m) => m[1]!))
  // Actions built from a template: these two, whose values are listed here (a new one fails this test until it is listed).
  expect([...code.matchAll(/action: `([^`]*)`/g)].map((m) => m[1]).sort()).toEqual([
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the source text of a template literal, as the check reads it
    "amendment.${status === 'accepted' ? 'accept' : status === 'declined' ? 'decline' : 'withdraw'}",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the source text of a template literal, as the check reads it
    'session.${kind}',
  ])
  for (const kind of ['accept', 'decline', 'withdraw']) found.add(`amendment.${kind}`)
  // Of the session's changes only the pen's are audited (the others go to the session's own log, for the minutes).
  for (const kind of ['pen.hand', 'pen.return']) found.add(`session.${kind}`)
  // Written outside any platform (platformId null): never in a platform's log.
  for (const global of ['setup.account', 'audit.anchor.rebuilt']) found.delete(global)
  return found
}

const gov: GovSnapshot = {
  platform: null,
  organizations: [{ id: 'org-1', name: 'Workers United Local 88', shortName: 'WU88', color: '#1f6feb' }],
  sections: [{ id: 'sec-1', title: 'Preamble' } as GovSnapshot['sections'][number]],
  people: [{ id: 'p-1', name: 'Sam Rivera' } as GovSnapshot['people'][number]],
  removedSections: [],
}
const entry = (action: string, detail: Record<string, unknown>, actor: [string, string] | null = ['p-0', 'Maya Okafor']): AuditEntry => ({
  seq: 1,
  at: '2026-03-14T18:30:00.000Z',
  actorId: actor?.[0] ?? null,
  actorName: actor?.[1] ?? null,
  action,
  detail,
  hash: 'h',
})
const context = (entries: AuditEntry[]) => ({
  t,
  locale: 'en' as const,
  names: auditNames(gov, entries, t),
  date: (iso: string) => new Intl.DateTimeFormat('en', { dateStyle: 'medium' }).format(new Date(iso)),
  list: (items: string[]) => new Intl.ListFormat('en').format(items),
})
const lines = (e: AuditEntry, all: AuditEntry[] = [e]) => auditDetailLines(e, context(all)).map((l) => `${l.label}: ${l.value}`)

describe('audit words', () => {
  it('has a sentence for every action the server writes to a platform’s log', () => {
    const actions = [...serverActions()]
    expect(actions.length).toBeGreaterThan(30)
    expect(actions.filter((a) => !isKnownAuditAction(a))).toEqual([])
    for (const a of actions) expect(auditActionText(t, a)).not.toBe('Other change')
    expect(auditActionText(t, 'member.update')).toBe('Changed a member’s role or organization')
  })

  it('says a role change in words, with names for ids', () => {
    const e = entry('member.update', { from: { orgId: 'org-1', role: 'delegate' }, personId: 'p-1', to: { orgId: 'org-1', role: 'observer' } })
    expect(lines(e)).toEqual(['Person: Sam Rivera', 'From: Delegate, Workers United Local 88', 'To: Observer, Workers United Local 88'])
  })

  it('leaves out ids with no known name, hashes and fields it does not know', () => {
    const e = entry('signoff.record', { decision: 'changes', hash: 'abc123', note: '', orgId: 'gone', sectionId: 'sec-1', extra: { a: 1 } })
    expect(lines(e)).toEqual(['Section: “Preamble”', 'Decision: Changes requested'])
  })

  it('takes names from earlier entries: a session’s title, an invitation’s name, a person who acted and left', () => {
    const made = entry('invitation.create', { expiresAt: null, invitationId: 'inv-1', name: 'Lee', orgId: null, role: 'observer' })
    const joined = entry('invitation.accept', { invitationId: 'inv-1', personId: 'p-9', role: 'observer', orgId: null }, ['p-9', 'Lee Park'])
    const revoked = entry('invitation.revoke', { invitationId: 'inv-1' })
    const removed = entry('member.remove', { orgId: null, personId: 'p-9', role: 'observer' })
    const all = [made, joined, revoked, removed]
    expect(lines(made, all)).toEqual(['For: Lee', 'Role: Observer', 'Expires: Never'])
    expect(lines(revoked, all)).toEqual(['Invitation for: Lee'])
    expect(lines(removed, all)).toEqual(['Person: Lee Park', 'Role: Observer'])
  })

  it('says the server’s own reasons, rules and languages in words', () => {
    const pen = entry('session.pen.return', { from: 'p-1', name: null, personId: null, reason: 'role changed', sectionId: 'sec-1', sessionId: 's-1' })
    expect(lines(pen)).toEqual(['Section: “Preamble”', 'Taken back from: Sam Rivera', 'Reason: Their role changed'])
    expect(lines(entry('platform.threshold', { threshold: 2 }))).toEqual(['Rule: At least 2 organizations approve'])
    expect(lines(entry('platform.threshold', { threshold: null }))).toEqual(['Rule: Unanimity: every member organization approves'])
    expect(lines(entry('platform.languages', { others: ['es', 'fr'], primary: 'en' }))).toEqual([
      'Primary language: English',
      'Translations: Spanish and French',
    ])
    expect(lines(entry('section.owner', { from: 'org-1', sectionId: 'sec-1', to: null }))).toEqual([
      'Section: “Preamble”',
      'From: Workers United Local 88',
      'To: Open to all organizations',
    ])
  })

  it('reads an action added later as "Other change", and survives details of any shape', () => {
    expect(auditActionText(t, 'something.new')).toBe('Other change')
    expect(auditActionText(t, 'constructor')).toBe('Other change')
    const odd = entry('something.new', {
      sectionId: 'sec-1',
      from: { nested: true },
      to: 42,
      role: 'emperor',
      others: 'es',
      staleTranslationsWaived: [null, 3],
    })
    expect(lines(odd)).toEqual(['Section: “Preamble”'])
    expect(lines(entry('member.update', null as unknown as Record<string, unknown>))).toEqual([])
  })
})
