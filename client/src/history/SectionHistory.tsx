import { useCallback, useEffect, useId, useState } from 'react'
import { penOn } from '../../../shared/drafting.js'
import { govSessions } from '../../../shared/gov.js'
import type { VersionEntry } from '../../../shared/versions.js'
import { useI18n } from '../i18n/index.js'
import { historyPath, sectionPath } from '../routes.js'
import type { PlatformLive } from '../shell/PlatformShell.js'
import { useSectionHashes } from '../signoff/live.js'
import { followInApp } from '../signoff/navigation.js'
import { CompareView } from './CompareView.js'
import { ChangedBy, ReasonText } from './labels.js'
import { RestoreControl } from './RestoreControl.js'
import { useVersions } from './use-versions.js'
import { VersionName } from './VersionName.js'
import { VersionPanel } from './VersionPanel.js'
import { fetchSectionVersions } from './api.js'
import { When } from './when.js'
import { useFormatWhen } from './when.js'
import { LoadStatus } from './LoadStatus.js'

/** The version asked for in the address (`?v=<id>`), if any. */
const versionInAddress = (): string | null => new URLSearchParams(location.search).get('v')

/**
 * A section's history (`/p/<id>/history/<sectionId>`): its versions newest
 * first, and the one chosen with its text, who wrote it, a comparison, its
 * name and, for those who may write the section now, restoring it.
 */
export function SectionHistory({ live, sectionId }: { live: PlatformLive; sectionId: string }) {
  const { t } = useI18n()
  const id = useId()
  const formatWhen = useFormatWhen()
  const { platformId, gov, can, doc } = live
  const section = gov.sections.find((s) => s.id === sectionId) ?? null
  const removed = gov.removedSections.find((s) => s.id === sectionId) ?? null
  const title = section?.title ?? (removed ? t('history.removedSection', { title: removed.title }) : t('section.unknown'))
  const fetcher = useCallback((signal: AbortSignal) => fetchSectionVersions(platformId, sectionId, signal), [platformId, sectionId])
  const { load, reload } = useVersions(fetcher)
  const [selectedId, setSelectedId] = useState<string | null>(versionInAddress)
  const [notice, setNotice] = useState('')
  const hashes = useSectionHashes(doc, section ? [sectionId] : [])
  const currentHash = hashes[sectionId]
  const entries = load.kind === 'ready' ? load.versions : []
  const selected = entries.find((e) => e.id === selectedId) ?? entries[0] ?? null

  useEffect(() => {
    document.title = `${t('history.sectionTitle', { title })} — ${gov.platform?.title ?? ''} — ${t('app.name')}`
  }, [t, title, gov.platform])

  const select = (entry: VersionEntry) => {
    setSelectedId(entry.id)
    setNotice('')
    // The address names the version shown, so that it can be shared.
    history.replaceState(history.state, '', historyPath(platformId, sectionId, entry.id))
  }
  /** A name saved: the list shows it at once, and the server's list follows. */
  const [renamed, setRenamed] = useState<Record<string, string | null>>({})
  const withName = (e: VersionEntry): VersionEntry => (e.id in renamed ? { ...e, name: renamed[e.id] ?? null } : e)
  const shown = entries.map(withName)
  const shownSelected = selected ? withName(selected) : null

  const members = { people: gov.people, organizations: gov.organizations }
  const owner = gov.organizations.find((o) => o.id === section?.ownerOrgId)
  const pen = penOn(govSessions(doc)?.values() ?? [], sectionId)
  return (
    <>
      <p className="back-link">
        {section ? (
          <a href={sectionPath(platformId, sectionId)} onClick={followInApp}>
            {t('history.backToSection')}
          </a>
        ) : null}
        {section ? ' · ' : null}
        <a href={historyPath(platformId)} onClick={followInApp}>
          {t('history.toTimeline')}
        </a>
      </p>
      <h2 id={`${id}-title`}>{t('history.sectionTitle', { title })}</h2>
      <p className="muted small">{t('history.sectionIntro')}</p>
      <LoadStatus load={load} reload={reload} />
      {shownSelected ? (
        <div className="history-layout">
          <section className="history-list" aria-label={t('history.versionsList', { title })}>
            <ol>
              {shown.map((e) => {
                const isSelected = e.id === shownSelected.id
                return (
                  <li key={e.id} data-version-id={e.id} data-reason={e.reason} className={isSelected ? 'selected' : undefined}>
                    <button type="button" className="history-pick" aria-current={isSelected ? 'true' : undefined} onClick={() => select(e)}>
                      <When at={e.at} />
                      {isSelected ? <span className="visually-hidden"> {t('history.selected')}</span> : null}
                    </button>
                    <span className="history-reason" data-reason={e.reason}>
                      <ReasonText entry={e} members={members} entries={entries} />
                    </span>
                    {e.name ? <span className="history-list-name">{e.name}</span> : null}
                    <span className="small">
                      <ChangedBy entry={e} members={members} first={e.id === entries.at(-1)?.id} />
                    </span>
                  </li>
                )
              })}
            </ol>
          </section>
          <div className="history-detail">
            <p className="history-notice" role="status">
              {notice}
            </p>
            <VersionPanel
              key={shownSelected.id}
              platformId={platformId}
              entry={shownSelected}
              entries={entries}
              members={members}
              primaryLang={gov.platform?.languages.primary ?? 'en'}
              controls={
                <>
                  <VersionName
                    platformId={platformId}
                    entry={shownSelected}
                    canName={can('version.name')}
                    onNamed={(named) => {
                      setRenamed((r) => ({ ...r, [named.id]: named.name }))
                      reload()
                    }}
                  />
                  {section ? (
                    <RestoreControl
                      platformId={platformId}
                      entry={shownSelected}
                      target={{ section, platform: gov.platform, pen }}
                      can={can}
                      ownerName={owner?.name ?? t('section.unknownOrg')}
                      isCurrent={currentHash !== undefined && currentHash === shownSelected.hash}
                      onRestored={(versionId, at) => {
                        setNotice(t('history.restore.done', { time: formatWhen(at) }))
                        setSelectedId(versionId)
                        history.replaceState(history.state, '', historyPath(platformId, sectionId, versionId))
                        reload()
                      }}
                    />
                  ) : null}
                </>
              }
              after={<CompareView platformId={platformId} sectionId={sectionId} entry={shownSelected} entries={entries} />}
            />
          </div>
        </div>
      ) : null}
    </>
  )
}
