import type { PlatformLanguages } from './languages.js'
import * as Y from 'yjs'
import { GOV_ROOT } from './documents.js'
import {
  assembleSessions,
  type DraftingSession,
  type GovHand,
  type GovPastSession,
  type GovPollAnswer,
  type GovPollEntry,
  type GovSession,
} from './drafting.js'
import type { Role } from './roles.js'
import type { GovAmendment } from './amendments.js'

/**
 * The `gov` projection: server-owned state that every client renders live.
 * Only the server writes it, from its database; values are plain JSON so a
 * client can read them without knowing Yjs types beyond Y.Map.
 */
export interface GovPlatform {
  id: string
  title: string
  adopted: boolean
  /** null: unanimity; a number: that many organizations, with no open request for changes. */
  approvalThreshold: number | null
  /** The primary language and the translations (issue 15). */
  languages: PlatformLanguages
}

export interface GovOrganization {
  id: string
  name: string
  shortName: string
  /** CSS colour, used for badges and presence. */
  color: string
}

export interface GovSection {
  id: string
  title: string
  /** null: open to every organization's delegates. */
  ownerOrgId: string | null
  locked: boolean
  /** Sort key; sections are shown in ascending order. */
  position: number
  /**
   * Each translation's last review (issue 15), by language: the content hash
   * of the primary text it was brought up to date with. A language absent
   * here was never marked up to date. Absent on a one-language platform.
   */
  translations?: Record<string, GovTranslationReview>
  /**
   * The section's title in each translation that has one (issue 15), by
   * language; `title` is the primary's. Absent when none is set.
   */
  titles?: Record<string, string>
}

/** The section's title in `lang`: its translated title if it has one, else the primary title. */
export const sectionTitleIn = (section: Pick<GovSection, 'title' | 'titles'>, lang: string | null | undefined): string =>
  (lang && section.titles?.[lang]) || section.title

/** When a translator last marked a translation up to date, and with which version of the primary text. */
export interface GovTranslationReview {
  /** Content hash of the primary text alone (shared/section-version.ts primaryHash). */
  upToDateWith: string
  personId: string
  at: string
}

/** A member of the platform as everyone may see them: nothing private. */
export interface GovPerson {
  id: string
  name: string
  role: Role
  orgId: string | null
}

/** A removed section, kept so that a facilitator can restore it. */
export interface GovRemovedSection {
  id: string
  title: string
  removedAt: string
}

/**
 * A comment as every member sees it. A thread is a root comment (parentId
 * null) with its anchor; replies point to it. Deleted and hidden comments
 * keep their place but not their body.
 */
export interface GovComment {
  id: string
  parentId: string | null
  sectionId: string
  /** Set on a thread (and its replies) on an amendment's proposed text: the anchor is in amend:<amendmentId>. */
  amendmentId?: string
  /** Set on a thread (and its replies) on a translation: the anchor is in body:<sectionId>:<lang>. */
  lang?: string
  authorId: string
  /** null when deleted or hidden. */
  body: string | null
  /** Anchor of a thread: base64 Yjs relative positions, and the text quoted at creation. */
  start: string | null
  end: string | null
  quote: string | null
  createdAt: string
  editedAt: string | null
  deleted: boolean
  hidden: { by: string; reason: string; at: string } | null
  resolved: { by: string; at: string } | null
  mentions: { personIds: string[]; orgIds: string[] }
}

/** The current decision of one organization on one section. */
export interface GovSignoff {
  sectionId: string
  orgId: string
  personId: string
  decision: 'approve' | 'changes'
  note: string
  /** Content hash of the text decided on: compare with the section's current hash. */
  hash: string
  at: string
}

export const signoffKey = (sectionId: string, orgId: string): string => `${sectionId}:${orgId}`

export const GovKey = {
  Platform: 'platform',
  Organizations: 'organizations',
  Sections: 'sections',
  People: 'people',
  RemovedSections: 'removedSections',
  Comments: 'comments',
  Signoffs: 'signoffs',
  /** Planned and running drafting sessions; their hands and polls are keys of their own (shared/drafting.ts). */
  Sessions: 'sessions',
  PastSessions: 'pastSessions',
  Hands: 'hands',
  Polls: 'polls',
  PollAnswers: 'pollAnswers',
  /** Amendments by id (shared/amendments.ts). */
  Amendments: 'amendments',
} as const

export interface GovSnapshot {
  platform: GovPlatform | null
  organizations: GovOrganization[]
  sections: GovSection[]
  people: GovPerson[]
  removedSections: GovRemovedSection[]
}

export const govMap = (doc: Y.Doc): Y.Map<unknown> => doc.getMap(GOV_ROOT)

const childMap = <T>(gov: Y.Map<unknown>, key: string): Y.Map<T> | null => {
  const value = gov.get(key)
  return value instanceof Y.Map ? (value as Y.Map<T>) : null
}

export const govOrganizations = (doc: Y.Doc): Y.Map<GovOrganization> | null => childMap<GovOrganization>(govMap(doc), GovKey.Organizations)

export const govSections = (doc: Y.Doc): Y.Map<GovSection> | null => childMap<GovSection>(govMap(doc), GovKey.Sections)

export const govPeople = (doc: Y.Doc): Y.Map<GovPerson> | null => childMap<GovPerson>(govMap(doc), GovKey.People)

export const govRemovedSections = (doc: Y.Doc): Y.Map<GovRemovedSection> | null => childMap<GovRemovedSection>(govMap(doc), GovKey.RemovedSections)

export const govComments = (doc: Y.Doc): Y.Map<GovComment> | null => childMap<GovComment>(govMap(doc), GovKey.Comments)

export const govSignoffs = (doc: Y.Doc): Y.Map<GovSignoff> | null => childMap<GovSignoff>(govMap(doc), GovKey.Signoffs)

export const govAmendments = (doc: Y.Doc): Y.Map<GovAmendment> | null => childMap<GovAmendment>(govMap(doc), GovKey.Amendments)

export const govSessions = (doc: Y.Doc): Y.Map<GovSession> | null => childMap<GovSession>(govMap(doc), GovKey.Sessions)

const valuesOf = <T>(doc: Y.Doc, key: string): T[] => [...(childMap<T>(govMap(doc), key)?.values() ?? [])]

/** Every drafting session of the platform (planned, running and ended), put together from its gov entries. */
export const readDraftingSessions = (doc: Y.Doc): DraftingSession[] =>
  assembleSessions({
    sessions: valuesOf<GovSession>(doc, GovKey.Sessions),
    pastSessions: valuesOf<GovPastSession>(doc, GovKey.PastSessions),
    hands: valuesOf<GovHand>(doc, GovKey.Hands),
    polls: valuesOf<GovPollEntry>(doc, GovKey.Polls),
    answers: valuesOf<GovPollAnswer>(doc, GovKey.PollAnswers),
  })

/** The platform's settings as `gov` holds them now; null before the first projection. */
export const govPlatform = (doc: Y.Doc): GovPlatform | null => (govMap(doc).get(GovKey.Platform) as GovPlatform | undefined) ?? null

export const findSection = (doc: Y.Doc, sectionId: string): GovSection | null => govSections(doc)?.get(sectionId) ?? null

/** Reads the whole projection into plain values, sections in display order. */
export function readGov(doc: Y.Doc): GovSnapshot {
  const platform = govPlatform(doc)
  const organizations = [...(govOrganizations(doc)?.values() ?? [])].sort((a, b) => a.name.localeCompare(b.name))
  const sections = [...(govSections(doc)?.values() ?? [])].sort((a, b) => a.position - b.position || a.id.localeCompare(b.id))
  const people = [...(govPeople(doc)?.values() ?? [])].sort((a, b) => a.name.localeCompare(b.name))
  const removedSections = [...(govRemovedSections(doc)?.values() ?? [])].sort((a, b) => a.removedAt.localeCompare(b.removedAt))
  return { platform, organizations, sections, people, removedSections }
}
