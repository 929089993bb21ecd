import { useI18n } from './i18n/index.js'
import { Home } from './Home.js'
import { PlatformPage } from './platform/PlatformPage.js'

/** Routes: `/` (home) and `/p/<platformId>` (a platform). */
function route(pathname: string): { kind: 'home' } | { kind: 'platform'; platformId: string } | { kind: 'unknown' } {
  if (pathname === '/' || pathname === '/index.html') return { kind: 'home' }
  const match = /^\/p\/([^/]+)\/?$/.exec(pathname)
  if (match?.[1]) return { kind: 'platform', platformId: decodeURIComponent(match[1]) }
  return { kind: 'unknown' }
}

export function App() {
  const { t } = useI18n()
  const current = route(location.pathname)
  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      {current.kind === 'home' ? <Home /> : null}
      {current.kind === 'platform' ? <PlatformPage platformId={current.platformId} /> : null}
      {current.kind === 'unknown' ? (
        <main id="main" className="page narrow" tabIndex={-1}>
          <h1>{t('platform.notFound.title')}</h1>
          <p>
            <a href="/">{t('platform.backHome')}</a>
          </p>
        </main>
      ) : null}
    </>
  )
}
