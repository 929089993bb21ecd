import { languageName } from '../../../shared/languages.js'
import type { ApprovalNotice, InboxItem } from '../../../shared/api.js'
import type { GovComment } from '../../../shared/gov.js'
import { govAmendments } from '../../../shared/gov.js'
import { type TFunction, useI18n } from '../i18n/index.js'
import { amendmentPath, sectionPath } from '../routes.js'
import { requestReview } from '../signoff/approval-notices.js'
import { navigateInApp } from '../signoff/navigation.js'
import { type CommentsValue, pendingShow, useComments } from './context.js'
import { commentDateFormat } from './dates.js'

/** One line of the inbox: a comment's (mention, reply) or a stale approval's notice. */
export type InboxEntry = { kind: 'comment'; item: InboxItem } | { kind: 'approval'; item: ApprovalNotice }

interface Props {
  id: string
  entries: InboxEntry[]
  allUnread: number
  loadError: string | null
  /** Marks these comment items read (all items, and the approvals' notices, without ids). */
  markRead: (ids?: number[]) => Promise<void>
  markApprovalRead: (ids?: number[]) => Promise<void>
  onClose: () => void
}

/**
 * The inbox's open list (Inbox.tsx keeps the button, its unread count and the
 * fetching): a chunk of its own, fetched when the inbox is first opened.
 */
export function InboxPanel({ id, entries, allUnread, loadError, markRead, markApprovalRead, onClose }: Props) {
  const ctx = useComments()
  const { t, locale } = useI18n()
  if (!ctx) return null
  const date = commentDateFormat(locale)
  return (
    <div id={id} className="comments-inbox-panel" role="region" aria-label={t('approvals.inboxTitle')}>
      <div className="comments-inbox-head">
        <h2>{t('approvals.inboxTitle')}</h2>
        {allUnread > 0 ? (
          <button type="button" className="link-button small" onClick={() => void markRead()}>
            {t('comments.markAllRead')}
          </button>
        ) : null}
        <button type="button" className="link-button small" onClick={onClose}>
          {t('comments.close')}
        </button>
      </div>
      {loadError ? <p className="comment-error">{loadError}</p> : null}
      {entries.length === 0 ? <p className="muted">{t('comments.inboxEmpty')}</p> : null}
      <ul>
        {entries.map((entry) => {
          if (entry.kind === 'approval')
            return <ApprovalNoticeLine key={`a${entry.item.id}`} notice={entry.item} onOpen={onClose} markRead={markApprovalRead} />
          const item = entry.item
          const comment = ctx.allComments.find((c) => c.id === item.commentId)
          const author = comment ? ctx.personName(comment.authorId) || t('comments.someone') : t('comments.someone')
          const where = comment ? placeName(ctx, comment, t, locale) : ''
          const threadId = comment ? (comment.parentId ?? comment.id) : null
          const excerpt = comment?.body ? (comment.body.length > 80 ? `${comment.body.slice(0, 80)}…` : comment.body) : ''
          return (
            <li key={item.id} className={item.read ? 'inbox-item' : 'inbox-item unread'}>
              <button
                type="button"
                className="link-button inbox-open"
                onClick={() => {
                  if (!item.read) void markRead([item.id])
                  if (threadId && comment) open(ctx, comment, threadId)
                  onClose()
                }}
              >
                {!item.read ? <span className="visually-hidden">{t('comments.unread')}: </span> : null}
                <strong>{item.kind === 'mention' ? t('comments.inboxMention', { name: author }) : t('comments.inboxReply', { name: author })}</strong>{' '}
                {where ? <span className="muted small">{where}</span> : null}
              </button>
              {excerpt ? <p className="inbox-excerpt">{excerpt}</p> : null}
              <time className="muted small" dateTime={item.createdAt}>
                {date.format(new Date(item.createdAt))}
              </time>
            </li>
          )
        })}
      </ul>
    </div>
  )
}

/** Where a comment is: "in <section>", or "on the amendment <title>". */
function placeName(ctx: CommentsValue, comment: GovComment, t: TFunction, locale: string): string {
  if (comment.amendmentId) {
    const title = govAmendments(ctx.doc)?.get(comment.amendmentId)?.title
    return title ? t('comments.inboxOnAmendment', { title }) : ''
  }
  const section = ctx.sections.find((s) => s.id === comment.sectionId)?.title
  if (!section) return ''
  return comment.lang ? t('comments.inboxInTranslation', { section, language: languageName(comment.lang, locale) }) : t('comments.inboxIn', { section })
}

/** Shows a comment's thread: here when this screen shows its text, else on the screen that does (the thread is shown once its editor mounts). */
function open(ctx: CommentsValue, comment: GovComment, threadId: string): void {
  const amendmentId = comment.amendmentId ?? null
  if (amendmentId === ctx.amendmentId) {
    ctx.activate(threadId, 'inbox')
    return
  }
  pendingShow.threadId = threadId
  pendingShow.openThread = threadId
  navigateInApp(amendmentId ? amendmentPath(ctx.platformId, amendmentId) : sectionPath(ctx.platformId, comment.sectionId))
}

/** A notice that this person's organization approved an earlier version of a section, with the way to its review. */
function ApprovalNoticeLine({ notice, onOpen, markRead }: { notice: ApprovalNotice; onOpen: () => void; markRead: (ids?: number[]) => Promise<void> }) {
  const ctx = useComments()
  const { t, locale } = useI18n()
  if (!ctx) return null
  const section = ctx.sections.find((s) => s.id === notice.sectionId)?.title ?? t('approvals.someSection')
  const org = ctx.organizations.find((o) => o.id === notice.orgId)?.name ?? t('section.unknownOrg')
  const date = commentDateFormat(locale)
  return (
    <li className={notice.read ? 'inbox-item inbox-approval' : 'inbox-item inbox-approval unread'} data-approval-notice={notice.sectionId}>
      <a
        className="inbox-open"
        href={sectionPath(ctx.platformId, notice.sectionId)}
        onClick={(e) => {
          if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return
          e.preventDefault()
          if (!notice.read) void markRead([notice.id])
          history.replaceState(null, '', sectionPath(ctx.platformId, notice.sectionId))
          document.getElementById(notice.sectionId)?.scrollIntoView({ block: 'start' })
          requestReview(notice.sectionId)
          onOpen()
        }}
      >
        {!notice.read ? <span className="visually-hidden">{t('comments.unread')}: </span> : null}
        <strong>{t('approvals.staleNotice', { section })}</strong> <span className="small">{t('approvals.reviewAgain')}</span>
      </a>
      <p className="inbox-excerpt">
        {t('approvals.staleNoticeDetail', { org, date: date.format(new Date(notice.approvedAt)) })}
        {/* The server names the amendment whose acceptance made the approval stale (issue 14); other edits name none. */}
        {notice.amendment ? ` ${t('amendments.inbox.byAmendment', { title: notice.amendment.title })}` : null}
      </p>
      <time className="muted small" dateTime={notice.createdAt}>
        {date.format(new Date(notice.createdAt))}
      </time>
    </li>
  )
}
