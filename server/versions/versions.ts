/**
 * Section versions (issue 16). The server keeps a version of a section's
 * text, every language, at each sign-off decision, lock, accepted
 * amendment, drafting-session item end, adoption and restore, and after each
 * pause in the writing; a facilitator can name one; anyone who may write the
 * section can bring one back, as a new edit on top (history is never
 * rewritten).
 *
 * What is kept is the text itself (canonical node JSON per language, with
 * who wrote which words: authorship.ts), once per distinct text, in tables
 * that opening a platform never reads: keeping history costs nothing when
 * a document loads, and the Yjs document keeps its garbage collection.
 *
 * Watched like approvals that go stale (server/signoff/stale-approvals.ts):
 * every loaded document's transactions mark the sections they change, with
 * the person whose connection made the change; a section's pause version is
 * kept once nobody has written it for `pauseMs`.
 */
import { randomUUID } from 'node:crypto'
import * as Y from 'yjs'
import { applyNodes } from '../../shared/apply-nodes.js'
import type { SectionNode } from '../../shared/content-hash.js'
import { parseRoot, sectionRoot, translationRoot } from '../../shared/documents.js'
import { penOn } from '../../shared/drafting.js'
import { existingXmlFragment } from '../../shared/existing-root.js'
import { findSection, govSessions, govPlatform } from '../../shared/gov.js'
import { refusal, type Principal } from '../../shared/policy.js'
import { nodesPlainText } from '../../shared/section-tokens.js'
import { readSectionVersion } from '../../shared/section-version.js'
import { wordDiff } from '../../shared/word-diff.js'
import {
  nodesToProseMirror,
  type StoredVersionText,
  type VersionComparison,
  type VersionDetail,
  type VersionEntry,
  type ProseMirrorJson,
  type VersionReason,
} from '../../shared/versions.js'
import type { AuditEvent } from '../audit/audit-log.js'
import { ApiError, conflict, forbidden, notFound } from '../errors.js'
import { readSection, type DocumentReader } from '../documents/documents.js'
import type { GovContext } from '../gov/context.js'
import type { DocumentWatcher } from '../gov/document-watch.js'
import { REMOTE_ORIGIN } from '../relay/hooks.js'
import type { VersionRow } from '../store/store.js'
import { authorRuns, clientOwners } from './authorship.js'
import { editorSchema } from '../documents/editor-schema.js'
import { writeOnBehalf } from '../documents/write-on-behalf.js'

/** Who caused a version (actorId), what it brought back, and organizations that changed the text through the server. */
interface KeptBy {
  actorId?: string | null
  restoredFrom?: string | null
  orgIds?: string[]
}

/** Continuous writing gets a version at least every this many pauses' time. */
const VERSION_MAX_PAUSES = 10

/** A timeline shows at most this many entries (newest first). */
export const MAX_TIMELINE = 500

interface Watched {
  doc: Y.Doc
  /** Sections written since their last version, with who wrote them (person ids; the server's own writes name nobody). */
  dirty: Map<string, Set<string>>
  /** When each dirty section was first written since its last version (epoch ms). */
  since: Map<string, number>
  timers: Map<string, NodeJS.Timeout>
  stop: () => void
}

/** The person behind a transaction: a relay connection carries its person's id (server/relay/connection.ts). */
const personOf = (origin: unknown): string | null =>
  typeof origin === 'object' && origin !== null && 'userId' in origin && typeof origin.userId === 'string' ? origin.userId : null

/**
 * The text as the editor's ProseMirror JSON: read through the editor's schema, so every attribute has its value
 * (defaults included) as the editor would give it. A text the schema does not take (stored before the relay checked
 * content) is given as stored.
 */
export function proseMirrorJson(nodes: SectionNode[]): ProseMirrorJson {
  const json = nodesToProseMirror(nodes)
  try {
    return editorSchema().nodeFromJSON(json).toJSON() as ProseMirrorJson
  } catch {
    return json
  }
}

const entryOf = ({ platformId: _p, ...row }: VersionRow): VersionEntry => row

export class SectionVersions implements DocumentWatcher {
  private readonly watched = new Map<string, Watched>()

  constructor(
    private readonly gov: GovContext,
    private readonly documents: DocumentReader & { loaded(platformId: string): Y.Doc | null },
    private readonly options: { pauseMs: number; log: (line: string) => void },
  ) {
    gov.onCommitted((platformId, events) => this.committed(platformId, events))
  }

  private get store() {
    return this.gov.store
  }

  /** Watches a document just loaded; a section never kept before gets its first version (once, ever). */
  watch(platformId: string, doc: Y.Doc): void {
    this.unwatch(platformId, false)
    const entry: Watched = { doc, dirty: new Map(), since: new Map(), timers: new Map(), stop: () => {} }
    const onTransaction = (tr: Y.Transaction) => {
      // Another instance accepted it: that instance keeps the version.
      if (tr.origin === REMOTE_ORIGIN) return
      for (const type of tr.changedParentTypes.keys()) {
        if (type._item !== null) continue
        const root = parseRoot(Y.findRootTypeKey(type))
        if (root.kind !== 'body') continue
        this.touch(platformId, entry, root.sectionId, personOf(tr.origin))
      }
    }
    doc.on('afterTransaction', onTransaction)
    entry.stop = () => doc.off('afterTransaction', onTransaction)
    this.watched.set(platformId, entry)
    // After the load, off its path: the sample and texts written before versions were kept get a first one.
    setImmediate(() => this.keepFirstVersions(platformId))
  }

  /** The document leaves memory: sections written since their last version get one now, then watching stops. */
  unwatch(platformId: string, flush = true): void {
    const entry = this.watched.get(platformId)
    if (!entry) return
    for (const timer of entry.timers.values()) clearTimeout(timer)
    entry.timers.clear()
    if (flush) for (const sectionId of [...entry.dirty.keys()]) this.keepSafely(platformId, sectionId, 'edit')
    entry.stop()
    this.watched.delete(platformId)
  }

  private touch(platformId: string, entry: Watched, sectionId: string, personId: string | null): void {
    let people = entry.dirty.get(sectionId)
    if (!people) {
      people = new Set()
      entry.dirty.set(sectionId, people)
    }
    if (personId !== null) people.add(personId)
    const now = Date.now()
    const since = entry.since.get(sectionId) ?? now
    entry.since.set(sectionId, since)
    const timer = entry.timers.get(sectionId)
    // Writing that never pauses (a long drafting session) still gets a version every so often.
    const delay = Math.max(0, Math.min(this.options.pauseMs, since + this.options.pauseMs * VERSION_MAX_PAUSES - now))
    if (timer && delay === this.options.pauseMs) timer.refresh()
    else if (!timer || delay < this.options.pauseMs) {
      if (timer) clearTimeout(timer)
      entry.timers.set(
        sectionId,
        setTimeout(() => {
          entry.timers.delete(sectionId)
          this.keepSafely(platformId, sectionId, 'edit')
        }, delay),
      )
    }
  }

  /** The moments the coalition asks about later: a sign-off, a lock, an accepted amendment, the adoption. */
  private committed(platformId: string, events: readonly AuditEvent[]): void {
    const keep: Array<[sectionId: string, reason: VersionReason, by: KeptBy]> = []
    for (const e of events) {
      const sectionId = typeof e.detail.sectionId === 'string' ? e.detail.sectionId : null
      if (e.action === 'signoff.record' && sectionId) keep.push([sectionId, 'signoff', { actorId: e.actorId }])
      else if (e.action === 'section.lock' && sectionId) keep.push([sectionId, 'lock', { actorId: e.actorId }])
      else if (e.action === 'amendment.accept' && typeof e.detail.amendmentId === 'string') {
        const amendment = this.store.getAmendment(platformId, e.detail.amendmentId)
        // The proposing organization changed the text, through the server's merge.
        if (amendment) keep.push([amendment.sectionId, 'amendment', { actorId: e.actorId, orgIds: [amendment.orgId] }])
      } else if (e.action === 'platform.adopt') {
        for (const s of this.store.listSections(platformId)) keep.push([s.id, 'adoption', { actorId: e.actorId }])
      }
    }
    if (keep.length === 0) return
    // After the caller's synchronous step: an accepted amendment's text is applied just after its commit.
    // No edit can land in between (edits arrive as socket events, after this microtask).
    queueMicrotask(() => {
      for (const [sectionId, reason, by] of keep) this.keepSafely(platformId, sectionId, reason, by)
    })
  }

  /** A drafting session's item about a section ended (the facilitator moved on, or ended the session). */
  sessionItemEnded(platformId: string, sectionId: string, actorId: string | null): void {
    this.keepSafely(platformId, sectionId, 'sessionItem', { actorId })
  }

  private keepSafely(platformId: string, sectionId: string, reason: VersionReason, by: KeptBy = {}): void {
    try {
      this.keep(platformId, sectionId, reason, by)
    } catch (e) {
      // A failing store must not end the process; the next trigger keeps the text again.
      this.options.log(`versions: could not keep a version of ${platformId}/${sectionId}: ${e instanceof Error ? e.message : String(e)}`)
    }
  }

  /**
   * Keeps the section's text now as a version. A pause keeps nothing when
   * the text is the latest version's; the other moments are kept even then
   * (the board voted on that text, whether or not it changed since).
   */
  keep(platformId: string, sectionId: string, reason: VersionReason, by: KeptBy = {}): VersionRow | null {
    // The watched document is the live one; reading it directly never loads a document being unloaded.
    const watched = this.watched.get(platformId)?.doc
    if (watched) return this.keepIn(watched, platformId, sectionId, reason, by)
    return this.documents.withDocument(platformId, (doc) => this.keepIn(doc, platformId, sectionId, reason, by))
  }

  private keepIn(
    doc: Y.Doc,
    platformId: string,
    sectionId: string,
    reason: VersionReason,
    { actorId = null, restoredFrom = null, orgIds: also = [] }: KeptBy,
  ): VersionRow | null {
    const entry = this.watched.get(platformId)
    const changedBy = entry?.dirty.get(sectionId) ?? new Set<string>()
    if (!this.store.getSection(platformId, sectionId)) return null
    const content = readSection(doc, sectionId)
    const latest = this.store.latestVersion(platformId, sectionId)
    entry?.dirty.delete(sectionId)
    entry?.since.delete(sectionId)
    if (reason === 'edit' && latest?.hash === content.hash) return null
    const members = new Map(this.store.listMembers(platformId).map((m) => [m.personId, m.orgId]))
    const personIds = [...changedBy, ...(actorId !== null && reason === 'restore' ? [actorId] : [])].filter((p, i, all) => all.indexOf(p) === i)
    const orgIds = [...new Set([...personIds.map((p) => members.get(p) ?? null), ...also].filter((o): o is string => o !== null))]
    const row: Omit<VersionRow, 'name'> = {
      id: randomUUID(),
      platformId,
      sectionId,
      at: new Date().toISOString(),
      reason,
      hash: content.hash,
      personIds,
      orgIds,
      actorId,
      restoredFrom,
    }
    const stored = this.store.hasVersionText(platformId, sectionId, content.hash) ? null : JSON.stringify(this.textOf(platformId, doc, sectionId))
    this.store.insertVersion(row, stored)
    return { ...row, name: null }
  }

  /** The section's text now in every language, with who wrote which words. */
  private textOf(platformId: string, doc: Y.Doc, sectionId: string): StoredVersionText {
    const version = readSectionVersion(doc, sectionId)
    const ownerOf = clientOwners(this.store, platformId)
    const of = (root: string) => authorRuns(existingXmlFragment(doc, root), ownerOf)
    return {
      primary: version.languages.primary,
      languages: [
        { lang: version.languages.primary, nodes: version.primary, authors: of(sectionRoot(sectionId)) },
        ...version.translations.map((t) => ({ lang: t.lang, nodes: t.nodes, authors: of(translationRoot(sectionId, t.lang)) })),
      ],
    }
  }

  /** Sections with text but no version yet (the sample; texts written before versions were kept): one each, once. */
  private keepFirstVersions(platformId: string): void {
    const entry = this.watched.get(platformId)
    // Unloaded meanwhile (or failed: a room whose store cannot write is unwatched): nothing to read, nothing to load.
    if (!entry) return
    try {
      const kept = this.store.sectionsWithVersions(platformId)
      for (const section of this.store.listSections(platformId)) {
        if (kept.has(section.id) || existingXmlFragment(entry.doc, sectionRoot(section.id)) === null) continue
        this.keepSafely(platformId, section.id, 'edit')
      }
    } catch (e) {
      // Runs from a timer: nothing may escape it (a failing store would end the process).
      this.options.log(`versions: first versions of ${platformId} not kept: ${e instanceof Error ? e.message : String(e)}`)
    }
  }

  /** A section's timeline, or the platform's (sectionId null), newest first. */
  list(platformId: string, sectionId: string | null): VersionEntry[] {
    if (!this.store.getPlatform(platformId)) throw notFound('platform')
    if (sectionId !== null && !this.store.getAnySection(platformId, sectionId)) throw notFound('section')
    return this.store.listVersions(platformId, sectionId, MAX_TIMELINE).map(entryOf)
  }

  /** One version with its text in every language (plain, ProseMirror JSON, and who wrote which words). */
  get(platformId: string, sectionId: string, versionId: string): VersionDetail {
    const row = this.row(platformId, sectionId, versionId)
    const stored = this.storedText(row)
    const languages = stored.languages.map((l) => ({ lang: l.lang, text: nodesPlainText(l.nodes), json: proseMirrorJson(l.nodes), authors: l.authors }))
    const primary = languages.find((l) => l.lang === stored.primary) ?? languages[0]
    return { ...entryOf(row), text: primary?.text ?? '', json: primary?.json ?? { type: 'doc', content: [] }, languages }
  }

  /**
   * A word-level difference between two versions of the section (`to` null:
   * its text now), in each language either has, the primary first.
   */
  compare(platformId: string, sectionId: string, fromId: string, toId: string | null): VersionComparison {
    const from = this.get(platformId, sectionId, fromId)
    const to = toId === null ? this.current(platformId, sectionId) : this.get(platformId, sectionId, toId)
    const langs = [...new Set([...from.languages.map((l) => l.lang), ...to.languages.map((l) => l.lang)])]
    const textIn = (v: { languages: Array<{ lang: string; text: string }> }, lang: string) => v.languages.find((l) => l.lang === lang)?.text ?? ''
    return {
      from: from.id,
      to: toId === null ? null : to.id,
      languages: langs.map((lang) => ({ lang, parts: wordDiff(textIn(from, lang), textIn(to, lang)) })),
    }
  }

  /** The section's text now, as a version would hold it (not kept). */
  private current(platformId: string, sectionId: string): { id: string; languages: Array<{ lang: string; text: string }> } {
    if (!this.store.getSection(platformId, sectionId)) throw notFound('section')
    const version = this.documents.withDocument(platformId, (doc) => readSectionVersion(doc, sectionId))
    if (!version) throw notFound('platform')
    return {
      id: 'current',
      languages: [
        { lang: version.languages.primary, text: nodesPlainText(version.primary) },
        ...version.translations.map((t) => ({ lang: t.lang, text: nodesPlainText(t.nodes) })),
      ],
    }
  }

  /** Names a version (null or empty: no name). Facilitators only. */
  rename(actor: Principal, platformId: string, sectionId: string, versionId: string, name: string | null): VersionEntry {
    const why = refusal(actor, 'version.name')
    if (why) throw forbidden('versions.nameFacilitators')
    const row = this.row(platformId, sectionId, versionId)
    const trimmed = name?.trim() || null
    this.gov.commit(
      platformId,
      { platformId, actorId: actor.personId, action: 'version.name', detail: { sectionId, versionId, name: trimmed } },
      () => this.store.renameVersion(platformId, versionId, trimmed),
      [],
    )
    return entryOf({ ...row, name: trimmed })
  }

  /**
   * Brings the version's text back as a new edit: each of its languages the
   * platform still has is made to hold that text with the smallest change
   * (applyNodes), stored and relayed to every client like any edit, then kept
   * as a version of its own. Under the rules of writing the section now: a
   * locked section, an adopted platform, an observer, another organization's
   * section or a held pen refuse, and nothing changes.
   */
  restore(actor: Principal, platformId: string, sectionId: string, versionId: string): { hash: string; versionId: string } {
    const row = this.row(platformId, sectionId, versionId)
    const result = this.documents.withDocument(platformId, (doc) => {
      const section = findSection(doc, sectionId)
      if (!section) throw conflict('removed', 'versions.sectionRemoved')
      const pen = penOn(govSessions(doc)?.values() ?? [], sectionId)
      const why = refusal(actor, 'version.restore', { section, platform: govPlatform(doc), pen })
      if (why === 'adopted' || why === 'locked') throw conflict(why, why === 'adopted' ? 'platform.adopted' : 'section.locked')
      if (why) throw forbidden('versions.writersOnly')
      const stored = this.storedText(row)
      const languages = govPlatform(doc)?.languages
      const texts = stored.languages.filter((l) => l.lang === stored.primary || (languages?.others.includes(l.lang) ?? false))
      writeOnBehalf(this.store, platformId, doc, actor.personId, () => {
        for (const t of texts) {
          const root = t.lang === stored.primary ? sectionRoot(sectionId) : translationRoot(sectionId, t.lang)
          // A language never written then and never since: nothing to bring back, and no empty root to create.
          if (t.nodes.length === 0 && existingXmlFragment(doc, root) === null) continue
          applyNodes(doc.getXmlFragment(root), t.nodes as SectionNode[])
        }
      })
      // The store could not take the edit (disk full…): the room failed and its clients reconnect to what is stored. Not restored.
      if (this.documents.loaded(platformId) !== doc) throw new ApiError(503, 'unavailable', 'versions.notStored')
      // Audited once stored: a restore the store refused is not one.
      this.gov.commit(
        platformId,
        { platformId, actorId: actor.personId, action: 'version.restore', detail: { sectionId, versionId, hash: row.hash } },
        () => {},
        [],
      )
      return readSection(doc, sectionId).hash
    })
    if (result === null) throw notFound('platform')
    const kept = this.keep(platformId, sectionId, 'restore', { actorId: actor.personId, restoredFrom: versionId })
    return { hash: result, versionId: kept?.id ?? versionId }
  }

  private row(platformId: string, sectionId: string, versionId: string): VersionRow {
    if (!this.store.getPlatform(platformId)) throw notFound('platform')
    const row = this.store.getVersion(platformId, versionId)
    if (!row || row.sectionId !== sectionId) throw notFound('version')
    return row
  }

  private storedText(row: VersionRow): StoredVersionText {
    const json = this.store.versionText(row.platformId, row.sectionId, row.hash)
    if (json === null) throw notFound('version')
    return JSON.parse(json) as StoredVersionText
  }
}
