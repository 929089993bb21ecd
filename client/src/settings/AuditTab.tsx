import { useEffect, useId, useState } from 'react'
import type { AuditEntry } from '../../../shared/api.js'
import type { GovSnapshot } from '../../../shared/gov.js'
import { api } from '../api.js'
import { useI18n } from '../i18n/index.js'
import { ActionError, base, useAction, useDateFormat } from './common.js'

function detailText(detail: Record<string, unknown>): string {
  return Object.entries(detail)
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' · ')
}

/** The append-only audit log, newest first on screen. */
export function AuditTab({ platformId, gov }: { platformId: string; gov: GovSnapshot }) {
  const { t } = useI18n()
  const id = useId()
  const date = useDateFormat()
  const [entries, setEntries] = useState<AuditEntry[] | null>(null)
  const load = useAction()
  // Refetch whenever governance state changes: each change is an audit entry.
  const govKey = JSON.stringify([gov.people, gov.organizations, gov.sections, gov.removedSections])
  useEffect(() => {
    void load.run(async () => {
      const body = await api<{ entries: AuditEntry[] }>('GET', `${base(platformId)}/audit`)
      setEntries(body.entries)
    })
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [platformId, govKey])
  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('settings.tab.audit')}</h2>
      <p className="muted">{t('settings.audit.intro')}</p>
      <ActionError error={load.error} />
      {entries && entries.length === 0 ? <p className="empty">{t('settings.audit.none')}</p> : null}
      {entries && entries.length > 0 ? (
        <div className="table-scroll" tabIndex={0} role="region" aria-labelledby={`${id}-title`}>
          <table className="settings-table audit-table">
            <thead>
              <tr>
                <th scope="col">{t('settings.audit.time')}</th>
                <th scope="col">{t('settings.audit.actor')}</th>
                <th scope="col">{t('settings.audit.action')}</th>
                <th scope="col">{t('settings.audit.details')}</th>
              </tr>
            </thead>
            <tbody>
              {[...entries].reverse().map((e) => (
                <tr key={e.seq}>
                  <td>
                    <time dateTime={e.at}>{date(e.at)}</time>
                  </td>
                  <td>{e.actorName ?? t('settings.audit.system')}</td>
                  <td>
                    <code>{e.action}</code>
                  </td>
                  <td className="audit-detail">{detailText(e.detail)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  )
}
