/**
 * Approvals an edit made stale (issue 13): when a section's text moves away
 * from the hash an organization approved, that organization's board
 * representatives get one notice in their inbox ("your approval is now of an
 * earlier version"). One per person and approval, however many edits follow;
 * a new approval that goes stale gives a new one.
 *
 * Detected here, on the governance side, from the server's own document: the
 * relay knows nothing of sign-off. app.ts wraps the governance hooks
 * (withDocumentWatch, server/gov/document-watch.ts) so that each loaded document is watched; edits to
 * section bodies mark those sections, and a check runs once the writing
 * pauses. A load checks every section (edits made just before a crash or a
 * restart are noticed then), and an unload runs what was still pending.
 */
import * as Y from 'yjs'
import { parseRoot } from '../../shared/documents.js'
import { STALE_APPROVAL_CHECK_MS } from '../../shared/limits.js'
import { readSection } from '../documents/documents.js'
import type { DocumentWatcher } from '../gov/document-watch.js'
import { REMOTE_ORIGIN } from '../relay/hooks.js'
import type { Store } from '../store/store.js'

interface Watched {
  doc: Y.Doc
  /** Sections edited since the last check; null: every section (after a load). */
  dirty: Set<string> | null
  timer: NodeJS.Timeout | null
  stop: () => void
}

export class StaleApprovals implements DocumentWatcher {
  private readonly watched = new Map<string, Watched>()

  constructor(
    private readonly store: Store,
    private readonly log: (line: string) => void = () => {},
    private readonly delayMs = STALE_APPROVAL_CHECK_MS,
  ) {}

  /** Watches a document just loaded; its first check covers every section. */
  watch(platformId: string, doc: Y.Doc): void {
    this.unwatch(platformId, false)
    const entry: Watched = { doc, dirty: null, timer: null, stop: () => {} }
    const onTransaction = (tr: Y.Transaction) => {
      // Another instance accepted it, and that instance's watcher checks it.
      if (tr.origin === REMOTE_ORIGIN) return
      if (entry.dirty === null && entry.timer) return
      for (const type of tr.changedParentTypes.keys()) {
        // Only roots: a root's name says which section it is (a translation's too: the approval covers every language).
        if (type._item !== null) continue
        const root = parseRoot(Y.findRootTypeKey(type))
        if (root.kind !== 'body') continue
        const sectionId = root.sectionId
        entry.dirty?.add(sectionId)
        entry.timer ??= setTimeout(() => this.check(platformId), this.delayMs)
      }
    }
    doc.on('afterTransaction', onTransaction)
    entry.stop = () => doc.off('afterTransaction', onTransaction)
    entry.timer = setTimeout(() => this.check(platformId), this.delayMs)
    this.watched.set(platformId, entry)
  }

  /** The document leaves memory: what was edited since the last check is checked now (reading only), then watching stops. */
  unwatch(platformId: string, flush = true): void {
    const entry = this.watched.get(platformId)
    if (!entry) return
    if (flush && entry.timer) this.check(platformId)
    if (entry.timer) clearTimeout(entry.timer)
    entry.stop()
    this.watched.delete(platformId)
  }

  /**
   * Gives notices for the approvals that went stale in the sections edited
   * since the last check. Returns how many notices were added.
   */
  check(platformId: string): number {
    const entry = this.watched.get(platformId)
    if (!entry) return 0
    if (entry.timer) clearTimeout(entry.timer)
    entry.timer = null
    const dirty = entry.dirty
    entry.dirty = new Set()
    try {
      return this.notify(platformId, entry.doc, dirty)
    } catch (e) {
      // A failing store must not end the process; the next load checks again.
      this.log(`stale approvals check failed for ${platformId}: ${e instanceof Error ? e.message : String(e)}`)
      return 0
    }
  }

  /**
   * An accepted amendment changed a section: its approvals go stale now, and
   * their notices name the amendment (a later check finds them noticed).
   */
  noticeAmendment(platformId: string, doc: Y.Doc, sectionId: string, amendmentId: string): number {
    try {
      return this.notify(platformId, doc, new Set([sectionId]), amendmentId)
    } catch (e) {
      this.log(`stale approvals check failed for ${platformId}: ${e instanceof Error ? e.message : String(e)}`)
      return 0
    }
  }

  private notify(platformId: string, doc: Y.Doc, sections: Set<string> | null, amendmentId: string | null = null): number {
    if (sections?.size === 0) return 0
    const approvals = this.store.latestSignoffs(platformId).filter((s) => s.decision === 'approve' && (sections === null || sections.has(s.sectionId)))
    if (approvals.length === 0) return 0
    const hashes = new Map<string, string>()
    const hashOf = (sectionId: string) => {
      let hash = hashes.get(sectionId)
      if (hash === undefined) {
        hash = readSection(doc, sectionId).hash
        hashes.set(sectionId, hash)
      }
      return hash
    }
    const stale = approvals.filter((s) => hashOf(s.sectionId) !== s.hash)
    if (stale.length === 0) return 0
    // An approval gives its notices once: later edits, and a rep who joins afterwards, add none.
    const noticed = this.store.noticedSignoffs(stale.map((s) => s.id))
    const fresh = stale.filter((s) => !noticed.has(s.id))
    if (fresh.length === 0) return 0
    const reps = this.store.listMembers(platformId).filter((m) => m.role === 'boardRep' && m.orgId !== null)
    const createdAt = new Date().toISOString()
    return this.store.addApprovalNotices(
      fresh.flatMap((s) =>
        reps
          .filter((m) => m.orgId === s.orgId)
          .map((m) => ({ personId: m.personId, platformId, signoffId: s.id, sectionId: s.sectionId, orgId: s.orgId, amendmentId, createdAt })),
      ),
    )
  }
}
