import type { GovOrganization } from '../../shared/gov.js'
import type { Role } from '../../shared/permissions.js'
import { useI18n, type MessageKey } from './i18n/index.js'
import { toHexColor } from './colors.js'

export const ROLE_KEYS: Record<Role, MessageKey> = {
  observer: 'role.observer',
  delegate: 'role.delegate',
  boardRep: 'role.boardRep',
  facilitator: 'role.facilitator',
}

export function RoleBadge({ role }: { role: Role }) {
  const { t } = useI18n()
  return (
    <span className={`badge role-badge role-${role}`} data-role={role}>
      {t(ROLE_KEYS[role])}
    </span>
  )
}

/** An organization's short name with its colour as a marker; the text stays dark on light for contrast. */
export function OrgBadge({ org }: { org: Pick<GovOrganization, 'id' | 'name' | 'shortName' | 'color'> }) {
  return (
    <span className="badge org-badge" data-org-id={org.id}>
      <span className="org-marker" style={{ backgroundColor: toHexColor(org.color, org.id) }} aria-hidden="true" />
      <abbr title={org.name}>{org.shortName || org.name}</abbr>
    </span>
  )
}

export const NEUTRAL_COLOR = '#6b7280'

export function personColor(org: GovOrganization | null | undefined): string {
  return org ? toHexColor(org.color, org.id) : NEUTRAL_COLOR
}

export function LockIcon() {
  return (
    <svg className="lock-icon" width="14" height="14" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2.4" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false">
      <rect x="4" y="11" width="16" height="10" rx="2" />
      <path d="M8 11V7a4 4 0 0 1 8 0v4" />
    </svg>
  )
}
