import { useEffect, useMemo, useRef, useState, type RefObject } from 'react'
import type * as Y from 'yjs'
import type { DraftingSession } from '../../../shared/drafting.js'
import type { GovSnapshot } from '../../../shared/gov.js'
import type { Principal } from '../../../shared/policy.js'
import { useCan } from '../policy.js'
import { useI18n } from '../i18n/index.js'
import { OrgBadge } from '../badges.js'
import type { PresenceState } from '../platform/hooks.js'
import { runningSession, sessionApi, useAction, useServerOffset, useSessions } from './model.js'
import { Countdown, itemTitle } from './parts.js'
import { HandControl } from './HandControl.js'
import { OpenPolls, openPollsOf } from './OpenPolls.js'
import { useLazyPart } from '../shell/lazy-part.js'
import { sessionPanelsPart } from '../platform/lazy-parts.js'
import { sessionsPath, amendmentPath } from '../routes.js'
import './sessions.css'
import { SessionActionError } from './SessionActionError.js'

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

const DETAILS_KEY = 'plank:session-details:'

/** Whether the bar's details (queue, checks, pen, room) are shown; kept for the tab, per session. Collapsed by default: the bar stays small. */
function useDetailsOpen(sessionId: string): [boolean, (open: boolean) => void] {
  const [open, setOpen] = useState(() => {
    try {
      return sessionStorage.getItem(DETAILS_KEY + sessionId) === 'open'
    } catch {
      return false
    }
  })
  const set = (on: boolean) => {
    setOpen(on)
    try {
      sessionStorage.setItem(DETAILS_KEY + sessionId, on ? 'open' : 'closed')
    } catch {
      // not kept across reloads
    }
  }
  return [open, set]
}

/**
 * The bar sticks under the (sticky) page header: its top is the header's
 * height, and --plank-sticky (header + bar) is what a section scrolled to
 * keeps clear above it (scroll-margin-top in styles.css), so following the
 * facilitator never puts a section's start under the bar.
 */
function useStickyUnderHeader(bar: RefObject<HTMLElement | null>): number {
  const [top, setTop] = useState(0)
  useEffect(() => {
    const el = bar.current
    const header = document.querySelector<HTMLElement>('.app-header')
    if (!el) return
    const update = () => {
      const h = header && getComputedStyle(header).position === 'sticky' ? header.offsetHeight : 0
      setTop(h)
      document.documentElement.style.setProperty('--plank-sticky', `${h + el.offsetHeight}px`)
    }
    update()
    const observer = new ResizeObserver(update)
    observer.observe(el)
    if (header) observer.observe(header)
    return () => {
      observer.disconnect()
      document.documentElement.style.removeProperty('--plank-sticky')
    }
  }, [bar])
  return top
}

/** A check opened while this page was open: its question, for the visible notice and screen readers (once per check). */
function usePollNotice(session: DraftingSession): string | null {
  const seen = useRef<Set<string> | null>(null)
  const [notice, setNotice] = useState<{ id: string; question: string } | null>(null)
  const open = openPollsOf(session)
  const openKey = open.map((p) => p.id).join(',')
  // biome-ignore lint/correctness/useExhaustiveDependencies: openKey is the trigger (the set of open checks changed)
  useEffect(() => {
    const ids = openPollsOf(session).map((p) => p.id)
    if (seen.current === null) {
      // Checks open before this page was: no news.
      seen.current = new Set(ids)
      return
    }
    const fresh = openPollsOf(session).find((p) => !seen.current?.has(p.id))
    for (const id of ids) seen.current.add(id)
    if (fresh) setNotice({ id: fresh.id, question: fresh.question })
    else if (notice && !ids.includes(notice.id)) setNotice(null)
  }, [openKey])
  return notice?.question ?? null
}

/** Scrolls to a section now and once more after editors above it have mounted. */
function scrollToSection(sectionId: string): () => void {
  const scroll = () => document.getElementById(sectionId)?.scrollIntoView({ block: 'start' })
  scroll()
  const later = setTimeout(scroll, 400)
  return () => clearTimeout(later)
}

function RunningBar({ platformId, session, gov, principal, people }: { platformId: string; session: DraftingSession } & Omit<Props, 'doc' | 'platformId'>) {
  const { t, formatList, locale } = useI18n()
  const offset = useServerOffset()
  const action = useAction()
  const actions = useMemo(() => sessionApi(platformId, session.id), [platformId, session.id])
  const isFacilitator = useCan(principal)('session.run')
  const sectionTitles = useMemo(() => new Map(gov.sections.map((s) => [s.id, s.title])), [gov.sections])
  const current = session.currentItem ?? 0
  const item = session.agenda[current]
  const nextIndex = current + 1
  const [confirmEnd, setConfirmEnd] = useState(false)
  const [detailsOpen, setDetailsOpen] = useDetailsOpen(session.id)
  // The details' code comes when they are first shown (or earlier, when the page is idle).
  const panels = useLazyPart(sessionPanelsPart, detailsOpen)
  const barRef = useRef<HTMLElement>(null)
  const top = useStickyUnderHeader(barRef)
  const pollNotice = usePollNotice(session)
  const canRaiseHand = useCan(principal)('session.raiseHand')

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
      if (!p.user?.personId) continue
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
    return sorted.length <= MAX_NAMES
      ? formatList(sorted)
      : `${sorted.slice(0, MAX_NAMES).join(', ')} ${t('sessions.presence.more', { count: sorted.length - MAX_NAMES })}`
  }

  return (
    <section
      ref={barRef}
      className={detailsOpen ? 'session-bar expanded' : 'session-bar'}
      style={{ top }}
      aria-labelledby="session-bar-title"
      data-session-id={session.id}
    >
      <div className="session-bar-main">
        <div className="session-bar-item">
          <h2 id="session-bar-title" className="session-bar-title">
            <span className="visually-hidden">{t('sessions.bar.label')}: </span>
            {session.title}
          </h2>
          <p className="session-bar-current">
            <span className="session-item-number">{t('sessions.bar.item', { number: current + 1, total: session.agenda.length })}</span>{' '}
            <strong className="session-item-title">{itemTitle(session, current, sectionTitles)}</strong>
            {item?.amendmentId ? (
              <>
                {' '}
                <a className="session-item-amendment" href={amendmentPath(platformId, item.amendmentId)}>
                  {t('sessions.bar.openAmendment')}
                </a>
              </>
            ) : null}
            <span className="session-bar-next">
              {' · '}
              {nextIndex < session.agenda.length ? t('sessions.bar.next', { title: itemTitle(session, nextIndex, sectionTitles) }) : t('sessions.bar.lastItem')}
            </span>
          </p>
        </div>
        <Countdown session={session} offset={offset} />
        {canRaiseHand ? <HandControl platformId={platformId} session={session} principal={principal} /> : null}
        {/* The facilitator is the one bringing everyone: nothing to follow. */}
        {isFacilitator ? null : (
          <div className="session-bar-follow">
            <button type="button" className="follow-toggle" aria-pressed={following} onClick={toggleFollow}>
              {following ? t('sessions.follow.stop') : t('sessions.follow.start')}
            </button>
            <span className="visually-hidden">{following ? t('sessions.follow.following') : t('sessions.follow.notFollowing')}</span>
            <span className="visually-hidden" role="status" aria-live="polite">
              {moved}
            </span>
          </div>
        )}
        {/* Controls and the details toggle wrap together: a longer language (Spanish) moves them to a row of their own, not the toggle alone. */}
        <div className="session-bar-actions">
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
              <a href={sessionsPath(platformId, 'projector')} target="_blank" rel="noopener">
                {t('sessions.bar.projector')}
              </a>
            </div>
          ) : null}
          <button
            type="button"
            className="session-details-toggle"
            aria-expanded={detailsOpen}
            aria-controls="session-bar-panels"
            onClick={() => setDetailsOpen(!detailsOpen)}
          >
            {detailsOpen ? t('sessions.bar.hideDetails') : t('sessions.bar.showDetails')}
          </button>
        </div>
      </div>
      <div className="session-bar-polls">
        <p className={pollNotice ? 'poll-notice' : 'poll-notice empty'} role="status" aria-live="polite">
          {pollNotice ? (
            <>
              {t('sessions.poll.opened')}
              {/* The question is on screen beside the notice; read out, the notice says it too. */}
              <span className="visually-hidden">: {pollNotice}</span>
            </>
          ) : null}
        </p>
        <OpenPolls platformId={platformId} session={session} gov={gov} principal={principal} />
      </div>
      <SessionActionError error={action.error} />
      <div className="session-bar-panels" id="session-bar-panels" hidden={!detailsOpen}>
        {panels ? <panels.SpeakingQueue platformId={platformId} session={session} gov={gov} principal={principal} /> : null}
        {panels ? <panels.PollsPanel platformId={platformId} session={session} gov={gov} principal={principal} /> : null}
        <div className="session-panel">
          {panels ? <panels.PenPanel platformId={platformId} session={session} gov={gov} principal={principal} item={item ?? null} /> : null}
          <div className="session-room" role="group" aria-labelledby="session-room-title">
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
              {missing.length === 0
                ? t('sessions.presence.allHere')
                : t('sessions.presence.missing', { orgs: formatList(missing.map((o) => o.shortName || o.name)) })}
            </p>
          </div>
        </div>
      </div>
    </section>
  )
}
