import type { GovOrganization, GovPerson } from '../../../shared/gov.js'
import type { VersionEntry } from '../../../shared/versions.js'
import { OrgBadge } from '../badges.js'
import { useI18n } from '../i18n/index.js'
import { useFormatWhen } from './when.js'

/** The people and organizations of the platform, live from `gov`, as the labels read them. */
export interface Members {
  people: GovPerson[]
  organizations: GovOrganization[]
}

/** Why a version was kept, in words ("Signed off by Tenants United", "Restored from 3 Dec 2026, 17:02:11"). */
export function ReasonText({ entry, members, entries }: { entry: VersionEntry; members: Members; entries: readonly VersionEntry[] }) {
  const { t } = useI18n()
  const formatWhen = useFormatWhen()
  switch (entry.reason) {
    case 'edit':
      return <>{t('history.reason.edit')}</>
    case 'signoff': {
      const orgId = members.people.find((p) => p.id === entry.actorId)?.orgId
      const org = members.organizations.find((o) => o.id === orgId)
      return <>{org ? t('history.reason.signoff', { org: org.name }) : t('history.reason.signoffUnknown')}</>
    }
    case 'lock':
      return <>{t('history.reason.lock')}</>
    case 'amendment':
      return <>{t('history.reason.amendment')}</>
    case 'sessionItem':
      return <>{t('history.reason.sessionItem')}</>
    case 'adoption':
      return <>{t('history.reason.adoption')}</>
    case 'restore': {
      const from = entries.find((e) => e.id === entry.restoredFrom)
      return <>{from ? t('history.reason.restore', { time: formatWhen(from.at) }) : t('history.reason.restoreUnknown')}</>
    }
  }
}

/**
 * Who changed the text since the previous version: each person's name, and
 * their organizations' badges (name and colour). No one, on a section's
 * first version: the text was there before its history (the sample, an import).
 */
export function ChangedBy({ entry, members, first }: { entry: VersionEntry; members: Members; first: boolean }) {
  const { t, formatList } = useI18n()
  if (entry.personIds.length === 0) return <span className="muted">{t(first ? 'history.changedByNobodyFirst' : 'history.changedByNobody')}</span>
  const names = entry.personIds.map((id) => members.people.find((p) => p.id === id)?.name ?? t('history.unknownPerson'))
  const orgs = entry.orgIds.map((id) => members.organizations.find((o) => o.id === id)).filter((o): o is GovOrganization => o !== undefined)
  return (
    <span className="history-who">
      <span className="visually-hidden">{t('history.changedBy')}: </span>
      <span className="history-who-names">{formatList(names)}</span>
      {orgs.length > 0 ? (
        <span className="badges">
          {orgs.map((o) => (
            <OrgBadge key={o.id} org={o} />
          ))}
        </span>
      ) : null}
    </span>
  )
}
