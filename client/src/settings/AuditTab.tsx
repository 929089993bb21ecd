import { useEffect, useId, useState } from 'react'
import type { AuditEntry } from '../../../shared/api.js'
import type { GovSnapshot } from '../../../shared/gov.js'
import { api } from '../api.js'
import { useI18n } from '../i18n/index.js'
import { ActionError, base, useAction, useDateFormat } from './common.js'
import { TableHead } from './table-head.js'
import { auditActionText, auditDetailLines, auditNames } from './audit-words.js'
import './audit.css'

/** What the server found when it walked the hash chain of the whole log. */
type Verification = { ok: true; entries: number } | { ok: false; seq: number; problem: string }

/** The append-only audit log, newest first on screen, with the chain's verification. */
export function AuditTab({ platformId, gov }: { platformId: string; gov: GovSnapshot }) {
  const { t, locale, formatList } = useI18n()
  const id = useId()
  const date = useDateFormat()
  const [entries, setEntries] = useState<AuditEntry[] | null>(null)
  const [verification, setVerification] = useState<Verification | null>(null)
  const [verifyCount, setVerifyCount] = useState(0)
  const load = useAction()
  const words = { t, locale, names: auditNames(gov, entries ?? [], t), date, list: formatList }
  // Refetch whenever governance state changes: each change is an audit entry.
  const govKey = JSON.stringify([gov.people, gov.organizations, gov.sections, gov.removedSections])
  // biome-ignore lint/correctness/useExhaustiveDependencies: govKey and verifyCount are triggers: the log is fetched again when gov changes or after a verification
  useEffect(() => {
    void load.run(async () => {
      const body = await api<{ entries: AuditEntry[]; verification: Verification }>('GET', `${base(platformId)}/audit`)
      setEntries(body.entries)
      setVerification(body.verification)
    })
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [platformId, govKey, verifyCount])
  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('settings.tab.audit')}</h2>
      <p className="muted">{t('settings.audit.intro')}</p>
      <ActionError error={load.error} />
      <p className="audit-verify" role="status">
        {verification === null
          ? null
          : verification.ok
            ? t('settings.audit.intact', { count: verification.entries })
            : t('settings.audit.broken', { seq: verification.seq })}{' '}
        <button type="button" onClick={() => setVerifyCount((n) => n + 1)}>
          {t('settings.audit.verify')}
        </button>
      </p>
      {entries && entries.length === 0 ? <p className="empty">{t('settings.audit.none')}</p> : null}
      {entries && entries.length > 0 ? (
        <div className="table-scroll" tabIndex={0} role="region" aria-labelledby={`${id}-title`}>
          <table className="settings-table audit-table">
            <TableHead columns={['settings.audit.time', 'settings.audit.actor', 'settings.audit.action', 'settings.audit.details']} />
            <tbody>
              {[...entries].reverse().map((e) => (
                <tr key={e.seq}>
                  <td className="nowrap">
                    <time dateTime={e.at}>{date(e.at)}</time>
                  </td>
                  <td>{e.actorName ?? t('settings.audit.system')}</td>
                  <td>{auditActionText(t, e.action)}</td>
                  <td className="audit-detail">
                    <AuditDetails lines={auditDetailLines(e, words)} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  )
}

/** An entry's details, one per line: label, then the value in words (a colour with its swatch). */
function AuditDetails({ lines }: { lines: ReturnType<typeof auditDetailLines> }) {
  const { t } = useI18n()
  if (lines.length === 0) return null
  return (
    <ul className="audit-fields">
      {lines.map((line) => (
        <li key={line.field}>
          <span className="audit-field">{t('settings.audit.fieldLabel', { label: line.label })}</span>{' '}
          {line.color ? <span className="audit-swatch" style={{ background: line.color }} aria-hidden="true" /> : null}
          {line.value}
        </li>
      ))}
    </ul>
  )
}
