import { IDLE_AFTER_MS } from '../../../shared/limits.js'
import type { GovOrganization, GovSection } from '../../../shared/gov.js'
import { useI18n } from '../i18n/index.js'
import { toHexColor } from '../colors.js'
import { useNow, type PresenceState } from './hooks.js'
import { OrgBadge, RoleBadge } from '../badges.js'

interface Props {
  people: PresenceState[]
  selfId: number
  organizations: GovOrganization[]
  sections: GovSection[]
}

/** "Who's here": everyone connected to this platform, their section, and who is idle. */
export function Presence({ people, selfId, organizations, sections }: Props) {
  const { t } = useI18n()
  const now = useNow(5_000)
  const named = people
    .filter((p) => p.user !== null)
    .sort((a, b) => (a.clientId === selfId ? -1 : b.clientId === selfId ? 1 : (a.user?.name ?? '').localeCompare(b.user?.name ?? '')))
  const others = named.filter((p) => p.clientId !== selfId).length
  return (
    <details className="presence">
      <summary>
        <span className="presence-title">{t('presence.title')}</span>{' '}
        <span className="presence-count">{others === 0 ? t('presence.alone') : t('presence.count', { count: others + 1 })}</span>
      </summary>
      <ul className="presence-list">
        {named.map((p) => {
          const user = p.user
          if (!user) return null
          const org = organizations.find((o) => o.id === user.orgId)
          const color = org ? toHexColor(org.color, org.id) : toHexColor(user.color, user.name)
          const idle = p.lastActive > 0 && now - p.lastActive > IDLE_AFTER_MS
          const section = p.sectionId ? sections.find((s) => s.id === p.sectionId) : undefined
          return (
            <li key={p.clientId} className={idle ? 'person idle' : 'person'} data-client-id={p.clientId}>
              <span className="dot" style={{ backgroundColor: color }} aria-hidden="true" />
              <span className="person-name">
                {user.name} {p.clientId === selfId ? <span className="muted">{t('presence.you')}</span> : null}
              </span>
              {user.role ? <RoleBadge role={user.role} /> : null}
              {org ? <OrgBadge org={org} /> : null}
              <span className="person-where">
                {section ? <a href={`#${section.id}`}>{t('presence.inSection', { section: section.title })}</a> : t('presence.notInSection')}
              </span>
              {idle ? <span className="idle-label">{t('presence.idle')}</span> : null}
            </li>
          )
        })}
      </ul>
    </details>
  )
}
