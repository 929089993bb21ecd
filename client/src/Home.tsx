import { useCallback, useEffect, useId, useState, type FormEvent } from 'react'
import { ApiError, api, errorText } from './api.js'
import { useI18n, registerEnglish } from './i18n/index.js'
import { accountEn } from './i18n/account.js'
import { useSession } from './session.js'
import { AppHeader } from './AppHeader.js'
import { SignInForm } from './account/SignInForm.js'
import { DemoPanel } from './account/DemoPanel.js'
import { AccessTokens } from './account/AccessTokens.js'
import { RoleBadge } from './badges.js'
import { platformPath, settingsPath } from './routes.js'
import { FormError } from './FormError.js'
import { ImportPlatform } from './import/ImportPanel.js'

// This screen's English messages arrive with its code, not with the platform page.
registerEnglish(accountEn)

interface PlatformSummary {
  id: string
  title: string
}

type HomeState = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; platforms: PlatformSummary[] }

export function Home() {
  const { t } = useI18n()
  const { session, expire } = useSession()
  useEffect(() => {
    document.title = t('app.name')
  }, [t])

  return (
    <>
      <AppHeader />
      <main id="main" className="page narrow" tabIndex={-1}>
        {session.kind === 'loading' ? (
          <p className="loading" role="status">
            {t('home.loading')}
          </p>
        ) : null}
        {session.kind === 'signedOut' ? (
          <>
            <h1>{t('app.name')}</h1>
            <p className="muted">{t('home.signedOutIntro')}</p>
            {session.expired ? (
              <p className="banner banner-warning" role="alert">
                {t('signin.expired')}
              </p>
            ) : null}
            <div className="signin-grid">
              <SignInForm />
              <DemoPanel
                onDone={(info, person) => {
                  const platformId = person.platformId ?? info.memberships[0]?.platformId
                  if (platformId) location.assign(platformPath(platformId))
                }}
              />
            </div>
          </>
        ) : null}
        {session.kind === 'signedIn' ? <Platforms onUnauthorized={expire} /> : null}
      </main>
    </>
  )
}

function Platforms({ onUnauthorized }: { onUnauthorized: () => void }) {
  const { t } = useI18n()
  const { session } = useSession()
  const [state, setState] = useState<HomeState>({ kind: 'loading' })
  const load = useCallback(
    async (signal?: AbortSignal) => {
      setState({ kind: 'loading' })
      try {
        const body = await api<{ platforms: PlatformSummary[] }>('GET', '/api/platforms', undefined, signal)
        setState({ kind: 'ready', platforms: body.platforms })
      } catch (error) {
        if (signal?.aborted) return
        if (error instanceof ApiError && error.status === 401) return onUnauthorized()
        setState({ kind: 'error', message: errorText(error) })
      }
    },
    [onUnauthorized],
  )
  useEffect(() => {
    const controller = new AbortController()
    void load(controller.signal)
    return () => controller.abort()
  }, [load])
  const roleOn = (platformId: string) => (session.kind === 'signedIn' ? session.info.memberships.find((m) => m.platformId === platformId)?.role : undefined)

  return (
    <>
      <h1>{t('home.title')}</h1>
      <p className="muted">{t('home.intro')}</p>
      {state.kind === 'loading' ? (
        <p className="loading" role="status">
          {t('home.loading')}
        </p>
      ) : null}
      {state.kind === 'error' ? (
        <div className="banner banner-error" role="alert">
          <p>{t('home.error', { message: state.message })}</p>
          {!navigator.onLine ? <p>{t('home.offline')}</p> : null}
          <button type="button" onClick={() => void load()}>
            {t('home.retry')}
          </button>
        </div>
      ) : null}
      {state.kind === 'ready' && state.platforms.length === 0 ? <p className="empty">{t('home.empty')}</p> : null}
      {state.kind === 'ready' && state.platforms.length > 0 ? (
        <ul className="platform-list">
          {state.platforms.map((p) => {
            const role = roleOn(p.id)
            return (
              <li key={p.id}>
                <a href={platformPath(p.id)}>
                  <span>{p.title}</span>
                  {role ? <RoleBadge role={role} /> : null}
                </a>
              </li>
            )
          })}
        </ul>
      ) : null}
      <CreatePlatform />
      <ImportPlatform />
      {state.kind === 'ready' && state.platforms.length > 0 ? (
        <AccessTokens
          platforms={state.platforms.flatMap((p) => {
            const role = roleOn(p.id)
            return role ? [{ ...p, role }] : []
          })}
        />
      ) : null}
    </>
  )
}

function CreatePlatform() {
  const { t } = useI18n()
  const id = useId()
  const [title, setTitle] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (!title.trim()) return setError(t('home.create.titleRequired'))
    setBusy(true)
    setError(null)
    try {
      const { id: platformId } = await api<{ id: string }>('POST', '/api/platforms', { title: title.trim() })
      location.assign(settingsPath(platformId))
    } catch (e) {
      setError(errorText(e))
      setBusy(false)
    }
  }
  return (
    <form className="card create-platform" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`} noValidate>
      <h2 id={`${id}-title`}>{t('home.create.title')}</h2>
      <p className="muted small">{t('home.create.intro')}</p>
      <div className="inline-fields">
        <div className="field grow">
          <label htmlFor={`${id}-name`}>{t('home.create.label')}</label>
          <input id={`${id}-name`} value={title} maxLength={200} onChange={(e) => setTitle(e.target.value)} aria-invalid={error ? true : undefined} />
        </div>
        <button type="submit" className="primary" disabled={busy}>
          {t('home.create.submit')}
        </button>
      </div>
      <FormError error={error} />
    </form>
  )
}
