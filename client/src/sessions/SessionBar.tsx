import { useEffect, useMemo, useRef, useState } from 'react'
import type * as Y from 'yjs'
import type { GovDraftingSession } from '../../../shared/drafting.js'
import type { GovSnapshot } from '../../../shared/gov.js'
import type { Principal } from '../../../shared/permissions.js'
import { useI18n } from '../i18n/index.js'
import { OrgBadge } from '../badges.js'
import type { PresenceState } from '../platform/hooks.js'
import { runningSession, sessionApi, useAction, useServerOffset, useSessions } from './model.js'
import { Countdown, itemTitle } from './parts.js'
import { SpeakingQueue } from './SpeakingQueue.js'
import { PollsPanel } from './PollsPanel.js'
import { PenPanel } from './PenPanel.js'
import { sessionsHref } from './links.js'
import './sessions.css'

interface Props {
  platformId: string
  doc: Y.Doc
  gov: GovSnapshot
  principal: Principal | null
  people: PresenceState[]
}

/** The session bar: shown on the platform page to everyone while a drafting session runs. */
export function SessionBar({ platformId, doc, gov, principal, people }: Props) {
  const sessions = useSessions(doc)
  const session = runningSession(sessions)
  if (!session) return null
  return <RunningBar key={session.id} platformId={platformId} session={session} gov={gov} principal={principal} people={people} />
}

const FOLLOW_KEY = 'plank:follow:'
const MAX_NAMES = 4

function useFollowing(sessionId: string): [boolean, (on: boolean) => void] {
  const [following, setFollowing] = useState(() => {
    try {
      return sessionStorage.getItem(FOLLOW_KEY + sessionId) !== 'off'
    } catch {
      return true
    }
  })
  const set = (on: boolean) => {
    setFollowing(on)
    try {
      sessionStorage.setItem(FOLLOW_KEY + sessionId, on ? 'on' : 'off')
    } catch {
      // not kept across reloads
    }
  }
  return [following, set]
}

/** Scrolls to a section now and once more after editors above it have mounted. */
function scrollToSection(sectionId: string): () => void {
  const scroll = () => document.getElementById(sectionId)?.scrollIntoView({ block: 'start' })
  scroll()
  const later = setTimeout(scroll, 400)
  return () => clearTimeout(later)
}

function RunningBar({ platformId, session, gov, principal, people }: { platformId: string; session: GovDraftingSession } & Omit<Props, 'doc' | 'platformId'>) {
  const { t, formatList, locale } = useI18n()
  const offset = useServerOffset()
  const action = useAction()
  const actions = useMemo(() => sessionApi(platformId, session.id), [platformId, session.id])
  const isFacilitator = principal?.role === 'facilitator'
  const sectionTitles = useMemo(() => new Map(gov.sections.map((s) => [s.id, s.title])), [gov.sections])
  const current = session.currentItem ?? 0
  const item = session.agenda[current]
  const nextIndex = current + 1
  const [confirmEnd, setConfirmEnd] = useState(false)

  // Follow mode: scroll to the section the facilitator brings everyone to, and mark it.
  const [following, setFollowing] = useFollowing(session.id)
  const seenSeq = useRef<number | null>(null)
  const [moved, setMoved] = useState('')
  const followId = session.follow.sectionId
  useEffect(() => {
    const seq = session.follow.seq
    const first = seenSeq.current === null
    if (seenSeq.current === seq) return
    seenSeq.current = seq
    if (!following || !followId || first) return
    setMoved(t('sessions.follow.moved', { title: sectionTitles.get(followId) ?? '' }))
    return scrollToSection(followId)
  }, [session.follow.seq, followId, following, sectionTitles, t])
  useEffect(() => {
    if (!following || !followId) return
    const el = document.getElementById(followId)
    el?.setAttribute('data-session-focus', 'true')
    return () => el?.removeAttribute('data-session-focus')
  }, [following, followId])
  const toggleFollow = () => {
    const on = !following
    setFollowing(on)
    if (on && followId) scrollToSection(followId)
  }

  const goNext = () =>
    void action.run(async () => {
      await actions.next()
      const upcoming = session.agenda[nextIndex]
      if (upcoming?.kind === 'section' && upcoming.sectionId) await actions.follow(upcoming.sectionId)
    })

  // Who is here, by organization (one entry per person, however many devices).
  const presentByOrg = useMemo(() => {
    const byOrg = new Map<string, Map<string, string>>()
    for (const p of people) {
      if (!p.user || !p.user.personId) continue
      const key = p.user.orgId ?? ''
      const names = byOrg.get(key) ?? new Map<string, string>()
      names.set(p.user.personId, p.user.name)
      byOrg.set(key, names)
    }
    return byOrg
  }, [people])
  const missing = gov.organizations.filter((o) => !presentByOrg.has(o.id))
  const presentCount = [...presentByOrg.values()].reduce((n, m) => n + m.size, 0)
  const noOrg = presentByOrg.get('')
  /** A few names per organization; in a hall of 300 the count says the rest. */
  const someNames = (names: string[]): string => {
    const sorted = names.sort((a, b) => a.localeCompare(b))
    return sorted.length <= MAX_NAMES ? formatList(sorted) : `${sorted.slice(0, MAX_NAMES).join(', ')} ${t('sessions.presence.more', { count: sorted.length - MAX_NAMES })}`
  }

  return (
    <section className="session-bar" aria-labelledby="session-bar-title" data-session-id={session.id}>
      <div className="session-bar-main">
        <div className="session-bar-item">
          <h2 id="session-bar-title" className="session-bar-title">
            <span className="visually-hidden">{t('sessions.bar.label')}: </span>
            {session.title}
          </h2>
          <p className="session-bar-current">
            <span className="session-item-number">{t('sessions.bar.item', { number: current + 1, total: session.agenda.length })}</span>{' '}
            <strong className="session-item-title">{itemTitle(session, current, sectionTitles)}</strong>
          </p>
          <p className="session-bar-next">
            {nextIndex < session.agenda.length ? t('sessions.bar.next', { title: itemTitle(session, nextIndex, sectionTitles) }) : t('sessions.bar.lastItem')}
          </p>
        </div>
        <Countdown session={session} offset={offset} />
        <div className="session-bar-follow">
          <button type="button" className="follow-toggle" aria-pressed={following} onClick={toggleFollow}>
            {following ? t('sessions.follow.stop') : t('sessions.follow.start')}
          </button>
          <span className="small muted">{following ? t('sessions.follow.following') : t('sessions.follow.notFollowing')}</span>
          <span className="visually-hidden" role="status" aria-live="polite">
            {moved}
          </span>
        </div>
        {isFacilitator ? (
          <div className="session-controls" role="group" aria-label={t('sessions.bar.controls')}>
            {session.clock.pausedAt === null ? (
              <button type="button" disabled={action.busy} onClick={() => void action.run(actions.pause)}>
                {t('sessions.bar.pause')}
              </button>
            ) : (
              <button type="button" disabled={action.busy} onClick={() => void action.run(actions.resume)}>
                {t('sessions.bar.resume')}
              </button>
            )}
            <button type="button" disabled={action.busy} title={t('sessions.bar.extendLabel')} onClick={() => void action.run(() => actions.extend(5))}>
              {t('sessions.bar.extend')}
            </button>
            <button type="button" className="primary" disabled={action.busy} onClick={goNext}>
              {t('sessions.bar.nextItem')}
            </button>
            {confirmEnd ? (
              <>
                <button type="button" className="danger" disabled={action.busy} onClick={() => void action.run(actions.end)}>
                  {t('sessions.bar.endConfirm')}
                </button>
                <button type="button" onClick={() => setConfirmEnd(false)}>
                  {t('sessions.bar.endCancel')}
                </button>
              </>
            ) : (
              <button type="button" onClick={() => setConfirmEnd(true)}>
                {t('sessions.bar.end')}
              </button>
            )}
            <a href={sessionsHref(platformId, 'projector')} target="_blank" rel="noopener">
              {t('sessions.bar.projector')}
            </a>
          </div>
        ) : null}
      </div>
      {action.error ? (
        <p className="form-error" role="alert">
          {t('sessions.bar.actionFailed', { message: action.error })}
        </p>
      ) : null}
      <div className="session-bar-panels">
        <SpeakingQueue platformId={platformId} session={session} gov={gov} principal={principal} />
        <PollsPanel platformId={platformId} session={session} gov={gov} principal={principal} />
        <div className="session-panel">
          <PenPanel platformId={platformId} session={session} gov={gov} principal={principal} item={item ?? null} />
          <div className="session-room" aria-labelledby="session-room-title">
            <h3 id="session-room-title">
              {t('sessions.presence.title')} <span className="muted small">{t('sessions.presence.count', { count: presentCount })}</span>
            </h3>
            <ul className="room-orgs">
              {gov.organizations.map((o) => {
                const names = presentByOrg.get(o.id)
                return (
                  <li key={o.id} className={names ? 'room-org present' : 'room-org absent'} data-org-id={o.id}>
                    <OrgBadge org={o} />
                    <span className="room-org-count">{new Intl.NumberFormat(locale).format(names?.size ?? 0)}</span>
                    {names ? <span className="room-org-names small">{someNames([...names.values()])}</span> : null}
                  </li>
                )
              })}
              {noOrg ? (
                <li className="room-org present" data-org-id="">
                  <span className="small">{t('sessions.presence.noOrg')}</span>
                  <span className="room-org-count">{new Intl.NumberFormat(locale).format(noOrg.size)}</span>
                  <span className="room-org-names small">{someNames([...noOrg.values()])}</span>
                </li>
              ) : null}
            </ul>
            <p className={missing.length === 0 ? 'room-status all-here' : 'room-status missing'} data-all-represented={missing.length === 0 ? 'true' : 'false'}>
              {missing.length === 0 ? t('sessions.presence.allHere') : t('sessions.presence.missing', { orgs: formatList(missing.map((o) => o.shortName || o.name)) })}
            </p>
          </div>
        </div>
      </div>
    </section>
  )
}
