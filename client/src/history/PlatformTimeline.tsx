import { useCallback, useEffect } from 'react'
import { useI18n } from '../i18n/index.js'
import { historyPath } from '../routes.js'
import type { PlatformLive } from '../shell/PlatformShell.js'
import { followInApp } from '../signoff/navigation.js'
import { fetchPlatformVersions } from './api.js'
import { ChangedBy, ReasonText } from './labels.js'
import { useVersions } from './use-versions.js'
import { When } from './when.js'
import { LoadStatus } from './LoadStatus.js'

/**
 * The platform's timeline (`/p/<id>/history`): every section's versions,
 * newest first, each with its section, time, why and who, opening that
 * section's history at that version.
 */
export function PlatformTimeline({ live }: { live: PlatformLive }) {
  const { t } = useI18n()
  const { platformId, gov } = live
  const fetcher = useCallback((signal: AbortSignal) => fetchPlatformVersions(platformId, signal), [platformId])
  const { load, reload } = useVersions(fetcher)
  useEffect(() => {
    document.title = `${t('history.platformTitle')} — ${gov.platform?.title ?? ''} — ${t('app.name')}`
  }, [t, gov.platform])
  const members = { people: gov.people, organizations: gov.organizations }
  const titleOf = (sectionId: string): string => {
    const section = gov.sections.find((s) => s.id === sectionId)
    if (section) return section.title
    const removed = gov.removedSections.find((s) => s.id === sectionId)
    return removed ? t('history.removedSection', { title: removed.title }) : t('section.unknown')
  }
  const entries = load.kind === 'ready' ? load.versions : []
  // Each section's oldest version listed (newest first: the last one seen): its text was there before the history.
  const oldest = new Map<string, string>()
  for (const e of entries) oldest.set(e.sectionId, e.id)
  return (
    <>
      <h2>{t('history.platformTitle')}</h2>
      <p className="muted small">{t('history.platformIntro')}</p>
      <LoadStatus load={load} reload={reload} />
      {entries.length > 0 ? (
        <div className="table-scroll">
          <table className="settings-table history-timeline">
            <thead>
              <tr>
                <th scope="col">{t('history.columnWhen')}</th>
                <th scope="col">{t('history.columnSection')}</th>
                <th scope="col">{t('history.columnWhy')}</th>
                <th scope="col">{t('history.columnWho')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id} data-version-id={e.id} data-section-id={e.sectionId}>
                  <td>
                    <a href={historyPath(platformId, e.sectionId, e.id)} onClick={followInApp}>
                      <When at={e.at} />
                    </a>
                  </td>
                  <td>{titleOf(e.sectionId)}</td>
                  <td>
                    <span className="history-reason" data-reason={e.reason}>
                      <ReasonText entry={e} members={members} entries={entries} />
                    </span>
                    {e.name ? <span className="history-list-name">{e.name}</span> : null}
                  </td>
                  <td>
                    <ChangedBy entry={e} members={members} first={oldest.get(e.sectionId) === e.id} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  )
}
