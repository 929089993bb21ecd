import { lazy, Suspense, useEffect } from 'react'
import { useI18n, registerEnglish } from '../i18n/index.js'
import { accountEn } from '../i18n/account.js'
import { AppHeader } from '../AppHeader.js'
import { SignInForm } from './SignInForm.js'
import { sameOriginPath } from '../../../shared/same-origin-path.js'
import { homePath, platformPath } from '../routes.js'

// This screen's English messages arrive with its code, not with the platform page.
registerEnglish(accountEn)

// The demo panel (demo mode only) is fetched when the sign-in screen shows, not with every platform page.
const DemoPanel = lazy(async () => ({ default: (await import('./DemoPanel.js')).DemoPanel }))

/** Where to go after signing in on /signin: `?next=` if it is a path on this site (the rule is in shared/). */
function nextPath(): string {
  return sameOriginPath(new URLSearchParams(location.search).get('next'))
}

/**
 * The sign-in page (`/signin`), also shown in place of any page that needs a
 * session. `embedded`: stay on this address once signed in (the page re-renders).
 */
export function SignInScreen({ expired = false, embedded = false, message = null }: { expired?: boolean; embedded?: boolean; message?: string | null }) {
  const { t } = useI18n()
  useEffect(() => {
    document.title = `${t('signin.title')} — ${t('app.name')}`
  }, [t])
  const done = () => {
    if (!embedded) location.assign(nextPath())
  }
  return (
    <>
      <AppHeader />
      <main id="main" className="page narrow signin-page" tabIndex={-1}>
        <h1>{t('signin.pageTitle')}</h1>
        {expired || embedded || message ? (
          <p className="banner banner-warning" role="alert">
            {message ?? t('signin.expired')}
          </p>
        ) : (
          <p className="muted">{t('signin.intro')}</p>
        )}
        <div className="signin-grid">
          <SignInForm onDone={done} />
          <Suspense fallback={null}>
            <DemoPanel
              onDone={(info, person) => {
                if (embedded) return
                const next = nextPath()
                const platformId = person.platformId ?? info.memberships[0]?.platformId
                location.assign(next !== homePath() ? next : platformId ? platformPath(platformId) : homePath())
              }}
            />
          </Suspense>
        </div>
      </main>
    </>
  )
}
