import { useEffect, useId, useMemo, useState, type FormEvent } from 'react'
import { readyToAdopt } from '../../../shared/signoff-rules.js'
import type { GovOrganization, GovSection } from '../../../shared/gov.js'
import { api, enc, errorText } from '../api.js'
import { useI18n } from '../i18n/index.js'
import { toHexColor } from '../colors.js'
import { AppHeader } from '../AppHeader.js'
import { PlatformShell, type PlatformLive } from '../shell/PlatformShell.js'
import { LoadingScreen } from '../shell/screens.js'
import { ConnectionBanners } from '../shell/status.js'
import { platformPath, sectionPath } from '../routes.js'
import { DecisionDiff } from './DiffView.js'
import { CellLabel, StatusBadge } from './labels.js'
import { useConnectionState } from '../platform/hooks.js'
import { PublishLinks } from './PublishLinks.js'
import { AdoptControl, type StaleTranslation } from './AdoptControl.js'
import { usePrimaryHashes } from '../platform/primary-hash.js'
import { cellState, sectionSignoffState, useSectionHashes, useSignoffGov, type SectionSignoffState } from './live.js'
import './signoff.css'
import { FormError } from '../FormError.js'
import { ReviewAllLink } from './ReviewAllLink.js'

/**
 * The sign-off matrix (`/p/<id>/signoff`), inside the PlatformShell. It never
 * writes the document, but the copy on this device may carry something the
 * relay refuses: the shell then starts over on a fresh copy.
 */
export function SignoffPage({ platformId }: { platformId: string }) {
  return <PlatformShell platformId={platformId}>{(live) => <Matrix live={live} />}</PlatformShell>
}

interface Row extends SectionSignoffState {
  id: string
  title: string
  locked: boolean
}

/** Each translation not up to date with its section's primary text as it is now; null until every primary text is hashed. */
function staleTranslationsOf(sections: GovSection[], others: readonly string[], primaryHashes: Record<string, string>): StaleTranslation[] | null {
  if (sections.some((s) => primaryHashes[s.id] === undefined)) return null
  return sections.flatMap((s) =>
    others.filter((lang) => s.translations?.[lang]?.upToDateWith !== primaryHashes[s.id]).map((lang) => ({ sectionId: s.id, lang })),
  )
}

function Matrix({ live }: { live: PlatformLive }) {
  const { t, locale, formatList } = useI18n()
  const { platformId, doc, state, gov, principal, can, membership } = live
  const connectionStatus = useConnectionState(live.connection).status
  const { platform, signoffs } = useSignoffGov(doc)
  const [mineOnly, setMineOnly] = useState(false)
  const [diff, setDiff] = useState<{ sectionId: string; orgId: string } | null>(null)
  const [actionError, setActionError] = useState<string | null>(null)
  const [announce, setAnnounce] = useState('')
  const hashes = useSectionHashes(
    doc,
    gov.sections.map((s) => s.id),
  )
  const primaryHashes = usePrimaryHashes(
    doc,
    gov.sections.map((s) => s.id),
  )
  const staleTranslations = staleTranslationsOf(gov.sections, gov.platform?.languages?.others ?? [], primaryHashes)
  const manager = can('platform.manage')
  const dateFormat = useMemo(() => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }), [locale])

  useEffect(() => {
    document.title = `${t('signoff.page.title')} — ${gov.platform?.title ?? ''} — ${t('app.name')}`
  }, [t, gov.platform])

  const platformHref = platformPath(platformId)
  const header = <AppHeader title={gov.platform?.title ?? null} titleHref={platformHref} membership={membership} />
  if (!platform || gov.platform === null) return <LoadingScreen header={header} />

  const threshold = platform.approvalThreshold
  const orgs = gov.organizations
  const orgIds = orgs.map((o) => o.id)
  const orgName = (orgId: string) => orgs.find((o) => o.id === orgId)?.name ?? t('section.unknownOrg')
  const orgShort = (orgId: string) => {
    const o = orgs.find((x) => x.id === orgId)
    return o ? o.shortName || o.name : t('section.unknownOrg')
  }
  const rows: Row[] = gov.sections.map((s) => ({
    id: s.id,
    title: s.title,
    locked: s.locked,
    ...sectionSignoffState(s, orgIds, signoffs, hashes[s.id], threshold),
  }))
  const ready = readyToAdopt(rows, threshold)
  const approvedCount = rows.filter((r) => r.approval.approved).length
  const myOrgId = principal?.orgId ?? null
  const shown = mineOnly && myOrgId ? rows.filter((r) => r.standings.find((s) => s.orgId === myOrgId && !(s.decision === 'approve' && s.current))) : rows
  const waiting = rows.filter((r) => !r.approval.approved)
  const adopted = platform.adopted

  const act = async (what: () => Promise<unknown>, done: string) => {
    setActionError(null)
    try {
      await what()
      setAnnounce(done)
    } catch (e) {
      setActionError(errorText(e))
    }
  }
  const setLocked = (row: Row, locked: boolean) =>
    act(
      () => api('PATCH', `/api/platforms/${enc(platformId)}/sections/${enc(row.id)}`, { locked }),
      t(locked ? 'signoff.lock.done' : 'signoff.unlock.done', { section: row.title }),
    )

  const diffRow = diff ? rows.find((r) => r.id === diff.sectionId) : undefined
  const diffStanding = diff && diffRow ? diffRow.standings.find((s) => s.orgId === diff.orgId) : undefined

  return (
    <>
      {header}
      <ConnectionBanners state={state} />
      <main
        id="main"
        className="page signoff-page"
        tabIndex={-1}
        data-connection={connectionStatus}
        data-synced={state.everSynced ? '1' : '0'}
        data-closed={state.closedCode ?? ''}
        data-refused={state.refusedReason ?? ''}
      >
        <p className="back-link">
          <a href={platformHref}>← {t('signoff.page.back')}</a>
        </p>
        <h1>{t('signoff.page.title')}</h1>
        <ReviewAllLink platformId={platformId} can={can} principal={principal} adopted={adopted} />
        {adopted ? (
          <p className="notice signoff-adopted" role="status">
            <StatusBadge status="adopted" /> {t('signoff.page.adopted')}
          </p>
        ) : null}

        <section aria-labelledby="signoff-standing" className="signoff-standing">
          <h2 id="signoff-standing">{t('signoff.standing.title')}</h2>
          <p>
            {t('signoff.standing.summary', { approved: approvedCount, total: rows.length })}{' '}
            {threshold === null ? t('signoff.rule.unanimity') : t('signoff.rule.threshold', { n: threshold, m: orgs.length })}
          </p>
          {adopted ? null : ready ? (
            <p className="signoff-ready">
              <span aria-hidden="true">✓ </span>
              {t('signoff.standing.ready')}
            </p>
          ) : (
            <>
              <h3 className="signoff-subtitle">{t('signoff.standing.blockers')}</h3>
              <ul className="signoff-blockers">
                {rows.length === 0 ? <li>{t('signoff.standing.noSections')}</li> : null}
                {waiting.map((r) => {
                  const open = r.approval.openChanges
                  const missing = r.approval.missing.filter((id) => !open.includes(id))
                  return (
                    <li key={r.id} data-section-id={r.id}>
                      <strong>{r.title}</strong>:{' '}
                      {threshold === null
                        ? missing.length === orgs.length
                          ? t('signoff.standing.noApprovals')
                          : missing.length > 0
                            ? t('signoff.standing.waitingFor', { orgs: formatList(missing.map(orgShort)) })
                            : null
                        : t('signoff.standing.approvalsOf', { approvals: r.approval.approvals, needed: r.approval.needed })}
                      {open.length > 0 ? <> {t('signoff.standing.changesBy', { orgs: formatList(open.map(orgShort)) })}</> : null}
                    </li>
                  )
                })}
              </ul>
            </>
          )}
          {manager && !adopted ? <RuleForm platformId={platformId} threshold={threshold} orgCount={orgs.length} onSaved={setAnnounce} /> : null}
          {manager && !adopted ? (
            <AdoptControl
              platformId={platformId}
              ready={ready}
              sections={gov.sections}
              known={staleTranslations}
              onAdopted={() => setAnnounce(t('signoff.adopt.done'))}
            />
          ) : null}
        </section>

        <section aria-labelledby="signoff-matrix-title" className="signoff-matrix-section">
          <h2 id="signoff-matrix-title">{t('signoff.matrix.title')}</h2>
          {myOrgId ? (
            <p>
              <label className="signoff-filter">
                <input type="checkbox" checked={mineOnly} onChange={(e) => setMineOnly(e.target.checked)} />{' '}
                {t('signoff.matrix.filterMine', { org: orgName(myOrgId) })}
              </label>
            </p>
          ) : null}
          <div className="table-scroll" role="region" aria-labelledby="signoff-caption" tabIndex={0}>
            <table className="signoff-matrix">
              <caption id="signoff-caption">
                {t('signoff.matrix.caption')}
                {mineOnly && myOrgId ? ` ${t('signoff.matrix.captionFiltered', { org: orgName(myOrgId) })}` : ''}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t('signoff.matrix.section')}</th>
                  <th scope="col">{t('signoff.matrix.status')}</th>
                  {orgs.map((o) => (
                    <th scope="col" key={o.id} data-org-id={o.id}>
                      <OrgHeading org={o} />
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {shown.length === 0 ? (
                  <tr>
                    <td colSpan={orgs.length + 2}>{mineOnly ? t('signoff.matrix.nothingForMine') : t('signoff.standing.noSections')}</td>
                  </tr>
                ) : null}
                {shown.map((r) => (
                  <tr key={r.id} data-section-id={r.id} data-status={r.status}>
                    <th scope="row">
                      <a href={sectionPath(platformId, r.id)}>{r.title}</a>
                    </th>
                    <td className="signoff-status-cell">
                      <StatusBadge status={adopted ? 'adopted' : r.status} />
                      <span className="signoff-count small">{t('signoff.section.count', { approvals: r.approval.approvals, needed: r.approval.needed })}</span>
                      {manager && !adopted && r.status === 'approved' ? (
                        <button type="button" className="small-button" onClick={() => void setLocked(r, true)}>
                          {t('signoff.lock.button')}
                          <span className="visually-hidden"> {r.title}</span>
                        </button>
                      ) : null}
                      {manager && !adopted && r.locked ? (
                        <button type="button" className="small-button" onClick={() => void setLocked(r, false)}>
                          {t('signoff.unlock.button')}
                          <span className="visually-hidden"> {r.title}</span>
                        </button>
                      ) : null}
                    </td>
                    {r.standings.map((s) => {
                      const cell = cellState(s)
                      return (
                        <td key={s.orgId} data-org-id={s.orgId} data-cell={cell} className={`signoff-cell signoff-cell-bg-${cell}`}>
                          <CellLabel state={cell} />
                          {s.signoff ? <span className="signoff-when">{dateFormat.format(new Date(s.signoff.at))}</span> : null}
                          {s.signoff?.decision === 'changes' && s.signoff.note ? <q className="signoff-note">{s.signoff.note}</q> : null}
                          {s.signoff && !s.current ? (
                            <button
                              type="button"
                              className="link-button signoff-show-diff"
                              aria-expanded={diff?.sectionId === r.id && diff.orgId === s.orgId}
                              aria-controls="signoff-diff-panel"
                              onClick={() => setDiff((d) => (d?.sectionId === r.id && d.orgId === s.orgId ? null : { sectionId: r.id, orgId: s.orgId }))}
                            >
                              {t('signoff.matrix.showChanges')}
                              <span className="visually-hidden"> {t('signoff.matrix.showChangesContext', { section: r.title, org: orgName(s.orgId) })}</span>
                            </button>
                          ) : null}
                        </td>
                      )
                    })}
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row" colSpan={2}>
                    {t('signoff.matrix.progress')}
                  </th>
                  {orgs.map((o) => {
                    const done = rows.filter((r) => r.standings.some((s) => s.orgId === o.id && s.decision === 'approve' && s.current)).length
                    return (
                      <td key={o.id} data-org-id={o.id} className="signoff-progress">
                        {t('signoff.matrix.progressOf', { n: done, m: rows.length })}
                        <progress max={Math.max(rows.length, 1)} value={done} aria-label={t('signoff.matrix.progressLabel', { org: o.name })} />
                      </td>
                    )
                  })}
                </tr>
              </tfoot>
            </table>
          </div>
          <div id="signoff-diff-panel" className="signoff-diff-panel">
            {diff && diffRow && diffStanding?.signoff && !diffStanding.current ? (
              <section aria-labelledby="signoff-diff-title" key={`${diff.sectionId}:${diff.orgId}`}>
                <h3 id="signoff-diff-title" tabIndex={-1} ref={focusOnMount}>
                  {t('signoff.matrix.diffTitle', { section: diffRow.title, org: orgName(diff.orgId) })}
                </h3>
                <DecisionDiff
                  doc={doc}
                  platformId={platformId}
                  sectionId={diff.sectionId}
                  orgId={diff.orgId}
                  hash={diffStanding.signoff.hash}
                  orgName={orgName(diff.orgId)}
                />
                <p>
                  <button type="button" className="link-button" onClick={() => setDiff(null)}>
                    {t('signoff.matrix.closeDiff')}
                  </button>
                </p>
              </section>
            ) : null}
          </div>
        </section>

        <section aria-labelledby="signoff-publish" className="signoff-publish">
          <h2 id="signoff-publish">{t('signoff.publish.title')}</h2>
          <p>{adopted ? t('signoff.publish.final') : t('signoff.publish.draft')}</p>
          <PublishLinks platformId={platformId} adopted={adopted} languages={platform.languages} />
        </section>
        {actionError ? (
          <p className="form-error" role="alert">
            {t('signoff.action.error', { message: actionError })}
          </p>
        ) : null}
        <p className="visually-hidden" role="status" aria-live="polite">
          {announce}
        </p>
      </main>
    </>
  )
}

/** Brings a panel that just opened into view, with the focus on its heading. */
const focusOnMount = (el: HTMLElement | null): void => {
  if (el && !el.dataset.focused) {
    el.dataset.focused = '1'
    el.focus({ preventScroll: true })
    el.scrollIntoView({ block: 'start' })
  }
}

function OrgHeading({ org }: { org: GovOrganization }) {
  return (
    <span className="signoff-org-heading">
      <span className="org-marker" style={{ backgroundColor: toHexColor(org.color, org.id) }} aria-hidden="true" />
      <abbr title={org.name}>{org.shortName || org.name}</abbr>
      <span className="visually-hidden"> ({org.name})</span>
    </span>
  )
}

/** Facilitators: unanimity, or at least n of m organizations with no open request for changes. */
function RuleForm({
  platformId,
  threshold,
  orgCount,
  onSaved,
}: {
  platformId: string
  threshold: number | null
  orgCount: number
  onSaved: (message: string) => void
}) {
  const { t } = useI18n()
  const id = useId()
  const [mode, setMode] = useState<'unanimity' | 'threshold'>(threshold === null ? 'unanimity' : 'threshold')
  const [n, setN] = useState(String(threshold ?? Math.max(orgCount - 1, 1)))
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    setMode(threshold === null ? 'unanimity' : 'threshold')
    if (threshold !== null) setN(String(threshold))
  }, [threshold])
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const value = mode === 'unanimity' ? null : Number(n)
    if (value !== null && (!Number.isInteger(value) || value < 1 || value > orgCount)) {
      setError(t('signoff.rule.invalid', { m: orgCount }))
      return
    }
    setBusy(true)
    setError(null)
    try {
      await api('PATCH', `/api/platforms/${enc(platformId)}`, { approvalThreshold: value })
      onSaved(t('signoff.rule.saved'))
    } catch (e) {
      setError(errorText(e))
    } finally {
      setBusy(false)
    }
  }
  return (
    <form className="signoff-rule-form card" onSubmit={(e) => void submit(e)} noValidate>
      <fieldset>
        <legend>{t('signoff.rule.legend')}</legend>
        <label className="signoff-choice">
          <input type="radio" name={`${id}-mode`} checked={mode === 'unanimity'} onChange={() => setMode('unanimity')} /> {t('signoff.rule.unanimityOption')}
        </label>
        <label className="signoff-choice">
          <input type="radio" name={`${id}-mode`} checked={mode === 'threshold'} onChange={() => setMode('threshold')} /> {t('signoff.rule.thresholdOption')}
        </label>
        <label className="signoff-threshold">
          {t('signoff.rule.atLeast')}{' '}
          <input
            type="number"
            min={1}
            max={orgCount}
            value={n}
            disabled={mode !== 'threshold'}
            aria-invalid={error ? true : undefined}
            aria-describedby={`${id}-hint`}
            onChange={(e) => setN(e.target.value)}
          />{' '}
          {t('signoff.rule.ofOrgs', { m: orgCount })}
        </label>
        <p id={`${id}-hint`} className="hint">
          {t('signoff.rule.hint')}
        </p>
      </fieldset>
      <FormError error={error} />
      <button type="submit" disabled={busy}>
        {t('signoff.rule.save')}
      </button>
    </form>
  )
}

/** Facilitators adopt the platform once every section is approved, after confirming. */
