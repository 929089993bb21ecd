import { useEffect, useMemo, useState } from 'react'
import { IDLE_AFTER_MS, PRESENCE_SHOWN_MAX } from '../../../shared/limits.js'
import type { GovOrganization, GovSection } from '../../../shared/gov.js'
import type { Role } from '../../../shared/roles.js'
import { useI18n } from '../i18n/index.js'
import { textColorOn, toHexColor } from '../colors.js'
import { useNow, type PresenceState } from './hooks.js'
import { OrgBadge, RoleBadge } from '../badges.js'
import { sectionHash } from '../routes.js'
import './presence.css'

interface Props {
  people: PresenceState[]
  selfId: number
  organizations: GovOrganization[]
  sections: GovSection[]
}

/** One person, however many tabs and devices they have open. */
interface Here {
  key: string
  personId: string
  name: string
  role: Role
  orgId: string | null
  self: boolean
  sectionId: string | null
  lastActive: number
}

/** Initials for an avatar: first letters of the first two words. */
const initials = (name: string): string =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => [...w][0]?.toUpperCase() ?? '')
    .join('')

/**
 * "Who's here": everyone connected to this platform, their section, and who
 * is idle. Names, roles and organizations come from gov people (the presence
 * hook resolves them), one entry per person; at most PRESENCE_SHOWN_MAX are
 * drawn and the rest counted, so a crowd of thousands never stalls the page.
 */
export function Presence({ people, selfId, organizations, sections }: Props) {
  const { t } = useI18n()
  const now = useNow(5_000)
  const orgById = useMemo(() => new Map(organizations.map((o) => [o.id, o])), [organizations])
  const sectionById = useMemo(() => new Map(sections.map((s) => [s.id, s])), [sections])

  const here = useMemo(() => {
    const byPerson = new Map<string, Here>()
    for (const p of people) {
      const user = p.user
      if (!user) continue
      const self = p.clientId === selfId
      const seen = byPerson.get(user.personId)
      if (seen) {
        // The most recently active device says where the person is.
        seen.self ||= self
        if (p.lastActive > seen.lastActive) {
          seen.lastActive = p.lastActive
          seen.sectionId = p.sectionId
        }
        continue
      }
      byPerson.set(user.personId, {
        key: user.personId,
        personId: user.personId,
        name: user.name,
        role: user.role ?? 'observer',
        orgId: user.orgId,
        self,
        sectionId: p.sectionId,
        lastActive: p.lastActive,
      })
    }
    return [...byPerson.values()].sort((a, b) => (a.self !== b.self ? (a.self ? -1 : 1) : a.name.localeCompare(b.name)))
  }, [people, selfId])

  const shown = here.slice(0, PRESENCE_SHOWN_MAX)
  const hidden = here.length - shown.length
  // On a phone the bar has room for half as many avatars; the count says the rest.
  const avatars = here.slice(0, useNarrow() ? Math.ceil(PRESENCE_SHOWN_MAX / 2) : PRESENCE_SHOWN_MAX)
  const notDrawn = here.length - avatars.length
  const others = here.filter((h) => !h.self).length
  const colorOf = (h: Here): string => {
    const org = h.orgId ? orgById.get(h.orgId) : undefined
    return org ? toHexColor(org.color, org.id) : toHexColor('', h.personId)
  }

  return (
    <details className="presence">
      <summary>
        {/* The avatars say it to the eye; the title stays for screen readers. */}
        <span className="presence-title visually-hidden">{t('presence.title')}</span>{' '}
        <span className="presence-avatars" aria-hidden="true">
          {avatars.map((h) => {
            const color = colorOf(h)
            const idle = h.lastActive > 0 && now - h.lastActive > IDLE_AFTER_MS
            return (
              // Idle: a ring in the colour, dark text on white (faded text would fail contrast).
              <span
                key={h.key}
                className={idle ? 'avatar idle' : 'avatar'}
                style={idle ? { boxShadow: `inset 0 0 0 2px ${color}` } : { backgroundColor: color, color: textColorOn(color) }}
                title={h.name}
              >
                {initials(h.name)}
              </span>
            )
          })}
          {notDrawn > 0 ? <span className="avatar avatar-more">{t('presence.moreShort', { count: notDrawn })}</span> : null}
        </span>{' '}
        <span className="presence-count">{others === 0 ? t('presence.alone') : t('presence.count', { count: others + 1 })}</span>
      </summary>
      <ul className="presence-list">
        {shown.map((h) => {
          const org = h.orgId ? orgById.get(h.orgId) : undefined
          const idle = h.lastActive > 0 && now - h.lastActive > IDLE_AFTER_MS
          const section = h.sectionId ? sectionById.get(h.sectionId) : undefined
          return (
            <li key={h.key} className={idle ? 'person idle' : 'person'} data-person-id={h.personId}>
              <span className="dot" style={{ backgroundColor: colorOf(h) }} aria-hidden="true" />
              <span className="person-name">
                {h.name} {h.self ? <span className="muted">{t('presence.you')}</span> : null}
              </span>
              <RoleBadge role={h.role} />
              {org ? <OrgBadge org={org} /> : null}
              <span className="person-where">
                {section ? <a href={sectionHash(section.id)}>{t('presence.inSection', { section: section.title })}</a> : t('presence.notInSection')}
              </span>
              {idle ? <span className="idle-label">{t('presence.idle')}</span> : null}
            </li>
          )
        })}
        {hidden > 0 ? <li className="person presence-more">{t('presence.more', { count: hidden })}</li> : null}
      </ul>
    </details>
  )
}

const NARROW = '(max-width: 40rem)'

function useNarrow(): boolean {
  const [narrow, setNarrow] = useState(() => window.matchMedia(NARROW).matches)
  useEffect(() => {
    const query = window.matchMedia(NARROW)
    const onChange = () => setNarrow(query.matches)
    query.addEventListener('change', onChange)
    return () => query.removeEventListener('change', onChange)
  }, [])
  return narrow
}
