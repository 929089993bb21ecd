import { useCallback, useEffect, useState, type KeyboardEvent } from 'react'
import { registerEnglish, useI18n, type MessageKey } from '../i18n/index.js'
import { settingsEn } from '../i18n/settings.js'
import { AppHeader } from '../AppHeader.js'
import { PlatformShell, type PlatformLive } from '../shell/PlatformShell.js'
import { LoadingScreen, NarrowPage } from '../shell/screens.js'
import { ConnectionBanners } from '../shell/status.js'
import { platformPath } from '../routes.js'
import { OrganizationsTab } from './OrganizationsTab.js'
import { PeopleTab } from './PeopleTab.js'
import { InvitationsTab } from './InvitationsTab.js'
import { SectionsTab } from './SectionsTab.js'
import { AuditTab } from './AuditTab.js'
import { LanguagesTab } from './LanguagesTab.js'

// The settings screens' English messages arrive with their code (this chunk), before anything here renders.
registerEnglish(settingsEn)

export const TABS = ['organizations', 'people', 'invitations', 'sections', 'languages', 'audit'] as const
export type Tab = (typeof TABS)[number]
const TAB_KEYS: Record<Tab, MessageKey> = {
  organizations: 'settings.tab.organizations',
  people: 'settings.tab.people',
  invitations: 'settings.tab.invitations',
  sections: 'settings.tab.sections',
  languages: 'settings.tab.languages',
  audit: 'settings.tab.audit',
}

const tabFromHash = (): Tab => {
  const h = location.hash.slice(1)
  return (TABS as readonly string[]).includes(h) ? (h as Tab) : 'organizations'
}

/** Platform settings (`/p/<id>/settings`), for facilitators, inside the PlatformShell. */
export function SettingsPage({ platformId }: { platformId: string }) {
  // Settings only read gov: no copy on this device, so nothing old is ever sent (or refused).
  return (
    <PlatformShell platformId={platformId} persist={false}>
      {(live) => <Settings live={live} />}
    </PlatformShell>
  )
}

function Settings({ live }: { live: PlatformLive }) {
  const { t } = useI18n()
  const { platformId, state, gov, principal, can, membership } = live
  const [tab, setTab] = useState<Tab>(tabFromHash)

  useEffect(() => {
    const onHash = () => setTab(tabFromHash())
    window.addEventListener('hashchange', onHash)
    return () => window.removeEventListener('hashchange', onHash)
  }, [])
  useEffect(() => {
    document.title = `${t('settings.title')} — ${gov.platform?.title ?? ''} — ${t('app.name')}`
  }, [t, gov.platform])

  const select = useCallback((next: Tab, focus = false) => {
    setTab(next)
    history.replaceState(null, '', `#${next}`)
    if (focus) document.getElementById(`tab-${next}`)?.focus()
  }, [])
  const onKey = (event: KeyboardEvent) => {
    const i = TABS.indexOf(tab)
    let next: Tab | undefined
    if (event.key === 'ArrowRight') next = TABS[(i + 1) % TABS.length]
    else if (event.key === 'ArrowLeft') next = TABS[(i - 1 + TABS.length) % TABS.length]
    else if (event.key === 'Home') next = TABS[0]
    else if (event.key === 'End') next = TABS[TABS.length - 1]
    if (next) {
      event.preventDefault()
      select(next, true)
    }
  }

  const platformHref = platformPath(platformId)
  // No settings link on the settings page itself.
  const header = <AppHeader title={gov.platform?.title ?? null} titleHref={platformHref} membership={membership ? { ...membership, canManage: false } : null} />

  if (gov.platform === null || principal === null) return <LoadingScreen header={header} />
  if (!can('platform.manage')) {
    return (
      <NarrowPage header={header}>
        <h1>{t('settings.title')}</h1>
        <p className="banner banner-warning">{t('settings.facilitatorsOnly')}</p>
        <p>
          <a href={platformHref}>{t('settings.backToPlatform')}</a>
        </p>
      </NarrowPage>
    )
  }

  return (
    <>
      {header}
      <ConnectionBanners state={state} />
      <main id="main" className="page settings-page" tabIndex={-1}>
        <p className="back-link">
          <a href={platformHref}>← {t('settings.backToPlatform')}</a>
        </p>
        <h1>{t('settings.title')}</h1>
        <div className="tabs" role="tablist" aria-label={t('settings.title')} onKeyDown={onKey}>
          {TABS.map((name) => (
            <button
              key={name}
              type="button"
              role="tab"
              id={`tab-${name}`}
              aria-selected={tab === name}
              aria-controls={`panel-${name}`}
              tabIndex={tab === name ? 0 : -1}
              onClick={() => select(name)}
            >
              {t(TAB_KEYS[name])}
            </button>
          ))}
        </div>
        <div className="tab-panel" role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} tabIndex={0}>
          {tab === 'organizations' ? <OrganizationsTab platformId={platformId} gov={gov} /> : null}
          {tab === 'people' ? <PeopleTab platformId={platformId} gov={gov} selfId={principal.personId} /> : null}
          {tab === 'invitations' ? <InvitationsTab platformId={platformId} gov={gov} /> : null}
          {tab === 'sections' ? <SectionsTab platformId={platformId} gov={gov} /> : null}
          {tab === 'languages' ? <LanguagesTab platformId={platformId} gov={gov} /> : null}
          {tab === 'audit' ? <AuditTab platformId={platformId} gov={gov} /> : null}
        </div>
      </main>
    </>
  )
}
