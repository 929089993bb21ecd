import { useEffect, useMemo, useState } from 'react'
import type { DraftingSession } from '../../../shared/drafting.js'
import type { GovAmendment } from '../../../shared/amendments.js'
import type { GovSection } from '../../../shared/gov.js'
import { useGovAmendments } from '../amendments/model.js'
import { api } from '../api.js'
import { useI18n } from '../i18n/index.js'
import { AppHeader } from '../AppHeader.js'
import { PlatformShell, type PlatformLive } from '../shell/PlatformShell.js'
import { LoadingScreen, NarrowPage } from '../shell/screens.js'
import { ConnectionBanners } from '../shell/status.js'
import { platformPath } from '../routes.js'
import { formatWhen, sessionApi, useAction, useSessions } from './model.js'
import './sessions.css'
import './sessions-pages.css'
import { SessionActionError } from './SessionActionError.js'
import { DateTimeField } from './DateTimeField.js'

/** `/p/<id>/sessions`: facilitators plan drafting sessions, start them and find their minutes (inside the PlatformShell). */
export function SessionsPage({ platformId }: { platformId: string }) {
  return <PlatformShell platformId={platformId}>{(live) => <Sessions live={live} />}</PlatformShell>
}

interface DraftItem {
  key: number
  kind: 'section' | 'free'
  sectionId: string | null
  /** A section item about this amendment (of that section). */
  amendmentId: string | null
  title: string
  minutes: number
}

let nextKey = 1

function Sessions({ live }: { live: PlatformLive }) {
  const { t } = useI18n()
  const { platformId, doc, state, gov, principal, can, membership } = live
  const sessions = useSessions(doc)
  const amendments = useGovAmendments(doc)
  useEffect(() => {
    document.title = `${t('sessions.page.title')} — ${gov.platform?.title ?? ''} — ${t('app.name')}`
  }, [t, gov.platform])

  const platformHref = platformPath(platformId)
  const header = <AppHeader title={gov.platform?.title ?? null} titleHref={platformHref} membership={membership} />
  if (gov.platform === null || principal === null) return <LoadingScreen header={header} />
  if (!can('session.run')) {
    return (
      <NarrowPage header={header}>
        <h1>{t('sessions.page.title')}</h1>
        <p>{t('sessions.page.facilitatorsOnly')}</p>
        <p>
          <a href={platformHref}>{t('sessions.page.back')}</a>
        </p>
      </NarrowPage>
    )
  }
  return (
    <>
      {header}
      <ConnectionBanners state={state} />
      <main id="main" className="page sessions-page" tabIndex={-1}>
        <h1>{t('sessions.page.title')}</h1>
        <p className="muted">{t('sessions.page.intro')}</p>
        <p>
          <a href={platformHref}>{t('sessions.page.back')}</a>
        </p>
        <PlanForm platformId={platformId} sections={gov.sections} amendments={amendments} />
        <section className="card" aria-labelledby="sessions-list-title">
          <h2 id="sessions-list-title">{t('sessions.list.title')}</h2>
          {sessions.length === 0 ? <p className="muted">{t('sessions.list.empty')}</p> : null}
          <ul className="sessions-list">
            {sessions.map((s) => (
              <SessionCard
                key={s.id}
                platformId={platformId}
                session={s}
                anotherRunning={sessions.some((o) => o.status === 'running')}
                sections={gov.sections}
              />
            ))}
          </ul>
        </section>
      </main>
    </>
  )
}

function PlanForm({ platformId, sections, amendments }: { platformId: string; sections: GovSection[]; amendments: readonly GovAmendment[] }) {
  const { t } = useI18n()
  const action = useAction()
  const [title, setTitle] = useState('')
  const [scheduled, setScheduled] = useState('')
  const [scheduledPartial, setScheduledPartial] = useState(false)
  const [progressive, setProgressive] = useState(false)
  const [items, setItems] = useState<DraftItem[]>([])
  const [sectionToAdd, setSectionToAdd] = useState('')
  const [freeTitle, setFreeTitle] = useState('')
  const open = amendments.filter((a) => a.status === 'open')
  const [amendmentToAdd, setAmendmentToAdd] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const [done, setDone] = useState('')
  const sectionTitle = (id: string | null) => sections.find((s) => s.id === id)?.title ?? ''
  const amendmentTitle = (a: GovAmendment) => t('sessions.plan.amendmentItem', { title: a.title, section: sectionTitle(a.sectionId) })
  const titleOf = (item: DraftItem) => {
    const amendment = item.amendmentId ? amendments.find((a) => a.id === item.amendmentId) : undefined
    if (amendment) return amendmentTitle(amendment)
    return item.kind === 'section' ? sectionTitle(item.sectionId) : item.title
  }
  const total = items.reduce((sum, i) => sum + (Number.isFinite(i.minutes) ? i.minutes : 0), 0)

  const update = (key: number, change: Partial<DraftItem>) => setItems((list) => list.map((i) => (i.key === key ? { ...i, ...change } : i)))
  const move = (index: number, by: number) =>
    setItems((list) => {
      const next = [...list]
      const [it] = next.splice(index, 1)
      if (it) next.splice(index + by, 0, it)
      return next
    })
  const addSection = () => {
    const id = sectionToAdd || sections[0]?.id
    if (!id) return
    setItems((list) => [...list, { key: nextKey++, kind: 'section', sectionId: id, amendmentId: null, title: '', minutes: 20 }])
  }
  const addAmendment = () => {
    const amendment = open.find((a) => a.id === amendmentToAdd) ?? open[0]
    if (!amendment) return
    setItems((list) => [...list, { key: nextKey++, kind: 'section', sectionId: amendment.sectionId, amendmentId: amendment.id, title: '', minutes: 15 }])
  }
  const addFree = () => {
    if (!freeTitle.trim()) {
      setProblem(t('sessions.plan.needFreeTitle'))
      return
    }
    setItems((list) => [...list, { key: nextKey++, kind: 'free', sectionId: null, amendmentId: null, title: freeTitle.trim(), minutes: 10 }])
    setFreeTitle('')
    setProblem(null)
  }
  const submit = () => {
    setDone('')
    if (!title.trim()) return setProblem(t('sessions.plan.needTitle'))
    if (scheduledPartial) return setProblem(t('sessions.dateTime.incomplete'))
    if (items.length === 0) return setProblem(t('sessions.plan.needItems'))
    if (items.some((i) => i.kind === 'free' && !i.title.trim())) return setProblem(t('sessions.plan.needFreeTitle'))
    setProblem(null)
    const body = {
      title: title.trim(),
      scheduledStart: scheduled ? new Date(scheduled).toISOString() : null,
      progressive,
      agenda: items.map((i) =>
        i.kind === 'section'
          ? { kind: 'section' as const, sectionId: i.sectionId, amendmentId: i.amendmentId, minutes: Math.max(1, Math.round(i.minutes)) }
          : { kind: 'free' as const, title: i.title.trim(), minutes: Math.max(1, Math.round(i.minutes)) },
      ),
    }
    const planned = title.trim()
    void action
      .run(() => api('POST', `/api/platforms/${encodeURIComponent(platformId)}/sessions`, body))
      .then((ok) => {
        if (!ok) return
        setTitle('')
        setScheduled('')
        setProgressive(false)
        setItems([])
        setDone(t('sessions.plan.created', { title: planned }))
      })
  }

  return (
    <section className="card plan-form" aria-labelledby="plan-title">
      <h2 id="plan-title">{t('sessions.plan.title')}</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault()
          submit()
        }}
      >
        <p className="field">
          <label htmlFor="session-title">{t('sessions.plan.name')}</label>
          <input id="session-title" type="text" value={title} maxLength={200} onChange={(e) => setTitle(e.target.value)} />
        </p>
        <DateTimeField
          legend={t('sessions.plan.scheduled')}
          value={scheduled}
          onChange={(value, partial) => {
            setScheduled(value)
            setScheduledPartial(partial)
            if (!partial) setProblem((p) => (p === t('sessions.dateTime.incomplete') ? null : p))
          }}
        />
        <p className="field checkbox-field">
          <label>
            <input type="checkbox" checked={progressive} onChange={(e) => setProgressive(e.target.checked)} aria-describedby="progressive-hint" />{' '}
            {t('sessions.plan.progressive')}
          </label>
          <span id="progressive-hint" className="hint">
            {t('sessions.plan.progressiveHint')}
          </span>
        </p>
        <fieldset className="agenda-editor">
          <legend>{t('sessions.plan.agenda')}</legend>
          {items.length === 0 ? <p className="muted small">{t('sessions.plan.agendaEmpty')}</p> : null}
          <ol className="agenda-items">
            {items.map((item, index) => {
              const label = titleOf(item) || t('sessions.plan.itemTitle', { number: index + 1 })
              return (
                <li key={item.key} className={`agenda-item agenda-${item.kind}`}>
                  {item.kind === 'section' ? (
                    <span className="agenda-item-title">{label}</span>
                  ) : (
                    <input
                      type="text"
                      aria-label={t('sessions.plan.itemTitle', { number: index + 1 })}
                      value={item.title}
                      maxLength={200}
                      onChange={(e) => update(item.key, { title: e.target.value })}
                    />
                  )}
                  <label className="agenda-minutes">
                    <span className="visually-hidden">{t('sessions.plan.minutes', { title: label })}</span>
                    <input type="number" min={1} max={600} value={item.minutes} onChange={(e) => update(item.key, { minutes: e.target.valueAsNumber })} />{' '}
                    <span aria-hidden="true">{t('sessions.plan.minutesShort')}</span>
                  </label>
                  <span className="agenda-item-actions">
                    <button type="button" disabled={index === 0} aria-label={t('sessions.plan.moveUp', { title: label })} onClick={() => move(index, -1)}>
                      <span aria-hidden="true">↑</span>
                    </button>
                    <button
                      type="button"
                      disabled={index === items.length - 1}
                      aria-label={t('sessions.plan.moveDown', { title: label })}
                      onClick={() => move(index, 1)}
                    >
                      <span aria-hidden="true">↓</span>
                    </button>
                    <button
                      type="button"
                      aria-label={t('sessions.plan.remove', { title: label })}
                      onClick={() => setItems((list) => list.filter((i) => i.key !== item.key))}
                    >
                      <span aria-hidden="true">✕</span>
                    </button>
                  </span>
                </li>
              )
            })}
          </ol>
          <p className="small">{t('sessions.plan.total', { minutes: total })}</p>
          <div className="agenda-add">
            <label htmlFor="agenda-section">{t('sessions.plan.sectionToAdd')}</label>
            <select id="agenda-section" value={sectionToAdd} onChange={(e) => setSectionToAdd(e.target.value)}>
              {sections.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.title}
                </option>
              ))}
            </select>
            <button type="button" onClick={addSection}>
              {t('sessions.plan.addSection')}
            </button>
          </div>
          {open.length > 0 ? (
            <div className="agenda-add">
              <label htmlFor="agenda-amendment">{t('sessions.plan.amendmentToAdd')}</label>
              <select id="agenda-amendment" value={amendmentToAdd} onChange={(e) => setAmendmentToAdd(e.target.value)}>
                {open.map((a) => (
                  <option key={a.id} value={a.id}>
                    {amendmentTitle(a)}
                  </option>
                ))}
              </select>
              <button type="button" onClick={addAmendment}>
                {t('sessions.plan.addAmendment')}
              </button>
            </div>
          ) : null}
          <div className="agenda-add">
            <label htmlFor="agenda-free">{t('sessions.plan.freeToAdd')}</label>
            <input
              id="agenda-free"
              type="text"
              value={freeTitle}
              maxLength={200}
              placeholder={t('sessions.plan.freePlaceholder')}
              onChange={(e) => setFreeTitle(e.target.value)}
            />
            <button type="button" onClick={addFree}>
              {t('sessions.plan.addFree')}
            </button>
          </div>
        </fieldset>
        {problem ? (
          <p className="form-error" role="alert">
            {problem}
          </p>
        ) : null}
        {action.error ? (
          <p className="form-error" role="alert">
            {t('sessions.plan.failed', { message: action.error })}
          </p>
        ) : null}
        <p>
          <button type="submit" className="primary" disabled={action.busy}>
            {t('sessions.plan.create')}
          </button>{' '}
          <span role="status">{done}</span>
        </p>
      </form>
    </section>
  )
}

const STATUS_KEYS = { planned: 'sessions.status.planned', running: 'sessions.status.running', ended: 'sessions.status.ended' } as const

function SessionCard({
  platformId,
  session,
  anotherRunning,
  sections,
}: {
  platformId: string
  session: DraftingSession
  anotherRunning: boolean
  sections: GovSection[]
}) {
  const { t, locale } = useI18n()
  const action = useAction()
  const actions = useMemo(() => sessionApi(platformId, session.id), [platformId, session.id])
  const platformHref = platformPath(platformId)
  const titleOf = (i: DraftingSession['agenda'][number]) =>
    i.sectionId && !i.amendmentId ? (sections.find((s) => s.id === i.sectionId)?.title ?? i.title) : i.title
  return (
    <li className="session-card" data-session-id={session.id} data-status={session.status}>
      <h3>
        {session.title} <span className={`badge status-badge status-${session.status}`}>{t(STATUS_KEYS[session.status])}</span>
      </h3>
      <p className="small muted">
        {session.status === 'planned' && session.scheduledStart ? t('sessions.list.scheduled', { when: formatWhen(session.scheduledStart, locale) }) : null}
        {session.status === 'running' && session.startedAt ? t('sessions.list.started', { when: formatWhen(session.startedAt, locale) }) : null}
        {session.status === 'ended' && session.endedAt ? t('sessions.list.ended', { when: formatWhen(session.endedAt, locale) }) : null}
      </p>
      <ol className="agenda-summary small">
        {session.agenda.map((i, index) => (
          <li key={index}>{t('sessions.list.agendaItem', { title: titleOf(i), minutes: Math.round(i.timeBoxMs / 60_000) })}</li>
        ))}
      </ol>
      {session.status === 'planned' ? (
        <button
          type="button"
          className="primary"
          disabled={action.busy || anotherRunning}
          onClick={() =>
            void action.run(actions.start).then((ok) => {
              if (ok) location.assign(platformHref)
            })
          }
        >
          {t('sessions.list.start', { title: session.title })}
        </button>
      ) : null}
      {session.status === 'running' ? <a href={platformHref}>{t('sessions.list.open')}</a> : null}
      {session.status === 'ended' ? (
        <p className="minutes-links">
          <a href={actions.minutesMd(locale)}>{t('sessions.list.minutesMd')}</a> · <a href={actions.minutesHtml(locale)}>{t('sessions.list.minutesHtml')}</a>
        </p>
      ) : null}
      {session.status !== 'planned' ? <NotesField session={session} actions={actions} /> : null}
      <SessionActionError error={action.error} />
    </li>
  )
}

/** The facilitator's notes, loaded from the HTML minutes (the only place the server returns them). */
function NotesField({ session, actions }: { session: DraftingSession; actions: ReturnType<typeof sessionApi> }) {
  const { t } = useI18n()
  const action = useAction()
  const [notes, setNotes] = useState<string | null>(null)
  const [saved, setSaved] = useState('')
  useEffect(() => {
    const controller = new AbortController()
    fetch(actions.minutesHtml('en'), { credentials: 'same-origin', signal: controller.signal })
      .then((res) => (res.ok ? res.text() : ''))
      .then((html) => {
        const doc = new DOMParser().parseFromString(html, 'text/html')
        setNotes((current) => current ?? doc.querySelector('.notes')?.textContent ?? '')
      })
      .catch(() => setNotes((current) => current ?? ''))
    return () => controller.abort()
  }, [actions])
  const id = `notes-${session.id}`
  return (
    <form
      className="notes-form"
      onSubmit={(e) => {
        e.preventDefault()
        setSaved('')
        void action.run(() => actions.notes(notes ?? '')).then((ok) => ok && setSaved(t('sessions.list.notesSaved')))
      }}
    >
      <label htmlFor={id}>{t('sessions.list.notes', { title: session.title })}</label>
      <textarea id={id} rows={4} value={notes ?? ''} disabled={notes === null} maxLength={50_000} onChange={(e) => setNotes(e.target.value)} />
      <p>
        <button type="submit" disabled={action.busy || notes === null}>
          {t('sessions.list.saveNotes')}
        </button>{' '}
        <span role="status">{saved}</span>
      </p>
      <SessionActionError error={action.error} />
    </form>
  )
}
