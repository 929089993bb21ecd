import type { GovOrganization } from '../../shared/gov.js'
import type { Role } from '../../shared/roles.js'
import { useI18n, type MessageKey } from './i18n/index.js'
import { toHexColor } from './colors.js'
import { LineIcon } from './icons.js'

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

/** A person's (or an invitation's) role and, when there is one, organization, side by side. */
export function RoleOrgBadges({ role, org }: { role: Role; org: Pick<GovOrganization, 'id' | 'name' | 'shortName' | 'color'> | undefined }) {
  return (
    <span className="badges">
      <RoleBadge role={role} />
      {org ? <OrgBadge org={org} /> : null}
    </span>
  )
}

export const NEUTRAL_COLOR = '#6b7280'

export function personColor(org: GovOrganization | null | undefined): string {
  return org ? toHexColor(org.color, org.id) : NEUTRAL_COLOR
}

export function LockIcon() {
  return (
    <LineIcon className="lock-icon" size={14} strokeWidth={2.4}>
      <rect x="4" y="11" width="16" height="10" rx="2" />
      <path d="M8 11V7a4 4 0 0 1 8 0v4" />
    </LineIcon>
  )
}
