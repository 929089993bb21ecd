import { useI18n } from './i18n/index.js'
import { PlatformPage } from './platform/PlatformPage.js'
import { SignInScreen } from './account/lazy-sign-in.js'
import { useInAppNavigation } from './signoff/navigation.js'
import { NotFoundScreen } from './shell/screens.js'
import { LazyScreen, lazyScreen } from './shell/LazyScreen.js'
import { routeOf, type Route } from './routes.js'

// The platform page (the shared link delegates open) is in the first chunk; every other screen is
// fetched when first shown, so opening a platform does not download settings, sign-off or sessions.
const Home = lazyScreen(
  () => import('./Home.js'),
  (m) => m.Home,
)
const SetupScreen = lazyScreen(
  () => import('./account/SetupScreen.js'),
  (m) => m.SetupScreen,
)
const InviteScreen = lazyScreen(
  () => import('./account/InviteScreen.js'),
  (m) => m.InviteScreen,
)
const SettingsPage = lazyScreen(
  () => import('./settings/SettingsPage.js'),
  (m) => m.SettingsPage,
)
const SignoffPage = lazyScreen(
  () => import('./signoff/SignoffPage.js'),
  (m) => m.SignoffPage,
)
const ReviewAllPage = lazyScreen(
  () => import('./signoff/ReviewAll.js'),
  (m) => m.ReviewAllPage,
)
const AmendmentPage = lazyScreen(
  () => import('./amendments/AmendmentPage.js'),
  (m) => m.AmendmentPage,
)
const SessionsPage = lazyScreen(
  () => import('./sessions/SessionsPage.js'),
  (m) => m.SessionsPage,
)
const ProjectorPage = lazyScreen(
  () => import('./sessions/ProjectorPage.js'),
  (m) => m.ProjectorPage,
)

const HistoryPage = lazyScreen(
  () => import('./history/HistoryPage.js'),
  (m) => m.HistoryPage,
)

/** The screen of a route; every platform screen sets up its own PlatformShell. */
function Screen({ route }: { route: Route }) {
  switch (route.kind) {
    case 'home':
      return <Home />
    case 'signin':
      return <SignInScreen />
    case 'setup':
      return <SetupScreen />
    case 'invite':
      return <InviteScreen />
    case 'platform':
      return <PlatformPage platformId={route.platformId} />
    case 'settings':
      return <SettingsPage platformId={route.platformId} />
    case 'signoff':
      return <SignoffPage platformId={route.platformId} />
    case 'review':
      return <ReviewAllPage platformId={route.platformId} />
    case 'amendment':
      return <AmendmentPage key={route.amendmentId} platformId={route.platformId} amendmentId={route.amendmentId} />
    case 'sessions':
      return <SessionsPage platformId={route.platformId} />
    case 'projector':
      return <ProjectorPage platformId={route.platformId} />
    case 'history':
      return <HistoryPage platformId={route.platformId} sectionId={route.sectionId} />
    case 'unknown':
      return <NotFoundScreen />
  }
}

export function App() {
  const { t } = useI18n()
  useInAppNavigation()
  const route = routeOf(location.pathname, location.search)
  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <LazyScreen screenKey={route.kind}>
        <Screen route={route} />
      </LazyScreen>
    </>
  )
}
