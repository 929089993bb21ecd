import { useEffect, useId, useState, type FormEvent } from 'react'
import type { InvitationRecord } from '../../../shared/api.js'
import type { GovSnapshot } from '../../../shared/gov.js'
import { roleNeedsOrganization, type Role } from '../../../shared/policy.js'
import { api } from '../api.js'
import { useI18n, type MessageKey } from '../i18n/index.js'
import { RoleOrgBadges } from '../badges.js'
import { ActionError, OrgSelect, RoleSelect, base, useAction, useDateFormat, usePlatformRefetch } from './common.js'
import { TableHead } from './table-head.js'
import { FormError } from '../FormError.js'

type Status = 'pending' | 'used' | 'expired' | 'revoked'
const STATUS_KEYS: Record<Status, MessageKey> = {
  pending: 'settings.invite.status.pending',
  used: 'settings.invite.status.used',
  expired: 'settings.invite.status.expired',
  revoked: 'settings.invite.status.revoked',
}

function statusOf(inv: InvitationRecord): Status {
  if (inv.revokedAt) return 'revoked'
  if (inv.usedAt) return 'used'
  if (new Date(inv.expiresAt).getTime() <= Date.now()) return 'expired'
  return 'pending'
}

export function InvitationsTab({ platformId, gov }: { platformId: string; gov: GovSnapshot }) {
  const { t } = useI18n()
  const id = useId()
  const date = useDateFormat()
  const [list, setList] = useState<InvitationRecord[] | null>(null)
  const [role, setRole] = useState<Role>('delegate')
  const [orgId, setOrgId] = useState<string | null>(null)
  const [name, setName] = useState('')
  const [days, setDays] = useState(14)
  const [created, setCreated] = useState<InvitationRecord | null>(null)
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null)
  const [formError, setFormError] = useState<string | null>(null)
  const { load, refetch } = usePlatformRefetch(platformId, async () => {
    const body = await api<{ invitations: InvitationRecord[] }>('GET', `${base(platformId)}/invitations`)
    setList(body.invitations)
  })
  const create = useAction()
  const revoke = useAction()

  useEffect(() => refetch(), [refetch])

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (roleNeedsOrganization(role) && !orgId) {
      setFormError(t('settings.invite.orgRequired'))
      return
    }
    setFormError(null)
    setCopied(null)
    await create.run(async () => {
      const record = await api<InvitationRecord>('POST', `${base(platformId)}/invitations`, {
        role,
        orgId,
        ...(name.trim() ? { name: name.trim() } : {}),
        expiresInDays: days,
      })
      setCreated(record)
      setName('')
    })
    refetch()
  }

  const copy = async () => {
    if (!created?.link) return
    try {
      await navigator.clipboard.writeText(created.link)
      setCopied('yes')
    } catch {
      setCopied('failed')
    }
  }

  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('settings.tab.invitations')}</h2>
      <p className="muted">{t('settings.invite.intro')}</p>
      <form className="card invite-form" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-new`} noValidate>
        <h3 id={`${id}-new`}>{t('settings.invite.create')}</h3>
        <div className="inline-fields">
          <div className="field">
            <label htmlFor={`${id}-role`}>{t('settings.people.role')}</label>
            <RoleSelect id={`${id}-role`} value={role} onChange={setRole} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-org`}>{t('settings.people.org')}</label>
            <OrgSelect id={`${id}-org`} value={orgId} onChange={setOrgId} organizations={gov.organizations} noneLabel={t('settings.people.noOrg')} />
          </div>
          <div className="field grow">
            <label htmlFor={`${id}-name`}>{t('settings.invite.name')}</label>
            <input id={`${id}-name`} value={name} maxLength={100} onChange={(e) => setName(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-days`}>{t('settings.invite.days')}</label>
            <input
              id={`${id}-days`}
              type="number"
              min={1}
              max={90}
              size={4}
              value={days}
              onChange={(e) => setDays(Math.min(90, Math.max(1, Number(e.target.value) || 1)))}
            />
          </div>
          <button type="submit" className="primary" disabled={create.busy}>
            {t('settings.invite.createButton')}
          </button>
        </div>
        <FormError error={formError} />
        <ActionError error={create.error} />
      </form>
      {created?.link ? (
        <div className="card created-link" role="region" aria-labelledby={`${id}-link-title`}>
          <h3 id={`${id}-link-title`}>{t('settings.invite.linkTitle')}</h3>
          <p className="muted small">{t('settings.invite.linkOnce')}</p>
          <div className="inline-fields">
            <input className="grow invite-link" readOnly value={created.link} aria-label={t('settings.invite.linkLabel')} onFocus={(e) => e.target.select()} />
            <button type="button" className="primary" onClick={() => void copy()}>
              {t('settings.invite.copy')}
            </button>
            <span role="status" className="copied">
              {copied === 'yes' ? t('common.copied') : copied === 'failed' ? t('common.copyFailed') : ''}
            </span>
          </div>
        </div>
      ) : null}
      <h3>{t('settings.invite.list')}</h3>
      <ActionError error={load.error ?? revoke.error} />
      {list && list.length === 0 ? <p className="empty">{t('settings.invite.none')}</p> : null}
      {list && list.length > 0 ? (
        <table className="settings-table invitations-table">
          <TableHead
            columns={['settings.invite.name', 'settings.people.role', 'settings.invite.statusHeader', 'settings.invite.created', 'settings.invite.expires']}
            actions
          />
          <tbody>
            {[...list].reverse().map((inv) => {
              const status = statusOf(inv)
              const org = gov.organizations.find((o) => o.id === inv.orgId)
              const who = inv.name ?? t('settings.invite.unnamed')
              return (
                <tr key={inv.id} data-invitation-id={inv.id} data-status={status}>
                  <th scope="row">{who}</th>
                  <td>
                    <RoleOrgBadges role={inv.role} org={org} />
                  </td>
                  <td>
                    <span className={`badge status-badge status-${status}`}>{t(STATUS_KEYS[status])}</span>
                  </td>
                  <td>{date(inv.createdAt)}</td>
                  <td>{date(inv.expiresAt)}</td>
                  <td>
                    {status === 'pending' ? (
                      <button
                        type="button"
                        aria-label={t('settings.invite.revokeLabel', { name: who })}
                        onClick={() => void revoke.run(() => api('DELETE', `${base(platformId)}/invitations/${encodeURIComponent(inv.id)}`)).then(refetch)}
                      >
                        {t('settings.invite.revoke')}
                      </button>
                    ) : null}
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      ) : null}
    </section>
  )
}
