import * as Y from 'yjs'
import {
  GovKey,
  govMap,
  type GovComment,
  type GovOrganization,
  type GovPerson,
  type GovPlatform,
  type GovRemovedSection,
  type GovSection,
  type GovSignoff,
  signoffKey,
} from '../../shared/gov.js'
import { answerKey, handKey, type GovHand, type GovPastSession, type GovPollAnswer, type GovPollEntry, type GovSession } from '../../shared/drafting.js'
import type { GovAmendment } from '../../shared/amendments.js'
import type {
  AmendmentRow,
  AmendmentStore,
  CommentRow,
  CommentStore,
  DraftingSessionRow,
  DraftingStore,
  MemberRecord,
  PeopleStore,
  PlatformRecord,
  PlatformStore,
  SignoffRow,
  SignoffStore,
  TranslationReviewRow,
  TranslationStore,
} from '../store/store.js'
import { answerEntry, handEntry, itemHandEntries, pastSessionEntry, pollEntry, sessionEntry } from '../drafting/session-entries.js'
import { SERVER_ORIGIN } from '../relay/hooks.js'
import type { GovTouched } from './touched.js'

export type ProjectionStore = PlatformStore & PeopleStore & CommentStore & SignoffStore & DraftingStore & AmendmentStore & TranslationStore

type Keyed<T> = T & { id: string }

const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b)

/** Makes `map` hold exactly `entries`, touching only keys whose value differs. */
function reconcile<T>(map: Y.Map<T>, entries: Map<string, T>): void {
  for (const key of [...map.keys()]) if (!entries.has(key)) map.delete(key)
  for (const [key, value] of entries) put(map, key, value)
}

/** Sets one key (only if its value differs) or deletes it (null). */
function put<T>(map: Y.Map<T>, key: string, value: T | null): void {
  if (value === null) {
    if (map.has(key)) map.delete(key)
  } else if (!sameJson(map.get(key), value)) map.set(key, value)
}

const byId = <T extends { id: string }>(entries: T[]): Map<string, T> => new Map(entries.map((e) => [e.id, e]))

function childMap<T>(gov: Y.Map<unknown>, key: string): Y.Map<T> {
  const existing = gov.get(key)
  if (existing instanceof Y.Map) return existing as Y.Map<T>
  const created = new Y.Map<T>()
  gov.set(key, created)
  return created
}

const platformEntry = (record: PlatformRecord): GovPlatform => ({
  id: record.id,
  title: record.title,
  adopted: record.adopted,
  approvalThreshold: record.approvalThreshold,
  languages: record.languages,
})

type ReviewEntry = Omit<TranslationReviewRow, 'primaryJson'>

/** A section's gov entry: its settings, and its translations' last reviews when it has any. */
function sectionEntry(section: GovSection, reviews: ReviewEntry[]): GovSection {
  if (reviews.length === 0) return section
  return { ...section, translations: Object.fromEntries(reviews.map((r) => [r.lang, { upToDateWith: r.upToDateWith, personId: r.personId, at: r.at }])) }
}

const reviewsBySection = (reviews: ReviewEntry[]): Map<string, ReviewEntry[]> => {
  const out = new Map<string, ReviewEntry[]>()
  for (const r of reviews) out.set(r.sectionId, [...(out.get(r.sectionId) ?? []), r])
  return out
}

// Names, roles and organizations only: nothing private leaves the database.
const personEntry = (m: MemberRecord): GovPerson => ({ id: m.personId, name: m.name, role: m.role, orgId: m.orgId })

const signoffEntry = (row: SignoffRow): Keyed<GovSignoff> => ({
  id: signoffKey(row.sectionId, row.orgId),
  sectionId: row.sectionId,
  orgId: row.orgId,
  personId: row.personId,
  decision: row.decision,
  note: row.note,
  hash: row.hash,
  at: row.createdAt,
})

/** An amendment as every member sees it (the base text stays in the database: only the merge reads it). */
export const amendmentEntry = (row: AmendmentRow): GovAmendment => ({
  id: row.id,
  sectionId: row.sectionId,
  orgId: row.orgId,
  authorId: row.authorId,
  title: row.title,
  rationale: row.rationale,
  status: row.status,
  endorsements: row.endorsements,
  baseHash: row.baseHash,
  createdAt: row.createdAt,
  decision: row.decidedBy && row.decidedAt ? { by: row.decidedBy, at: row.decidedAt, note: row.decisionNote, hash: row.resultHash } : null,
})

/** What everyone may see of a comment: a deleted or hidden one keeps its place, not its words. */
function govComment(row: CommentRow): GovComment {
  return {
    id: row.id,
    parentId: row.parentId,
    sectionId: row.sectionId,
    // Only threads on an amendment carry the field: the section's own threads cost no more bytes.
    ...(row.amendmentId ? { amendmentId: row.amendmentId } : {}),
    ...(row.lang ? { lang: row.lang } : {}),
    authorId: row.authorId,
    body: row.deletedAt || row.hiddenAt ? null : row.body,
    start: row.anchorStart,
    end: row.anchorEnd,
    quote: row.quote,
    createdAt: row.createdAt,
    editedAt: row.editedAt,
    deleted: row.deletedAt !== null,
    hidden: row.hiddenAt && row.hiddenBy ? { by: row.hiddenBy, reason: row.hiddenReason ?? '', at: row.hiddenAt } : null,
    resolved: row.resolvedAt && row.resolvedBy ? { by: row.resolvedBy, at: row.resolvedAt } : null,
    mentions: row.mentions,
  }
}

const isRunning = (row: DraftingSessionRow | null): row is DraftingSessionRow & { status: 'running'; currentItem: number } =>
  row !== null && row.status === 'running' && row.currentItem !== null

/** The child maps of `gov`, created on first use. */
function maps(doc: Y.Doc) {
  const gov = govMap(doc)
  return {
    gov,
    organizations: childMap<GovOrganization>(gov, GovKey.Organizations),
    sections: childMap<GovSection>(gov, GovKey.Sections),
    removedSections: childMap<GovRemovedSection>(gov, GovKey.RemovedSections),
    people: childMap<GovPerson>(gov, GovKey.People),
    comments: childMap<GovComment>(gov, GovKey.Comments),
    signoffs: childMap<Keyed<GovSignoff>>(gov, GovKey.Signoffs),
    sessions: childMap<GovSession>(gov, GovKey.Sessions),
    pastSessions: childMap<GovPastSession>(gov, GovKey.PastSessions),
    hands: childMap<GovHand>(gov, GovKey.Hands),
    polls: childMap<GovPollEntry>(gov, GovKey.Polls),
    answers: childMap<GovPollAnswer>(gov, GovKey.PollAnswers),
    amendments: childMap<GovAmendment>(gov, GovKey.Amendments),
  }
}

type GovMaps = ReturnType<typeof maps>

/**
 * Writes the platform's server-owned state from the database into the
 * document's `gov` map, in full: when a document is loaded. The database is
 * the source of truth; unchanged keys are left alone so that reloading a
 * document writes nothing new.
 */
export function projectGov(doc: Y.Doc, store: ProjectionStore, platformId: string): void {
  const record = store.getPlatform(platformId)
  if (!record) return
  const organizations = byId(store.listOrganizations(platformId))
  const reviews = reviewsBySection(store.listTranslationReviews(platformId))
  const sections = byId(store.listSections(platformId).map((sec) => sectionEntry(sec, reviews.get(sec.id) ?? [])))
  const removedSections = byId(store.listRemovedSections(platformId))
  const people = new Map(store.listMembers(platformId).map((m) => [m.personId, personEntry(m)]))
  const comments = byId(store.listComments(platformId).map(govComment))
  const signoffs = byId(store.latestSignoffs(platformId).map(signoffEntry))
  const amendments = byId(store.listAmendments(platformId).map(amendmentEntry))
  const sessions = new Map<string, GovSession>()
  const pastSessions = new Map<string, GovPastSession>()
  const hands = new Map<string, GovHand>()
  const polls = new Map<string, GovPollEntry>()
  const answers = new Map<string, GovPollAnswer>()
  for (const row of store.listDraftingSessions(platformId)) {
    const agenda = store.agenda(row.id)
    if (row.status === 'ended') {
      pastSessions.set(row.id, pastSessionEntry(row, agenda))
      continue
    }
    sessions.set(row.id, sessionEntry({ ...row, status: row.status }, agenda))
    if (!isRunning(row)) continue
    for (const h of itemHandEntries(row.id, store.itemHands(row.id, row.currentItem))) hands.set(handKey(row.id, h.personId), h)
    for (const p of store.polls(row.id)) {
      polls.set(p.id, pollEntry(row.id, p))
      for (const a of p.answers) answers.set(answerKey(p.id, a.personId), answerEntry(row.id, p.id, a))
    }
  }
  doc.transact(() => {
    const m = maps(doc)
    put(m.gov, GovKey.Platform, platformEntry(record))
    reconcile(m.organizations, organizations)
    reconcile(m.sections, sections)
    reconcile(m.removedSections, removedSections)
    reconcile(m.people, people)
    reconcile(m.comments, comments)
    reconcile(m.signoffs, signoffs)
    reconcile(m.sessions, sessions)
    reconcile(m.pastSessions, pastSessions)
    reconcile(m.hands, hands)
    reconcile(m.polls, polls)
    reconcile(m.answers, answers)
    reconcile(m.amendments, amendments)
  }, SERVER_ORIGIN)
}

/**
 * Re-projects only the named entries (what a change touched), each read
 * alone from the database, in one transaction: one raised hand sends one
 * hand's bytes, on a platform of any history.
 */
export function projectTouched(doc: Y.Doc, store: ProjectionStore, platformId: string, touched: Iterable<GovTouched>): void {
  doc.transact(() => {
    const m = maps(doc)
    for (const key of touched) projectOne(m, store, platformId, key)
  }, SERVER_ORIGIN)
}

function projectOne(m: GovMaps, store: ProjectionStore, platformId: string, key: GovTouched): void {
  switch (key.kind) {
    case 'platform': {
      const record = store.getPlatform(platformId)
      if (record) put(m.gov, GovKey.Platform, platformEntry(record))
      return
    }
    case 'organization':
      return put(m.organizations, key.id, store.getOrganization(platformId, key.id))
    case 'section': {
      const found = store.getAnySection(platformId, key.id)
      const reviews = found && found.removedAt === null ? (reviewsBySection(store.listTranslationReviews(platformId)).get(key.id) ?? []) : []
      put(m.sections, key.id, found && found.removedAt === null ? sectionEntry(found.section, reviews) : null)
      put(m.removedSections, key.id, found?.removedAt ? { id: found.section.id, title: found.section.title, removedAt: found.removedAt } : null)
      return
    }
    case 'person': {
      const member = store.getMember(platformId, key.id)
      return put(m.people, key.id, member ? personEntry(member) : null)
    }
    case 'comment': {
      const row = store.getComment(platformId, key.id)
      return put(m.comments, key.id, row ? govComment(row) : null)
    }
    case 'signoff': {
      const row = store.latestSignoff(platformId, key.sectionId, key.orgId)
      return put(m.signoffs, signoffKey(key.sectionId, key.orgId), row ? signoffEntry(row) : null)
    }
    case 'session': {
      const row = store.getDraftingSession(platformId, key.id)
      const agenda = row ? store.agenda(row.id) : []
      // Only a session that was running has hands and polls to take out (no scan for the others).
      const wasRunning = m.sessions.get(key.id)?.status === 'running'
      put(m.sessions, key.id, row && row.status !== 'ended' ? sessionEntry({ ...row, status: row.status }, agenda) : null)
      put(m.pastSessions, key.id, row && row.status === 'ended' ? pastSessionEntry(row, agenda) : null)
      if (wasRunning && !isRunning(row)) dropLive(m, key.id)
      return
    }
    case 'queue': {
      const row = store.getDraftingSession(platformId, key.sessionId)
      const wanted = new Map<string, GovHand>()
      if (isRunning(row)) {
        for (const h of itemHandEntries(row.id, store.itemHands(row.id, row.currentItem))) wanted.set(handKey(row.id, h.personId), h)
      }
      for (const [k, h] of [...m.hands]) if (h.sessionId === key.sessionId && !wanted.has(k)) m.hands.delete(k)
      for (const [k, h] of wanted) put(m.hands, k, h)
      return
    }
    case 'hand': {
      const row = store.getDraftingSession(platformId, key.sessionId)
      const entry = isRunning(row) ? handEntry(row.id, key.personId, store.personHands(row.id, row.currentItem, key.personId)) : null
      return put(m.hands, handKey(key.sessionId, key.personId), entry)
    }
    case 'poll': {
      const row = store.getDraftingSession(platformId, key.sessionId)
      const poll = isRunning(row) ? store.poll(row.id, key.id) : null
      return put(m.polls, key.id, poll ? pollEntry(key.sessionId, poll) : null)
    }
    case 'amendment': {
      const row = store.getAmendment(platformId, key.id)
      return put(m.amendments, key.id, row ? amendmentEntry(row) : null)
    }
    case 'answer': {
      const row = store.getDraftingSession(platformId, key.sessionId)
      const poll = isRunning(row) ? store.poll(row.id, key.pollId) : null
      const answer = poll ? store.pollAnswer(key.pollId, key.personId) : null
      return put(m.answers, answerKey(key.pollId, key.personId), answer ? answerEntry(key.sessionId, key.pollId, answer) : null)
    }
  }
}

/** A session that is not running keeps no hands, polls or answers in `gov` (its minutes have them). */
function dropLive(m: GovMaps, sessionId: string): void {
  const drop = <T extends { sessionId: string }>(map: Y.Map<T>): void => {
    for (const [k, v] of [...map]) if (v.sessionId === sessionId) map.delete(k)
  }
  drop(m.hands)
  drop(m.polls)
  drop(m.answers)
}
