import { useDeferredValue, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react'
import type { GovComment } from '../../../shared/gov.js'
import { languageName } from '../../../shared/languages.js'
import { useI18n } from '../i18n/index.js'
import { ConfirmDialog } from '../shell/ConfirmDialog.js'
import { useComments, type CommentsValue } from './context.js'
import { DECORATED_EVENT } from './highlights.js'
import { CommentText } from './CommentText.js'
import { CommentError, CommentTextInput, useCommentAction, useCommentDraft, useCommentText } from './comment-form.js'
import { type MentionTarget, mentionsIn } from './MentionInput.js'
import { commentRoot } from '../../../shared/documents.js'
import { buildThreads, COMMENT_MAX_CHARS, commentsApi, useTextVersion, type Thread } from './model.js'
import { commentDateFormat } from './dates.js'
import './comments.css'

const GAP = 8
const NO_COMMENTS: GovComment[] = []

/** The same formatter as the inbox's (dates.ts). */
function useDateFormat() {
  const { locale } = useI18n()
  return commentDateFormat(locale)
}

function mentionNames(c: GovComment, ctx: CommentsValue): string[] {
  return [
    ...c.mentions.personIds.map((id) => ctx.people.find((p) => p.id === id)?.name ?? ''),
    ...c.mentions.orgIds.map((id) => ctx.organizations.find((o) => o.id === id)?.name ?? ''),
  ]
}

/**
 * The threads of one section's text (or, on an amendment's page, of the
 * amendment's text), beside it, each aligned with its anchor when there is room.
 */
export function CommentMargin({ sectionId, title, lang = null }: { sectionId: string; title: string; lang?: string | null }) {
  const ctx = useComments()
  const { t } = useI18n()
  const amendmentId = ctx?.amendmentId ?? null
  const version = useTextVersion(ctx?.doc ?? null, commentRoot({ sectionId, amendmentId, lang }))
  const ref = useRef<HTMLDivElement>(null)
  const [offsets, setOffsets] = useState<Record<string, number>>({})
  // The text and its editor come first; the threads follow in a background render.
  const comments = useDeferredValue(ctx?.comments ?? NO_COMMENTS, NO_COMMENTS)
  // biome-ignore lint/correctness/useExhaustiveDependencies: version is the trigger (the section's text changed); ctx.doc is the only part of ctx read
  const all = useMemo(
    () => (ctx ? buildThreads(ctx.doc, { sectionId, amendmentId, lang }, comments) : []),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [ctx?.doc, comments, sectionId, amendmentId, lang, version],
  )
  const threads = all.filter((th) => {
    if (!ctx) return false
    const f = ctx.filters
    if (f.sectionId && f.sectionId !== sectionId) return false
    if (f.status === 'open' && th.root.resolved) return false
    if (f.status === 'resolved' && !th.root.resolved) return false
    if (f.orgId && ctx.people.find((p) => p.id === th.root.authorId)?.orgId !== f.orgId) return false
    return true
  })
  const pending = ctx?.pending?.sectionId === sectionId && (ctx.pending.lang ?? null) === lang ? ctx.pending : null
  const layoutKey = threads.map((th) => th.root.id).join(',') + (pending ? '+' : '')

  // Align each card with its highlighted text, pushing it down when the one above needs the room.
  // biome-ignore lint/correctness/useExhaustiveDependencies: layoutKey, version and the active thread are triggers: the cards move when any of them changes
  useLayoutEffect(() => {
    const margin = ref.current
    const section = margin?.closest('section')
    if (!margin || !section) return
    const measure = () => {
      const top = margin.getBoundingClientRect().top
      const next: Record<string, number> = {}
      const marks = new Map<string, HTMLElement>()
      for (const mark of section.querySelectorAll<HTMLElement>('.comment-highlight[data-comment-id]')) {
        const id = mark.dataset.commentId!
        if (!marks.has(id)) marks.set(id, mark)
      }
      let bottom = 0
      for (const card of margin.querySelectorAll<HTMLElement>(':scope > [data-thread-id]')) {
        const id = card.dataset.threadId!
        const mark = marks.get(id)
        const want = mark ? mark.getBoundingClientRect().top - top : bottom
        const place = Math.max(want, bottom)
        next[id] = Math.round(place - bottom)
        bottom = place + card.offsetHeight + GAP
      }
      setOffsets((prev) => (JSON.stringify(prev) === JSON.stringify(next) ? prev : next))
    }
    let frame = 0
    const later = () => {
      cancelAnimationFrame(frame)
      frame = requestAnimationFrame(measure)
    }
    measure()
    const observer = new ResizeObserver(later)
    observer.observe(section)
    const onDecorated = (e: Event) => {
      if ((e as CustomEvent<{ sectionId: string }>).detail.sectionId === sectionId) later()
    }
    window.addEventListener(DECORATED_EVENT, onDecorated)
    return () => {
      observer.disconnect()
      cancelAnimationFrame(frame)
      window.removeEventListener(DECORATED_EVENT, onDecorated)
    }
  }, [layoutKey, version, ctx?.active])

  if (!ctx) return null
  if (threads.length === 0 && !pending) return null
  return (
    <aside ref={ref} className="comment-margin" aria-label={t('comments.margin', { title })} data-comment-margin={sectionId}>
      {pending ? <NewThread key={`${pending.start}:${pending.end}`} /> : null}
      {threads.map((th) => (
        <ThreadCard key={th.root.id} thread={th} offset={offsets[th.root.id] ?? 0} />
      ))}
    </aside>
  )
}

function NewThread() {
  const ctx = useComments()!
  const { t } = useI18n()
  const pending = ctx.pending!
  const { text, error, busy, submit } = useCommentDraft(async (body, mentions) => {
    const place = {
      sectionId: pending.sectionId,
      ...(pending.amendmentId ? { amendmentId: pending.amendmentId } : {}),
      ...(pending.lang ? { lang: pending.lang } : {}),
    }
    const { id } = await commentsApi.create(ctx.platformId, { ...place, start: pending.start, end: pending.end, body, mentions })
    ctx.cancelThread()
    // Keep the keyboard where the work is: on the new thread.
    ctx.activate(id, 'inbox')
  })
  const body = text.body
  return (
    <form
      className="comment-thread comment-new"
      aria-label={t('comments.newThread')}
      onSubmit={(e) => {
        e.preventDefault()
        void submit()
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') ctx.cancelThread()
      }}
    >
      <p className="comment-quote">
        <span className="visually-hidden">{t('comments.quoteLabel')}: </span>“{pending.quote}”
      </p>
      <CommentTextInput text={text} label={t('comments.bodyLabel')} onSubmit={() => void submit()} autoFocus />
      {body.length > COMMENT_MAX_CHARS - 1000 ? (
        <p className={body.length > COMMENT_MAX_CHARS ? 'comment-error' : 'muted small'} aria-live="polite">
          {t('comments.charsLeft', { count: COMMENT_MAX_CHARS - body.length })}
        </p>
      ) : null}
      <CommentError error={error} />
      <div className="comment-actions">
        <button type="submit" disabled={busy || body.trim() === ''}>
          {t('comments.post')}
        </button>
        <button type="button" className="link-button" onClick={ctx.cancelThread}>
          {t('comments.cancel')}
        </button>
      </div>
    </form>
  )
}

function ThreadCard({ thread, offset }: { thread: Thread; offset: number }) {
  const ctx = useComments()!
  const { t, locale } = useI18n()
  const ref = useRef<HTMLElement>(null)
  const { root, replies } = thread
  const isActive = ctx.active === root.id
  const resolved = root.resolved !== null
  const { error, run } = useCommentAction()
  // A resolved thread shows only its quote and count until asked (a click, or opening it from the text or the inbox).
  const [expanded, setExpanded] = useState(false)
  // biome-ignore lint/correctness/useExhaustiveDependencies: resolved is the trigger: resolving folds the thread up
  useEffect(() => setExpanded(false), [resolved])
  const showAll = !resolved || expanded

  // A click on its highlight shows the thread; from a read-only text, the keyboard or the inbox it takes the focus.
  const activation = ctx.activation?.threadId === root.id && (ctx.activation.from === 'text' || ctx.activation.from === 'inbox') ? ctx.activation : null
  useEffect(() => {
    if (!activation || !ref.current) return
    setExpanded(true)
    ref.current.scrollIntoView({ block: 'nearest' })
    if (activation.focus) ref.current.focus({ preventScroll: true })
  }, [activation])

  const author = ctx.personName(root.authorId) || t('comments.someone')
  const quote = root.quote ?? ''
  const shortQuote = quote.length > 60 ? `${quote.slice(0, 60)}…` : quote
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: a click anywhere on the card is a mouse shortcut; the keyboard reaches the same by focus (onFocus below)
    <article
      ref={ref}
      tabIndex={-1}
      data-thread-id={root.id}
      data-resolved={resolved ? 'true' : 'false'}
      data-text-removed={thread.textRemoved ? 'true' : 'false'}
      className={['comment-thread', isActive ? 'active' : '', resolved ? 'resolved' : ''].join(' ')}
      style={{ marginTop: offset }}
      aria-label={t('comments.threadLabel', { name: author, quote: shortQuote })}
      onClick={(e) => {
        if ((e.target as HTMLElement).closest('button, a, textarea, input, form')) return
        if (!isActive) ctx.activate(root.id, 'thread')
      }}
      onFocus={() => {
        if (!isActive) ctx.activate(root.id, 'margin')
      }}
    >
      <div className="comment-thread-head">
        {resolved ? (
          <span className="badge comment-badge-resolved">{t('comments.resolvedBy', { name: ctx.personName(root.resolved!.by) || t('comments.someone') })}</span>
        ) : null}
        {thread.textRemoved ? <span className="badge comment-badge-removed">{t('comments.textRemoved')}</span> : null}
        {root.lang ? (
          <span className="badge comment-badge-lang" lang={locale}>
            {t('comments.onTranslation', { language: languageName(root.lang, locale) })}
          </span>
        ) : null}
      </div>
      {thread.textRemoved ? (
        <p className="comment-quote removed">
          {t('comments.textRemovedHelp')} “{quote}”
        </p>
      ) : (
        <button type="button" className="comment-quote link-button" onClick={() => ctx.activate(root.id, 'thread')} title={t('comments.showText')}>
          <span className="visually-hidden">{t('comments.showText')}: </span>“{shortQuote}”
        </button>
      )}
      {showAll ? (
        <>
          <CommentItem comment={root} />
          {replies.map((r) => (
            <CommentItem key={r.id} comment={r} reply />
          ))}
          {ctx.can('comment.create') && isActive ? <ReplyBox threadId={root.id} /> : null}
        </>
      ) : (
        <button type="button" className="link-button small comment-expand" aria-expanded={false} onClick={() => setExpanded(true)}>
          {t('comments.count', { count: replies.length + 1 })}
        </button>
      )}
      <CommentError error={error} />
      {ctx.can('comment.resolve') ? (
        <div className="comment-actions">
          <button type="button" className="comment-resolve" onClick={() => void run(() => commentsApi.resolve(ctx.platformId, root.id, !resolved))}>
            {resolved ? t('comments.reopen') : t('comments.resolve')}
          </button>
        </div>
      ) : null}
    </article>
  )
}

function CommentItem({ comment, reply = false }: { comment: GovComment; reply?: boolean }) {
  const ctx = useComments()!
  const { t } = useI18n()
  const date = useDateFormat()
  const [editing, setEditing] = useState(false)
  // A delete or hide being confirmed (in the page, in the chosen language).
  const [asking, setAsking] = useState<'delete' | 'hide' | null>(null)
  const draft = useCommentText(comment.body ?? '')
  const { error, run } = useCommentAction()
  const mayEdit = ctx.can('comment.edit', comment)
  const mayDelete = ctx.can('comment.delete', comment)
  const author = ctx.personName(comment.authorId) || t('comments.someone')
  const org = ctx.organizations.find((o) => o.id === ctx.people.find((p) => p.id === comment.authorId)?.orgId)
  const existingMentions: MentionTarget[] = [
    ...comment.mentions.personIds.map((id) => ({ kind: 'person' as const, id, name: ctx.personName(id) })),
    ...comment.mentions.orgIds.map((id) => ({ kind: 'org' as const, id, name: ctx.organizations.find((o) => o.id === id)?.name ?? '' })),
  ]
  const save = () =>
    run(
      () => commentsApi.edit(ctx.platformId, comment.id, { body: draft.body, mentions: mentionsIn(draft.body, [...existingMentions, ...draft.chosen]) }),
      () => setEditing(false),
    )
  return (
    <div className={reply ? 'comment-item comment-reply' : 'comment-item'} data-comment-id={comment.id}>
      <p className="comment-meta">
        <strong className="comment-author">{author}</strong>
        {org ? <span className="muted small"> · {org.shortName || org.name}</span> : null}{' '}
        <time className="muted small" dateTime={comment.createdAt}>
          {date.format(new Date(comment.createdAt))}
        </time>
        {comment.editedAt ? <span className="muted small"> · {t('comments.edited')}</span> : null}
      </p>
      {comment.hidden ? (
        <p className="comment-body muted">
          {t('comments.hidden', { name: ctx.personName(comment.hidden.by) || t('comments.someone'), reason: comment.hidden.reason })}
        </p>
      ) : comment.deleted || comment.body === null ? (
        <p className="comment-body muted">{t('comments.deleted')}</p>
      ) : editing ? (
        <form
          onSubmit={(e) => {
            e.preventDefault()
            void save()
          }}
        >
          <CommentTextInput text={draft} label={t('comments.bodyLabel')} onSubmit={() => void save()} autoFocus />
          <div className="comment-actions">
            <button type="submit" disabled={draft.body.trim() === ''}>
              {t('comments.save')}
            </button>
            <button type="button" className="link-button" onClick={() => setEditing(false)}>
              {t('comments.cancel')}
            </button>
          </div>
        </form>
      ) : (
        <CommentText body={comment.body} mentionNames={mentionNames(comment, ctx)} />
      )}
      <CommentError error={error} />
      {!editing && !comment.deleted && !comment.hidden ? (
        <div className="comment-item-actions">
          {mayEdit ? (
            <button
              type="button"
              className="link-button small"
              onClick={() => {
                draft.setBody(comment.body ?? '')
                setEditing(true)
              }}
            >
              {t('comments.edit')}
            </button>
          ) : null}
          {mayDelete ? (
            <button type="button" className="link-button small" onClick={() => setAsking('delete')}>
              {t('comments.delete')}
            </button>
          ) : null}
          {ctx.can('comment.hide') ? (
            <button type="button" className="link-button small" onClick={() => setAsking('hide')}>
              {t('comments.hide')}
            </button>
          ) : null}
          {asking === 'delete' ? (
            <ConfirmDialog
              message={t('comments.deleteConfirm')}
              confirmLabel={t('comments.delete')}
              onCancel={() => setAsking(null)}
              onConfirm={() => {
                setAsking(null)
                void run(() => commentsApi.remove(ctx.platformId, comment.id))
              }}
            />
          ) : null}
          {asking === 'hide' ? (
            <ConfirmDialog
              message={t('comments.hideConfirm')}
              reasonLabel={t('comments.hideReason')}
              confirmLabel={t('comments.hide')}
              onCancel={() => setAsking(null)}
              onConfirm={(reason) => {
                setAsking(null)
                void run(() => commentsApi.hide(ctx.platformId, comment.id, reason))
              }}
            />
          ) : null}
        </div>
      ) : null}
    </div>
  )
}

function ReplyBox({ threadId }: { threadId: string }) {
  const ctx = useComments()!
  const { t } = useI18n()
  const { text, error, busy, submit } = useCommentDraft(async (body, mentions) => {
    await commentsApi.reply(ctx.platformId, { parentId: threadId, body, mentions })
    text.reset()
  })
  return (
    <form
      className="comment-reply-form"
      onSubmit={(e) => {
        e.preventDefault()
        void submit()
      }}
    >
      <CommentTextInput text={text} label={t('comments.replyLabel')} onSubmit={() => void submit()} className="comment-textarea comment-reply-text" rows={1} />
      <CommentError error={error} />
      {text.body.trim() !== '' ? (
        <div className="comment-actions">
          <button type="submit" disabled={busy}>
            {t('comments.postReply')}
          </button>
        </div>
      ) : null}
    </form>
  )
}
