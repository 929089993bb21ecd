import { randomUUID } from 'node:crypto'
import type { CommentSummary, InboxItem } from '../../shared/api.js'
import { commentRoot } from '../../shared/documents.js'
import { existingXmlFragment } from '../../shared/existing-root.js'
import { can, type Principal } from '../../shared/policy.js'
import { layoutSection, resolveAnchor } from '../../shared/section-text.js'
import { ApiError, forbidden, invalid, notFound } from '../errors.js'
import type { GovContext } from '../gov/context.js'
import type { SlidingWindowLimit } from '../identity/rate-limit.js'
import type { DocumentReader } from '../documents/documents.js'
import type { CommentRow, Mentions } from '../store/store.js'

export interface CommentLimits {
  maxChars: number
  /** Comments (new, replies and edits) per person per minute. */
  limiter: SlidingWindowLimit
}

type NewComment =
  | {
      sectionId: string
      amendmentId?: string | undefined
      lang?: string | undefined
      start: string
      end: string
      body: string
      mentions?: Partial<Mentions> | undefined
    }
  | { parentId: string; body: string; mentions?: Partial<Mentions> | undefined }

/**
 * Comment threads: server-owned records, written through the API and
 * delivered to everyone through the `gov` projection. Commenting never
 * touches a section's text.
 */
export class Comments {
  constructor(
    private readonly gov: GovContext,
    private readonly documents: DocumentReader,
    private readonly limits: CommentLimits,
  ) {}

  private get store() {
    return this.gov.store
  }

  private checkBody(actor: Principal, body: string): void {
    if (body.length > this.limits.maxChars) {
      throw new ApiError(413, 'too_long', ['comments.tooLong', { max: this.limits.maxChars }], { maxChars: this.limits.maxChars })
    }
    const wait = this.limits.limiter.take(actor.personId)
    if (wait > 0) throw new ApiError(429, 'rate_limited', 'comments.rateLimited', { retryAfterMs: wait })
  }

  private checkMentions(platformId: string, mentions: Partial<Mentions> | undefined): Mentions {
    const personIds = [...new Set(mentions?.personIds ?? [])]
    const orgIds = [...new Set(mentions?.orgIds ?? [])]
    for (const personId of personIds) {
      if (!this.store.getMembership(platformId, personId)) throw invalid('comments.mentionPerson')
    }
    for (const orgId of orgIds) {
      if (!this.store.getOrganization(platformId, orgId)) throw invalid('comments.mentionOrg')
    }
    return { personIds, orgIds }
  }

  private existing(platformId: string, commentId: string): CommentRow {
    const row = this.store.getComment(platformId, commentId)
    if (!row) throw notFound('comment')
    return row
  }

  create(actor: Principal, platformId: string, input: NewComment): string {
    if (!can(actor, 'comment.create')) throw forbidden('comments.observers')
    const mentions = this.checkMentions(platformId, input.mentions)
    const id = randomUUID()
    const now = new Date().toISOString()
    let row: CommentRow
    if ('parentId' in input) {
      const parent = this.existing(platformId, input.parentId)
      const rootId = parent.parentId ?? parent.id
      this.checkBody(actor, input.body)
      // A reply is in its thread's place: the section's text or the amendment's.
      row = {
        ...blankComment(id, platformId, actor.personId, now),
        sectionId: parent.sectionId,
        amendmentId: parent.amendmentId,
        lang: parent.lang,
        parentId: rootId,
        body: input.body,
        mentions,
      }
    } else {
      if (!this.store.getSection(platformId, input.sectionId)) throw invalid('section.notInPlatform')
      const amendmentId = input.amendmentId ?? null
      if (amendmentId !== null) {
        // Any status: a decided amendment's text stays readable, and so discussable.
        const amendment = this.store.getAmendment(platformId, amendmentId)
        if (!amendment) throw invalid('comments.noAmendment')
        if (amendment.sectionId !== input.sectionId) throw invalid('comments.amendmentOtherSection')
      }
      const lang = input.lang ?? null
      if (lang !== null) {
        // A translation the platform has: amendments change the primary text only, so not both.
        if (amendmentId !== null) throw invalid('comments.amendmentOrTranslation')
        const languages = this.store.getPlatform(platformId)?.languages
        if (!languages?.others.includes(lang)) throw invalid('comments.noTranslation')
      }
      const place = { sectionId: input.sectionId, amendmentId, lang }
      const anchor = this.documents.withDocument(platformId, (doc) => {
        // Reading never creates a root: an untouched section has none yet.
        const fragment = existingXmlFragment(doc, commentRoot(place))
        return resolveAnchor(doc, fragment, input.start, input.end, layoutSection(fragment))
      })
      if (!anchor?.ok) {
        throw invalid(amendmentId ? 'comments.anchorAmendment' : lang ? 'comments.anchorTranslation' : 'comments.anchorSection')
      }
      if (anchor.removed) throw invalid('comments.anchorEmpty')
      this.checkBody(actor, input.body)
      row = {
        ...blankComment(id, platformId, actor.personId, now),
        sectionId: input.sectionId,
        amendmentId,
        lang,
        body: input.body,
        anchorStart: input.start,
        anchorEnd: input.end,
        quote: anchor.quote.slice(0, 2000),
        mentions,
      }
    }
    this.gov.commit(
      platformId,
      [],
      () => {
        this.store.insertComment(row)
        this.deliver(row)
      },
      [{ kind: 'comment', id }],
      'batched',
    )
    return id
  }

  /** Inbox items: mentions of a person or their organization; replies to threads a person took part in. */
  private deliver(row: CommentRow): void {
    const recipients = new Map<string, 'mention' | 'reply'>()
    const members = this.store.listMembers(row.platformId)
    for (const personId of row.mentions.personIds) recipients.set(personId, 'mention')
    for (const m of members) if (m.orgId && row.mentions.orgIds.includes(m.orgId)) recipients.set(m.personId, 'mention')
    if (row.parentId) {
      for (const c of this.store.listThread(row.platformId, row.parentId)) {
        if (!recipients.has(c.authorId)) recipients.set(c.authorId, 'reply')
      }
    }
    recipients.delete(row.authorId)
    for (const [personId, kind] of recipients) {
      this.store.addInboxItem({ personId, platformId: row.platformId, commentId: row.id, kind, createdAt: row.createdAt })
    }
  }

  edit(actor: Principal, platformId: string, commentId: string, body: string, mentions: Partial<Mentions> | undefined): void {
    const row = this.existing(platformId, commentId)
    if (!can(actor, 'comment.edit', row)) throw forbidden('comments.editOwn')
    if (row.deletedAt || row.hiddenAt) throw new ApiError(409, 'not_editable', 'comments.notEditable')
    const checked = this.checkMentions(platformId, mentions ?? row.mentions)
    this.checkBody(actor, body)
    // People or organizations newly mentioned by the edit hear about it; earlier ones were told already.
    const added: Mentions = {
      personIds: checked.personIds.filter((id) => !row.mentions.personIds.includes(id)),
      orgIds: checked.orgIds.filter((id) => !row.mentions.orgIds.includes(id)),
    }
    this.gov.commit(
      platformId,
      [],
      () => {
        this.store.updateComment(platformId, commentId, { body, mentions: checked, editedAt: new Date().toISOString() })
        this.deliver({ ...row, parentId: null, mentions: added })
      },
      [{ kind: 'comment', id: commentId }],
      'batched',
    )
  }

  remove(actor: Principal, platformId: string, commentId: string): void {
    const row = this.existing(platformId, commentId)
    if (!can(actor, 'comment.delete', row)) throw forbidden('comments.deleteOwn')
    if (row.deletedAt) return
    // The thread stays in place for the replies; only the body goes.
    this.gov.commit(
      platformId,
      [],
      () => this.store.updateComment(platformId, commentId, { body: '', deletedAt: new Date().toISOString() }),
      [{ kind: 'comment', id: commentId }],
      'batched',
    )
  }

  setResolved(actor: Principal, platformId: string, commentId: string, resolved: boolean): void {
    if (!can(actor, 'comment.resolve')) throw forbidden('comments.observers')
    const row = this.existing(platformId, commentId)
    if (row.parentId) throw invalid('comments.resolveThread')
    if (Boolean(row.resolvedAt) === resolved) return
    const now = new Date().toISOString()
    this.gov.commit(
      platformId,
      [],
      () =>
        this.store.updateComment(platformId, commentId, resolved ? { resolvedAt: now, resolvedBy: actor.personId } : { resolvedAt: null, resolvedBy: null }),
      [{ kind: 'comment', id: commentId }],
      'batched',
    )
  }

  hide(actor: Principal, platformId: string, commentId: string, reason: string): void {
    if (!can(actor, 'comment.hide')) throw forbidden('comments.hideFacilitators')
    const row = this.existing(platformId, commentId)
    if (row.hiddenAt) return
    this.gov.commit(
      platformId,
      { platformId, actorId: actor.personId, action: 'comment.hide', detail: { commentId, authorId: row.authorId, reason } },
      () => this.store.updateComment(platformId, commentId, { hiddenAt: new Date().toISOString(), hiddenBy: actor.personId, hiddenReason: reason }),
      [{ kind: 'comment', id: commentId }],
    )
  }

  /** Every comment, with whether its anchored text is gone, as the server's document says now. */
  list(platformId: string): CommentSummary[] {
    const rows = this.store.listComments(platformId)
    const removed = this.documents.withDocument(platformId, (doc) => {
      // One layout per root: a section's text, or an amendment's.
      const layouts = new Map<string, ReturnType<typeof layoutSection>>()
      const result = new Map<string, boolean>()
      for (const row of rows) {
        if (!row.anchorStart || !row.anchorEnd) continue
        const root = commentRoot(row)
        const fragment = existingXmlFragment(doc, root)
        let layout = layouts.get(root)
        if (!layout) layouts.set(root, (layout = layoutSection(fragment)))
        const anchor = resolveAnchor(doc, fragment, row.anchorStart, row.anchorEnd, layout)
        result.set(row.id, !anchor.ok || anchor.removed)
      }
      return result
    })
    return rows.map((row) => ({
      id: row.id,
      parentId: row.parentId,
      sectionId: row.sectionId,
      ...(row.amendmentId ? { amendmentId: row.amendmentId } : {}),
      ...(row.lang ? { lang: row.lang } : {}),
      authorId: row.authorId,
      body: row.deletedAt || row.hiddenAt ? null : row.body,
      resolved: row.resolvedAt !== null,
      textRemoved: removed?.get(row.parentId ?? row.id) ?? false,
    }))
  }

  inbox(personId: string, platformId: string): { items: InboxItem[]; unread: number } {
    const items = this.store.listInbox(personId, platformId).map((i) => ({
      id: i.id,
      commentId: i.commentId,
      kind: i.kind,
      createdAt: i.createdAt,
      read: i.readAt !== null,
    }))
    return { items, unread: items.filter((i) => !i.read).length }
  }

  markRead(personId: string, platformId: string, ids: number[] | null): void {
    this.store.markInboxRead(personId, platformId, ids, new Date().toISOString())
  }
}

/** A comment row with nothing in it yet but who wrote it and when: callers spread it and set the rest. */
export function blankComment(id: string, platformId: string, authorId: string, createdAt: string): CommentRow {
  return {
    id,
    platformId,
    sectionId: '',
    amendmentId: null,
    lang: null,
    parentId: null,
    authorId,
    body: '',
    anchorStart: null,
    anchorEnd: null,
    quote: null,
    createdAt,
    editedAt: null,
    deletedAt: null,
    resolvedAt: null,
    resolvedBy: null,
    hiddenAt: null,
    hiddenBy: null,
    hiddenReason: null,
    mentions: { personIds: [], orgIds: [] },
  }
}
