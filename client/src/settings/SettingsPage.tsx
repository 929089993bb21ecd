import { useCallback, useEffect, useState, type KeyboardEvent } from 'react'
import { canManage } from '../../../shared/permissions.js'
import { CloseCode } from '../../../shared/protocol.js'
import { ApiError, api } from '../api.js'
import { useI18n, type MessageKey } from '../i18n/index.js'
import { useSession } from '../session.js'
import { AppHeader } from '../AppHeader.js'
import { SignInScreen } from '../account/SignInScreen.js'
import { PlatformConnection } from '../platform/connection.js'
import { useConnectionState, useGov } from '../platform/hooks.js'
import { usePrincipal } from '../platform/PlatformPage.js'
import { OrganizationsTab } from './OrganizationsTab.js'
import { PeopleTab } from './PeopleTab.js'
import { InvitationsTab } from './InvitationsTab.js'
import { SectionsTab } from './SectionsTab.js'
import { AuditTab } from './AuditTab.js'

export const TABS = ['organizations', 'people', 'invitations', 'sections', 'audit'] as const
export type Tab = (typeof TABS)[number]
const TAB_KEYS: Record<Tab, MessageKey> = {
  organizations: 'settings.tab.organizations',
  people: 'settings.tab.people',
  invitations: 'settings.tab.invitations',
  sections: 'settings.tab.sections',
  audit: 'settings.tab.audit',
}

const tabFromHash = (): Tab => {
  const h = location.hash.slice(1)
  return (TABS as readonly string[]).includes(h) ? (h as Tab) : 'organizations'
}

/** Platform settings (`/p/<id>/settings`), for facilitators. */
export function SettingsPage({ platformId }: { platformId: string }) {
  const { t } = useI18n()
  const { session } = useSession()
  const personId = session.kind === 'signedIn' ? session.info.person.id : null
  const [connection, setConnection] = useState<PlatformConnection | null>(null)
  useEffect(() => {
    if (personId === null) return
    // Settings only read gov: no copy on this device, so nothing old is ever sent (or refused).
    const c = new PlatformConnection(platformId, { persist: false })
    setConnection(c)
    return () => {
      c.destroy()
      // Never render a destroyed connection (e.g. one closed 4401 after signing in again).
      setConnection((current) => (current === c ? null : current))
    }
  }, [platformId, personId])
  if (session.kind === 'loading') return <p className="loading page">{t('platform.loading')}</p>
  if (session.kind === 'signedOut') return <SignInScreen embedded expired={session.expired} />
  if (!connection) return null
  return <Settings key={platformId} connection={connection} />
}

function Settings({ connection }: { connection: PlatformConnection }) {
  const { t } = useI18n()
  const { expire } = useSession()
  const { platformId } = connection
  const state = useConnectionState(connection)
  const gov = useGov(connection.doc)
  const { principal, org } = usePrincipal(gov, platformId)
  const [tab, setTab] = useState<Tab>(tabFromHash)
  const [noAccess, setNoAccess] = useState(false)

  useEffect(() => {
    const controller = new AbortController()
    api('GET', `/api/platforms/${encodeURIComponent(platformId)}`, undefined, controller.signal).catch((e: unknown) => {
      if (e instanceof ApiError && e.status === 404) setNoAccess(true)
      if (e instanceof ApiError && e.status === 401) expire()
    })
    return () => controller.abort()
  }, [platformId, expire])
  useEffect(() => {
    if (state.closedCode === CloseCode.Unauthenticated) expire()
  }, [state.closedCode, expire])
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

  const platformHref = `/p/${encodeURIComponent(platformId)}`
  const header = (
    <AppHeader
      title={gov.platform?.title ?? null}
      titleHref={platformHref}
      membership={principal ? { platformId, role: principal.role, org, canManage: false } : null}
    />
  )

  if (noAccess || state.closedCode === CloseCode.UnknownPlatform) {
    return (
      <>
        <AppHeader />
        <main id="main" className="page narrow" tabIndex={-1}>
          <h1>{t('platform.noAccess.title')}</h1>
          <p>{t('platform.noAccess.body')}</p>
          <p>
            <a href="/">{t('platform.backHome')}</a>
          </p>
        </main>
      </>
    )
  }
  if (gov.platform === null || principal === null) {
    return (
      <>
        {header}
        <main id="main" className="page narrow" tabIndex={-1}>
          <p className="loading" aria-busy="true">
            {t('platform.loading')}
          </p>
        </main>
      </>
    )
  }
  if (!canManage(principal)) {
    return (
      <>
        {header}
        <main id="main" className="page narrow" tabIndex={-1}>
          <h1>{t('settings.title')}</h1>
          <p className="banner banner-warning">{t('settings.facilitatorsOnly')}</p>
          <p>
            <a href={platformHref}>{t('settings.backToPlatform')}</a>
          </p>
        </main>
      </>
    )
  }

  return (
    <>
      {header}
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
          {tab === 'audit' ? <AuditTab platformId={platformId} gov={gov} /> : null}
        </div>
      </main>
    </>
  )
}
