import { useCallback, useEffect, useId, useState } from 'react'
import type { InboxItem } from '../../../shared/api.js'
import { api, enc } from '../api.js'
import { useI18n } from '../i18n/index.js'
import { LineIcon } from '../icons.js'
import { useApprovalNotices } from '../signoff/approval-notices.js'
import { useLazyPart } from '../shell/lazy-part.js'
import { inboxPanelPart } from '../platform/lazy-parts.js'
import { useComments } from './context.js'
import { commentErrorText } from './model.js'
import type { InboxEntry as Entry } from './InboxPanel.js'
import './comments.css'

/** Mentions, replies and stale approvals for this person, with the unread count, in the page header. */
export function CommentsInbox() {
  const ctx = useComments()
  const { t } = useI18n()
  const id = useId()
  const [items, setItems] = useState<InboxItem[]>([])
  const [unread, setUnread] = useState(0)
  const [open, setOpen] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const platformId = ctx?.platformId ?? ''
  const commentsKey = ctx ? `${ctx.allComments.length}:${ctx.allComments.map((c) => c.id).join('').length}` : ''
  const approvals = useApprovalNotices(ctx?.doc ?? null, platformId, ctx?.principal?.orgId ?? null)

  const load = useCallback(async () => {
    if (!platformId) return
    try {
      const res = await api<{ items: InboxItem[]; unread: number }>('GET', `/api/platforms/${enc(platformId)}/inbox`)
      setItems(res.items)
      setUnread(res.unread)
      setError(null)
    } catch (e) {
      setError(commentErrorText(t, e))
    }
  }, [platformId, t])

  // Refetch when the comments in gov change (new mentions and replies arrive that way).
  // biome-ignore lint/correctness/useExhaustiveDependencies: commentsKey is the trigger: gov's comments changed, so the inbox is fetched again
  useEffect(() => {
    const timer = setTimeout(() => void load(), 300)
    return () => clearTimeout(timer)
  }, [load, commentsKey])

  const markRead = async (ids?: number[]) => {
    // Marking everything read covers the approvals' notices too.
    if (!ids) void approvals.markRead()
    try {
      const res = await api<{ items: InboxItem[]; unread: number }>('POST', `/api/platforms/${enc(platformId)}/inbox/read`, ids ? { ids } : {})
      setItems(res.items)
      setUnread(res.unread)
    } catch (e) {
      setError(commentErrorText(t, e))
    }
  }

  useEffect(() => {
    if (!open) return
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setOpen(false)
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [open])

  // The list's code is fetched when the inbox is first opened (or earlier, when the page is idle).
  const panel = useLazyPart(inboxPanelPart, open)

  if (!ctx?.principal) return null
  const entries: Entry[] = [...items.map((item): Entry => ({ kind: 'comment', item })), ...approvals.notices.map((item): Entry => ({ kind: 'approval', item }))]
  const sorted = entries.sort((a, b) => b.item.createdAt.localeCompare(a.item.createdAt)).slice(0, 50)
  const allUnread = unread + approvals.unread
  const loadError = error ?? (approvals.error ? commentErrorText(t, approvals.error) : null)
  return (
    <div className="comments-inbox">
      <button type="button" className="comments-inbox-button" aria-expanded={open} aria-controls={`${id}-panel`} onClick={() => setOpen((o) => !o)}>
        {/* On a phone the word gives way to a tray icon (the title needs the room); the button keeps its name. */}
        <LineIcon size={18} strokeWidth={2} className="comments-inbox-icon">
          <path d="M3 13h5l1.5 3h5L16 13h5M5 5h14l2 8v6H3v-6z" />
        </LineIcon>
        <span className="comments-inbox-word">{t('comments.inbox')}</span>
        {allUnread > 0 ? (
          <span className="comments-unread" data-unread={allUnread}>
            {/* A phone shows only the count as a badge (the title needs the room); the words stay for screen readers. */}
            <span className="comments-unread-words"> {t('comments.inboxUnread', { count: allUnread })}</span>
            <span className="comments-unread-badge" aria-hidden="true">
              {t('comments.inboxUnreadBadge', { count: allUnread })}
            </span>
          </span>
        ) : null}
      </button>
      {open && panel ? (
        <panel.InboxPanel
          id={`${id}-panel`}
          entries={sorted}
          allUnread={allUnread}
          loadError={loadError}
          markRead={markRead}
          markApprovalRead={approvals.markRead}
          onClose={() => setOpen(false)}
        />
      ) : null}
    </div>
  )
}

/** Filters of the margins: section, author's organization, open/resolved. */
export function CommentFiltersBar() {
  const ctx = useComments()
  const { t } = useI18n()
  const id = useId()
  if (!ctx) return null
  const { filters, setFilters } = ctx
  const roots = ctx.comments.filter((c) => c.parentId === null)
  if (roots.length === 0) return null
  return (
    <div className="comment-filters" role="group" aria-label={t('comments.filters')}>
      <span className="muted small">{t('comments.count', { count: roots.length })}</span>
      {!ctx.can('comment.create') ? <span className="muted small">{t('comments.observer')}</span> : null}
      <label htmlFor={`${id}-s`}>{t('comments.filterSection')}</label>
      <select
        id={`${id}-s`}
        value={filters.sectionId}
        onChange={(e) => {
          setFilters({ ...filters, sectionId: e.target.value })
          if (e.target.value) document.getElementById(e.target.value)?.scrollIntoView({ block: 'start' })
        }}
      >
        <option value="">{t('comments.allSections')}</option>
        {ctx.sections.map((s) => (
          <option key={s.id} value={s.id}>
            {s.title}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-o`}>{t('comments.filterOrg')}</label>
      <select id={`${id}-o`} value={filters.orgId} onChange={(e) => setFilters({ ...filters, orgId: e.target.value })}>
        <option value="">{t('comments.allOrgs')}</option>
        {ctx.organizations.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-r`}>{t('comments.filterStatus')}</label>
      <select id={`${id}-r`} value={filters.status} onChange={(e) => setFilters({ ...filters, status: e.target.value as 'all' | 'open' | 'resolved' })}>
        <option value="all">{t('comments.statusAll')}</option>
        <option value="open">{t('comments.statusOpen')}</option>
        <option value="resolved">{t('comments.statusResolved')}</option>
      </select>
    </div>
  )
}
