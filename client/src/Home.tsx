import { useCallback, useEffect, useState } from 'react'
import { useI18n } from './i18n/index.js'
import { AppHeader } from './AppHeader.js'

interface PlatformSummary {
  id: string
  title: string
}

type HomeState =
  | { kind: 'loading' }
  | { kind: 'error'; message: string }
  | { kind: 'ready'; platforms: PlatformSummary[] }

function parsePlatforms(body: unknown): PlatformSummary[] {
  if (typeof body !== 'object' || body === null || !('platforms' in body) || !Array.isArray(body.platforms)) {
    throw new Error('unexpected answer from the server')
  }
  return body.platforms.flatMap((p: unknown) => {
    if (typeof p === 'object' && p !== null && 'id' in p && 'title' in p && typeof p.id === 'string' && typeof p.title === 'string') {
      return [{ id: p.id, title: p.title }]
    }
    return []
  })
}

async function errorMessage(res: Response): Promise<string> {
  try {
    const body: unknown = await res.json()
    if (typeof body === 'object' && body !== null && 'error' in body) {
      const error = body.error as { message?: unknown }
      if (typeof error.message === 'string') return error.message
    }
  } catch {
    // not JSON
  }
  return `HTTP ${res.status}`
}

export function Home() {
  const { t } = useI18n()
  const [state, setState] = useState<HomeState>({ kind: 'loading' })
  const load = useCallback(async (signal?: AbortSignal) => {
    setState({ kind: 'loading' })
    try {
      const res = await fetch('/api/platforms', { signal, headers: { accept: 'application/json' } })
      if (!res.ok) throw new Error(await errorMessage(res))
      setState({ kind: 'ready', platforms: parsePlatforms(await res.json()) })
    } catch (error) {
      if (signal?.aborted) return
      setState({ kind: 'error', message: error instanceof Error ? error.message : String(error) })
    }
  }, [])
  useEffect(() => {
    const controller = new AbortController()
    void load(controller.signal)
    return () => controller.abort()
  }, [load])
  useEffect(() => {
    document.title = t('app.name')
  }, [t])

  return (
    <>
      <AppHeader />
      <main id="main" className="page narrow" tabIndex={-1}>
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
            {state.platforms.map((p) => (
              <li key={p.id}>
                <a href={`/p/${encodeURIComponent(p.id)}`}>{p.title}</a>
              </li>
            ))}
          </ul>
        ) : null}
      </main>
    </>
  )
}
