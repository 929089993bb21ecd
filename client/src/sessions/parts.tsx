import { useEffect, useRef, useState } from 'react'
import { remainingMs, type DraftingSession, type PollKind } from '../../../shared/drafting.js'
import type { GovOrganization, GovPerson } from '../../../shared/gov.js'
import { useI18n, type TFunction, type Locale } from '../i18n/index.js'
import { OrgBadge } from '../badges.js'
import { formatDuration } from './model.js'

/** Re-renders every `ms` milliseconds. */
export function useTick(ms: number): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), ms)
    return () => clearInterval(id)
  }, [ms])
  return now
}

/** The current item's countdown on the server's clock; over time is shown in words, not by colour alone. */
export function Countdown({ session, offset, large = false }: { session: DraftingSession; offset: number; large?: boolean }) {
  const { t, locale } = useI18n()
  const now = useTick(250)
  const left = remainingMs(session, now + offset)
  const over = left !== null && left < 0
  const paused = session.clock.pausedAt !== null
  const wasOver = useRef(over)
  const [announce, setAnnounce] = useState('')
  useEffect(() => {
    if (over && !wasOver.current) setAnnounce(t('sessions.bar.overTimeAnnounce'))
    if (!over) setAnnounce('')
    wasOver.current = over
  }, [over, t])
  if (left === null) return null
  const text = formatDuration(left, locale)
  return (
    <div className={`countdown${over ? ' over' : ''}${paused ? ' paused' : ''}${large ? ' large' : ''}`} data-over={over ? 'true' : 'false'}>
      <span className="countdown-label">{over ? t('sessions.bar.overLabel') : t('sessions.bar.remaining')}</span>
      <span className="countdown-time" role="timer" aria-label={over ? t('sessions.bar.overTime', { time: text }) : `${t('sessions.bar.remaining')} ${text}`}>
        {over ? `+${text}` : text}
      </span>
      {paused ? <span className="countdown-paused">{t('sessions.bar.paused')}</span> : null}
      <span className="visually-hidden" role="status" aria-live="polite">
        {announce}
      </span>
    </div>
  )
}

export function PersonLabel({ person, org, you = false }: { person: Pick<GovPerson, 'name'> | null; org: GovOrganization | null; you?: boolean }) {
  const { t } = useI18n()
  return (
    <span className="person-label">
      <span className="person-label-name">{person?.name ?? t('refusal.someone')}</span>
      {you ? <span className="muted"> {t('sessions.queue.you')}</span> : null}
      {org ? <OrgBadge org={org} /> : null}
    </span>
  )
}

export function pollValueLabel(kind: PollKind, value: string, t: TFunction, locale: Locale): string {
  if (kind === 'consent') {
    if (value === 'support') return t('sessions.poll.value.support')
    if (value === 'concerns') return t('sessions.poll.value.concerns')
    if (value === 'block') return t('sessions.poll.value.block')
    return value
  }
  return new Intl.NumberFormat(locale).format(Number(value))
}

/** A free item's title, or the section's current title for a section item. */
export function itemTitle(session: DraftingSession, index: number, sectionTitles: Map<string, string>): string {
  const item = session.agenda[index]
  if (!item) return ''
  // An item about an amendment is named by the amendment (its title, kept when the session was planned).
  if (item.amendmentId) return item.title
  return (item.sectionId ? sectionTitles.get(item.sectionId) : undefined) ?? item.title
}
