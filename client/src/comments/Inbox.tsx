import { useCallback, useEffect, useId, useRef, useState } from 'react'
import type { InboxItem } from '../../../shared/api.js'
import { api, enc } from '../api.js'
import { useI18n } from '../i18n/index.js'
import { useComments } from './context.js'
import { commentErrorText } from './model.js'
import './comments.css'

/** Mentions and replies for this person, with the unread count, in the page header. */
export function CommentsInbox() {
  const ctx = useComments()
  const { t, locale } = useI18n()
  const id = useId()
  const [items, setItems] = useState<InboxItem[]>([])
  const [unread, setUnread] = useState(0)
  const [open, setOpen] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const panel = useRef<HTMLDivElement>(null)
  const platformId = ctx?.platformId ?? ''
  const commentsKey = ctx ? ctx.comments.length + ':' + ctx.comments.map((c) => c.id).join('').length : ''

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
  useEffect(() => {
    const timer = setTimeout(() => void load(), 300)
    return () => clearTimeout(timer)
  }, [load, commentsKey])

  const markRead = async (ids?: number[]) => {
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

  if (!ctx || !ctx.principal) return null
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short' })
  const sorted = [...items].sort((a, b) => b.createdAt.localeCompare(a.createdAt)).slice(0, 50)
  return (
    <div className="comments-inbox">
      <button type="button" className="comments-inbox-button" aria-expanded={open} aria-controls={`${id}-panel`} onClick={() => setOpen((o) => !o)}>
        {t('comments.inbox')}
        {unread > 0 ? (
          <span className="comments-unread" data-unread={unread}>
            {' '}
            {t('comments.inboxUnread', { count: unread })}
          </span>
        ) : null}
      </button>
      {open ? (
        <div id={`${id}-panel`} ref={panel} className="comments-inbox-panel" role="region" aria-label={t('comments.inboxTitle')}>
          <div className="comments-inbox-head">
            <h2>{t('comments.inboxTitle')}</h2>
            {unread > 0 ? (
              <button type="button" className="link-button small" onClick={() => void markRead()}>
                {t('comments.markAllRead')}
              </button>
            ) : null}
            <button type="button" className="link-button small" onClick={() => setOpen(false)}>
              {t('comments.close')}
            </button>
          </div>
          {error ? <p className="comment-error">{error}</p> : null}
          {sorted.length === 0 ? <p className="muted">{t('comments.inboxEmpty')}</p> : null}
          <ul>
            {sorted.map((item) => {
              const comment = ctx.comments.find((c) => c.id === item.commentId)
              const author = comment ? ctx.personName(comment.authorId) || t('comments.someone') : t('comments.someone')
              const section = comment ? ctx.sections.find((s) => s.id === comment.sectionId)?.title ?? '' : ''
              const threadId = comment ? (comment.parentId ?? comment.id) : null
              const excerpt = comment?.body ? (comment.body.length > 80 ? `${comment.body.slice(0, 80)}…` : comment.body) : ''
              return (
                <li key={item.id} className={item.read ? 'inbox-item' : 'inbox-item unread'}>
                  <button
                    type="button"
                    className="link-button inbox-open"
                    onClick={() => {
                      if (!item.read) void markRead([item.id])
                      if (threadId) ctx.activate(threadId, 'inbox')
                      setOpen(false)
                    }}
                  >
                    {!item.read ? <span className="visually-hidden">{t('comments.unread')}: </span> : null}
                    <strong>{item.kind === 'mention' ? t('comments.inboxMention', { name: author }) : t('comments.inboxReply', { name: author })}</strong>{' '}
                    {section ? <span className="muted small">{t('comments.inboxIn', { section })}</span> : null}
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
      {!ctx.canComment ? <span className="muted small">{t('comments.observer')}</span> : null}
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
