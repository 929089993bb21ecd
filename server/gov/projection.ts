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
import type { CommentRow, CommentStore, DraftingStore, PeopleStore, PlatformStore, SignoffStore } from '../store/store.js'
import type { GovDraftingSession } from '../../shared/drafting.js'
import { govDraftingSession } from '../drafting/drafting-sessions.js'
import { SERVER_ORIGIN } from '../relay/room.js'

const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b)

/** Makes `map` hold exactly `entries`, touching only keys whose value differs. */
function reconcile<T extends { id: string }>(map: Y.Map<T>, entries: T[]): void {
  const wanted = new Map(entries.map((e) => [e.id, e]))
  for (const key of [...map.keys()]) if (!wanted.has(key)) map.delete(key)
  for (const [id, value] of wanted) if (!sameJson(map.get(id), value)) map.set(id, value)
}

function childMap<T>(gov: Y.Map<unknown>, key: string): Y.Map<T> {
  const existing = gov.get(key)
  if (existing instanceof Y.Map) return existing as Y.Map<T>
  const created = new Y.Map<T>()
  gov.set(key, created)
  return created
}

/**
 * Writes the platform's server-owned state from the database into the
 * document's `gov` map. The database is the source of truth; unchanged keys
 * are left alone so that reloading a document writes nothing new.
 */
export function projectGov(doc: Y.Doc, store: PlatformStore & PeopleStore & CommentStore & SignoffStore & DraftingStore, platformId: string): void {
  const record = store.getPlatform(platformId)
  if (!record) return
  const platform: GovPlatform = {
    id: record.id,
    title: record.title,
    adopted: record.adopted,
    approvalThreshold: record.approvalThreshold,
  }
  const organizations: GovOrganization[] = store.listOrganizations(platformId)
  const sections: GovSection[] = store.listSections(platformId)
  const removedSections: GovRemovedSection[] = store.listRemovedSections(platformId)
  // Names, roles and organizations only: nothing private leaves the database.
  const people: GovPerson[] = store
    .listMembers(platformId)
    .map((m) => ({ id: m.personId, name: m.name, role: m.role, orgId: m.orgId }))
  const comments = store.listComments(platformId).map(govComment)
  const signoffs: Array<GovSignoff & { id: string }> = store.latestSignoffs(platformId).map((row) => ({
    id: signoffKey(row.sectionId, row.orgId),
    sectionId: row.sectionId,
    orgId: row.orgId,
    personId: row.personId,
    decision: row.decision,
    note: row.note,
    hash: row.hash,
    at: row.createdAt,
  }))
  const sessions = store.listDraftingSessions(platformId).map((row) => govDraftingSession(store, row))
  doc.transact(() => {
    const gov = govMap(doc)
    if (!sameJson(gov.get(GovKey.Platform), platform)) gov.set(GovKey.Platform, platform)
    reconcile(childMap<GovOrganization>(gov, GovKey.Organizations), organizations)
    reconcile(childMap<GovSection>(gov, GovKey.Sections), sections)
    reconcile(childMap<GovRemovedSection>(gov, GovKey.RemovedSections), removedSections)
    reconcile(childMap<GovPerson>(gov, GovKey.People), people)
    reconcile(childMap<GovComment>(gov, GovKey.Comments), comments)
    reconcile(childMap<GovSignoff & { id: string }>(gov, GovKey.Signoffs), signoffs)
    reconcile(childMap<GovDraftingSession>(gov, GovKey.Sessions), sessions)
  }, SERVER_ORIGIN)
}

/** What everyone may see of a comment: a deleted or hidden one keeps its place, not its words. */
function govComment(row: CommentRow): GovComment {
  return {
    id: row.id,
    parentId: row.parentId,
    sectionId: row.sectionId,
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
