import { useEffect, useState } from 'react'
import type { SessionInfo } from '../../../shared/api.js'
import { NetworkError, api, errorText } from '../api.js'
import { useI18n, registerEnglish } from '../i18n/index.js'
import { accountEn } from '../i18n/account.js'
import { flushPendingSignOut, useSession } from '../session.js'
import { AppHeader } from '../AppHeader.js'
import { NewAccountForm } from './NewAccountForm.js'
import { homePath, signInPath } from '../routes.js'

// This screen's English messages arrive with its code, not with the platform page.
registerEnglish(accountEn)

/** First run (`/setup#<token>`): create the first facilitator account. */
export function SetupScreen() {
  const { t } = useI18n()
  const { signedIn } = useSession()
  const token = decodeURIComponent(location.hash.slice(1))
  const [needed, setNeeded] = useState<boolean | null>(null)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    document.title = `${t('setup.title')} — ${t('app.name')}`
  }, [t])
  useEffect(() => {
    api<{ needed: boolean }>('GET', '/api/setup')
      .then((body) => setNeeded(body.needed))
      .catch((e: unknown) => setError(errorText(e)))
  }, [])

  return (
    <>
      <AppHeader />
      <main id="main" className="page narrow" tabIndex={-1}>
        <h1>{t('setup.title')}</h1>
        {error ? (
          <p className="banner banner-error" role="alert">
            {t('setup.error', { message: error })}
          </p>
        ) : null}
        {needed === null && !error ? <p className="loading">{t('setup.loading')}</p> : null}
        {needed === false ? (
          <div className="card">
            <p>{t('setup.done')}</p>
            <p>
              <a href={signInPath()}>{t('header.signIn')}</a>
            </p>
          </div>
        ) : null}
        {needed && !token ? (
          <p className="banner banner-error" role="alert">
            {t('setup.noToken')}
          </p>
        ) : null}
        {needed && token ? (
          <div className="card">
            <p>{t('setup.intro')}</p>
            <NewAccountForm
              submitLabel={t('setup.submit')}
              onSubmit={async (body) => {
                // End a pending sign-out first: the old session must not outlive this sign-in.
                if (!(await flushPendingSignOut())) throw new NetworkError()
                const info = await api<SessionInfo>('POST', '/api/setup', { ...body, token })
                signedIn(info)
                location.assign(homePath())
              }}
            />
          </div>
        ) : null}
      </main>
    </>
  )
}
