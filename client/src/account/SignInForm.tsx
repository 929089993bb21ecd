import { useId, useState, type FormEvent } from 'react'
import type { SessionInfo } from '../../../shared/api.js'
import { ApiError, NetworkError, api } from '../api.js'
import { useI18n, registerEnglish } from '../i18n/index.js'
import { accountEn } from '../i18n/account.js'
import { flushPendingSignOut, useSession } from '../session.js'

// This screen's English messages arrive with its code, not with the platform page.
registerEnglish(accountEn)

/** Login (email or username) and password. Calls `onDone` once signed in. */
export function SignInForm({ onDone, headingLevel = 2 }: { onDone?: (info: SessionInfo) => void; headingLevel?: 1 | 2 }) {
  const { t } = useI18n()
  const { signedIn } = useSession()
  const id = useId()
  const [login, setLogin] = useState('')
  const [password, setPassword] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const Heading = headingLevel === 1 ? 'h1' : 'h2'

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (!login.trim() || !password) {
      setError(t('signin.missing'))
      return
    }
    setBusy(true)
    setError(null)
    try {
      // End a pending sign-out first: the old session must not outlive this sign-in.
      if (!(await flushPendingSignOut())) throw new NetworkError()
      const info = await api<SessionInfo>('POST', '/api/session', { login: login.trim(), password })
      signedIn(info)
      onDone?.(info)
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) setError(t('signin.wrong'))
      else if (e instanceof ApiError && e.status === 429) setError(t('signin.throttled'))
      else if (e instanceof NetworkError) setError(t('signin.offline'))
      else setError(t('signin.failed', { message: e instanceof Error ? e.message : String(e) }))
    } finally {
      setBusy(false)
    }
  }

  return (
    <form className="card signin-form" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`} noValidate>
      <Heading id={`${id}-title`}>{t('signin.title')}</Heading>
      <div className="field">
        <label htmlFor={`${id}-login`}>{t('signin.login')}</label>
        <input
          id={`${id}-login`}
          name="login"
          autoComplete="username"
          value={login}
          onChange={(e) => setLogin(e.target.value)}
          aria-invalid={error !== null}
          aria-describedby={error ? `${id}-error` : undefined}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-password`}>{t('signin.password')}</label>
        <input
          id={`${id}-password`}
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          aria-invalid={error !== null}
          aria-describedby={error ? `${id}-error` : undefined}
        />
      </div>
      {error ? (
        <p id={`${id}-error`} className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('signin.busy') : t('signin.submit')}
        </button>
      </div>
    </form>
  )
}
