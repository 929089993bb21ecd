import { useI18n } from './i18n/index.js'
import { Home } from './Home.js'
import { PlatformPage } from './platform/PlatformPage.js'
import { SettingsPage } from './settings/SettingsPage.js'
import { SignoffPage } from './signoff/SignoffPage.js'
import { useInAppNavigation } from './signoff/navigation.js'
import { SignInScreen } from './account/SignInScreen.js'
import { SetupScreen } from './account/SetupScreen.js'
import { InviteScreen } from './account/InviteScreen.js'
import { AppHeader } from './AppHeader.js'
import { SessionsPage } from './sessions/SessionsPage.js'
import { ProjectorPage } from './sessions/ProjectorPage.js'
import { sessionsRouteOf } from './sessions/links.js'

type Route =
  | { kind: 'home' | 'signin' | 'setup' | 'invite' | 'unknown' }
  | { kind: 'platform' | 'settings'; platformId: string }
  | { kind: 'sessions' | 'projector'; platformId: string }
  | { kind: 'signoff'; platformId: string }

/** Routes: `/`, `/signin`, `/setup#<token>`, `/invite#<token>`, `/p/<id>`, `/p/<id>/settings`. */
function route(pathname: string): Route {
  if (pathname === '/' || pathname === '/index.html') return { kind: 'home' }
  if (pathname === '/signin') return { kind: 'signin' }
  if (pathname === '/setup') return { kind: 'setup' }
  if (pathname === '/invite') return { kind: 'invite' }
  const sessionsRoute = sessionsRouteOf(pathname, location.search)
  if (sessionsRoute) return sessionsRoute
  const signoff = /^\/p\/([^/]+)\/signoff\/?$/.exec(pathname)
  if (signoff?.[1]) return { kind: 'signoff', platformId: decodeURIComponent(signoff[1]) }
  const match = /^\/p\/([^/]+)(\/settings)?\/?$/.exec(pathname)
  if (match?.[1]) return { kind: match[2] ? 'settings' : 'platform', platformId: decodeURIComponent(match[1]) }
  return { kind: 'unknown' }
}

export function App() {
  const { t } = useI18n()
  useInAppNavigation()
  const current = route(location.pathname)
  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      {current.kind === 'home' ? <Home /> : null}
      {current.kind === 'signin' ? <SignInScreen /> : null}
      {current.kind === 'setup' ? <SetupScreen /> : null}
      {current.kind === 'invite' ? <InviteScreen /> : null}
      {current.kind === 'platform' ? <PlatformPage platformId={current.platformId} /> : null}
      {current.kind === 'settings' ? <SettingsPage platformId={current.platformId} /> : null}
      {current.kind === 'sessions' ? <SessionsPage platformId={current.platformId} /> : null}
      {current.kind === 'projector' ? <ProjectorPage platformId={current.platformId} /> : null}
      {current.kind === 'signoff' ? <SignoffPage platformId={current.platformId} /> : null}
      {current.kind === 'unknown' ? (
        <>
          <AppHeader />
          <main id="main" className="page narrow" tabIndex={-1}>
            <h1>{t('platform.notFound.title')}</h1>
            <p>
              <a href="/">{t('platform.backHome')}</a>
            </p>
          </main>
        </>
      ) : null}
    </>
  )
}
