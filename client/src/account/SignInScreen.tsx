import { useEffect } from 'react'
import { useI18n } from '../i18n/index.js'
import { AppHeader } from '../AppHeader.js'
import { SignInForm } from './SignInForm.js'
import { DemoPanel } from './DemoPanel.js'
import { sameOriginPath } from '../../../shared/same-origin-path.js'

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
          <DemoPanel onDone={(info, person) => {
            if (embedded) return
            const next = nextPath()
            const platformId = person.platformId ?? info.memberships[0]?.platformId
            location.assign(next !== '/' ? next : platformId ? `/p/${encodeURIComponent(platformId)}` : '/')
          }} />
        </div>
      </main>
    </>
  )
}
