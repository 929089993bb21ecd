import { useEffect, useState } from 'react'
import type { InvitationInfo, SessionInfo } from '../../../shared/api.js'
import { ApiError, NetworkError, api, errorText } from '../api.js'
import { useI18n, type MessageKey, registerEnglish } from '../i18n/index.js'
import { accountEn } from '../i18n/account.js'
import { flushPendingSignOut, useSession } from '../session.js'
import { AppHeader } from '../AppHeader.js'
import { ROLE_KEYS } from '../badges.js'
import { NewAccountForm } from './NewAccountForm.js'
import { SignInForm } from './SignInForm.js'
import { platformPath } from '../routes.js'
import { FormError } from '../FormError.js'

// This screen's English messages arrive with its code, not with the platform page.
registerEnglish(accountEn)

type Load = { kind: 'loading' } | { kind: 'ready'; info: InvitationInfo } | { kind: 'problem'; key: MessageKey; message?: string }

const PROBLEM_KEYS: Record<string, MessageKey> = {
  invitation_used: 'invite.used',
  invitation_expired: 'invite.expired',
  invitation_revoked: 'invite.revoked',
}

/** Accepting an invitation (`/invite#<token>`): a new account, or the signed-in one. */
export function InviteScreen() {
  const { t, locale } = useI18n()
  const { session, signedIn, signOut } = useSession()
  const token = decodeURIComponent(location.hash.slice(1))
  const [load, setLoad] = useState<Load>({ kind: 'loading' })
  const [haveAccount, setHaveAccount] = useState(false)
  const [acceptError, setAcceptError] = useState<string | null>(null)

  useEffect(() => {
    document.title = `${t('invite.title')} — ${t('app.name')}`
  }, [t])
  useEffect(() => {
    if (!token) {
      setLoad({ kind: 'problem', key: 'invite.notFound' })
      return
    }
    api<InvitationInfo>('GET', `/api/invitations/${encodeURIComponent(token)}`)
      .then((info) => setLoad({ kind: 'ready', info }))
      .catch((e: unknown) => {
        if (e instanceof ApiError && e.status === 404) setLoad({ kind: 'problem', key: 'invite.notFound' })
        else if (e instanceof ApiError && PROBLEM_KEYS[e.code]) setLoad({ kind: 'problem', key: PROBLEM_KEYS[e.code] as MessageKey })
        else setLoad({ kind: 'problem', key: 'invite.error', message: errorText(e) })
      })
  }, [token])

  const accept = async (body: object) => {
    // End a pending sign-out first: the old session must not outlive this sign-in.
    if (!(await flushPendingSignOut())) throw new NetworkError()
    const result = await api<SessionInfo & { platformId: string }>('POST', `/api/invitations/${encodeURIComponent(token)}/accept`, body)
    signedIn({ person: result.person, memberships: result.memberships })
    location.assign(platformPath(result.platformId))
  }

  const acceptSignedIn = async () => {
    setAcceptError(null)
    try {
      await accept({})
    } catch (e) {
      setAcceptError(errorText(e))
    }
  }

  return (
    <>
      <AppHeader />
      <main id="main" className="page narrow" tabIndex={-1}>
        <h1>{t('invite.title')}</h1>
        {load.kind === 'loading' ? <p className="loading">{t('invite.loading')}</p> : null}
        {load.kind === 'problem' ? (
          <div className="banner banner-error" role="alert">
            <p>{t(load.key, { message: load.message ?? '' })}</p>
            <p>{t('invite.askAgain')}</p>
          </div>
        ) : null}
        {load.kind === 'ready' ? (
          <>
            <div className="card invite-summary">
              <p className="invite-what">
                {load.info.orgName
                  ? t('invite.summaryOrg', { platform: load.info.platformTitle, role: t(ROLE_KEYS[load.info.role]), org: load.info.orgName })
                  : t('invite.summary', { platform: load.info.platformTitle, role: t(ROLE_KEYS[load.info.role]) })}
              </p>
              <p className="muted small">
                {t('invite.expires', {
                  date: new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short' }).format(new Date(load.info.expiresAt)),
                })}
              </p>
            </div>
            {session.kind === 'signedIn' ? (
              <div className="card">
                <p>{t('invite.signedInAs', { name: session.info.person.name })}</p>
                <FormError error={acceptError} />
                <div className="actions">
                  <button type="button" className="primary" onClick={() => void acceptSignedIn()}>
                    {t('invite.acceptSignedIn')}
                  </button>
                  <button type="button" onClick={() => void signOut()}>
                    {t('invite.notYou')}
                  </button>
                </div>
              </div>
            ) : null}
            {session.kind === 'signedOut' && !haveAccount ? (
              <section className="card" aria-labelledby="new-account-title">
                <h2 id="new-account-title">{t('invite.createAccount')}</h2>
                <NewAccountForm submitLabel={t('invite.createAndJoin')} initialName={load.info.name ?? ''} onSubmit={(body) => accept(body)} />
                <p>
                  <button type="button" className="link-button" onClick={() => setHaveAccount(true)}>
                    {t('invite.haveAccount')}
                  </button>
                </p>
              </section>
            ) : null}
            {session.kind === 'signedOut' && haveAccount ? (
              <>
                <SignInForm />
                <p>
                  <button type="button" className="link-button" onClick={() => setHaveAccount(false)}>
                    {t('invite.needAccount')}
                  </button>
                </p>
              </>
            ) : null}
          </>
        ) : null}
      </main>
    </>
  )
}
