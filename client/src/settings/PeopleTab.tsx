import { useEffect, useId, useState } from 'react'
import type { GovPerson, GovSnapshot } from '../../../shared/gov.js'
import type { Role } from '../../../shared/roles.js'
import { api } from '../api.js'
import { useI18n } from '../i18n/index.js'
import { RoleOrgBadges } from '../badges.js'
import { ActionError, OrgSelect, RoleSelect, base, useAction, usePlatformRefetch } from './common.js'
import { TableHead } from './table-head.js'

interface Member {
  id: string
  name: string
  username: string | null
  role: Role
  orgId: string | null
}

export function PeopleTab({ platformId, gov, selfId }: { platformId: string; gov: GovSnapshot; selfId: string }) {
  const { t } = useI18n()
  const id = useId()
  const [members, setMembers] = useState<Member[] | null>(null)
  const { load, refetch } = usePlatformRefetch(platformId, async () => {
    const body = await api<{ members: Member[] }>('GET', `${base(platformId)}/members`)
    setMembers(body.members)
  })
  // gov.people is live; the member list (usernames) follows it.
  const peopleKey = gov.people.map((p) => `${p.id}:${p.role}:${p.orgId ?? ''}`).join(',')
  // biome-ignore lint/correctness/useExhaustiveDependencies: peopleKey is the trigger: gov.people is live, the member list follows it
  useEffect(() => {
    refetch()
  }, [refetch, peopleKey])

  const usernames = new Map((members ?? []).map((m) => [m.id, m.username]))
  // Live from gov; members answered by HTTP but not yet in gov are shown too.
  const people: GovPerson[] = [...gov.people]
  for (const m of members ?? []) if (!people.some((p) => p.id === m.id)) people.push({ id: m.id, name: m.name, role: m.role, orgId: m.orgId })

  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('settings.tab.people')}</h2>
      <p className="muted">{t('settings.people.intro')}</p>
      <ActionError error={load.error} />
      <table className="settings-table people-table">
        <TableHead columns={['settings.people.name', 'settings.people.badges', 'settings.people.role', 'settings.people.org']} actions />
        <tbody>
          {people.map((p) => (
            <PersonRow
              key={p.id}
              platformId={platformId}
              gov={gov}
              person={p}
              username={usernames.get(p.id) ?? null}
              self={p.id === selfId}
              onChanged={refetch}
            />
          ))}
        </tbody>
      </table>
    </section>
  )
}

function PersonRow({
  platformId,
  gov,
  person,
  username,
  self,
  onChanged,
}: {
  platformId: string
  gov: GovSnapshot
  person: GovPerson
  username: string | null
  self: boolean
  onChanged: () => void
}) {
  const { t } = useI18n()
  const action = useAction()
  const [confirming, setConfirming] = useState(false)
  const org = gov.organizations.find((o) => o.id === person.orgId)
  const url = `${base(platformId)}/members/${encodeURIComponent(person.id)}`
  const patch = async (body: { role?: Role; orgId?: string | null }) => {
    await action.run(() => api('PATCH', url, body))
    onChanged()
  }
  return (
    <tr data-person-id={person.id}>
      <th scope="row" className="person-cell">
        <span className="person-name">{person.name}</span>
        {self ? <span className="muted"> {t('presence.you')}</span> : null}
        {username ? <span className="muted small username">@{username}</span> : null}
      </th>
      <td>
        <RoleOrgBadges role={person.role} org={org} />
      </td>
      <td>
        <RoleSelect value={person.role} label={t('settings.people.roleOf', { name: person.name })} onChange={(role) => void patch({ role })} />
      </td>
      <td>
        <OrgSelect
          value={person.orgId}
          organizations={gov.organizations}
          noneLabel={t('settings.people.noOrg')}
          label={t('settings.people.orgOf', { name: person.name })}
          onChange={(orgId) => void patch({ orgId })}
        />
      </td>
      <td className="row-actions">
        {confirming ? (
          <span className="confirm" role="group" aria-label={t('settings.people.confirmRemove', { name: person.name })}>
            <span>{t('settings.people.confirmRemove', { name: person.name })}</span>{' '}
            <button
              type="button"
              className="danger"
              onClick={() =>
                void action
                  .run(() => api('DELETE', url))
                  .then(() => {
                    setConfirming(false)
                    onChanged()
                  })
              }
            >
              {t('settings.people.confirmYes')}
            </button>{' '}
            <button type="button" onClick={() => setConfirming(false)}>
              {t('common.cancel')}
            </button>
          </span>
        ) : (
          <button type="button" onClick={() => setConfirming(true)} disabled={self} aria-label={t('settings.people.removeLabel', { name: person.name })}>
            {t('settings.people.remove')}
          </button>
        )}
        <ActionError error={action.error} />
      </td>
    </tr>
  )
}
