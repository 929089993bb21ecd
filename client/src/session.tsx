import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react'
import type { SessionInfo } from '../../shared/api.js'
import { ApiError, NetworkError, api } from './api.js'

export type SessionState =
  | { kind: 'loading' }
  /** `offline`: the server could not be reached; this is the last known session on this device. */
  | { kind: 'signedIn'; info: SessionInfo; offline: boolean }
  /** `expired`: the server ended the session (or never had one) while a page needed it. */
  | { kind: 'signedOut'; expired: boolean }

interface SessionValue {
  session: SessionState
  signedIn: (info: SessionInfo) => void
  signOut: () => Promise<void>
  /** The server said this session is not valid (HTTP 401 or close 4401). */
  expire: () => void
  refresh: () => Promise<void>
}

const CACHE_KEY = 'plank:session'

function cached(): SessionInfo | null {
  try {
    const raw = localStorage.getItem(CACHE_KEY)
    if (!raw) return null
    const value = JSON.parse(raw) as SessionInfo
    return value && typeof value === 'object' && value.person && Array.isArray(value.memberships) ? value : null
  } catch {
    return null
  }
}

function remember(info: SessionInfo | null): void {
  try {
    if (info) localStorage.setItem(CACHE_KEY, JSON.stringify(info))
    else localStorage.removeItem(CACHE_KEY)
  } catch {
    // not remembered: an offline reload will ask to sign in
  }
}

const SessionContext = createContext<SessionValue | null>(null)

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<SessionState>({ kind: 'loading' })

  const refresh = useCallback(async () => {
    try {
      const info = await api<SessionInfo>('GET', '/api/session')
      remember(info)
      setSession({ kind: 'signedIn', info, offline: false })
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        remember(null)
        setSession((s) => (s.kind === 'signedOut' ? s : { kind: 'signedOut', expired: false }))
        return
      }
      const last = cached()
      if (last && (error instanceof NetworkError || (error instanceof ApiError && error.status >= 500))) {
        setSession({ kind: 'signedIn', info: last, offline: true })
      } else {
        setSession({ kind: 'signedOut', expired: false })
      }
    }
  }, [])

  useEffect(() => {
    void refresh()
  }, [refresh])

  const signedIn = useCallback((info: SessionInfo) => {
    remember(info)
    setSession({ kind: 'signedIn', info, offline: false })
  }, [])

  const signOut = useCallback(async () => {
    try {
      await api('DELETE', '/api/session')
    } finally {
      remember(null)
      setSession({ kind: 'signedOut', expired: false })
    }
  }, [])

  const expire = useCallback(() => {
    remember(null)
    setSession({ kind: 'signedOut', expired: true })
  }, [])

  const value = useMemo(() => ({ session, signedIn, signOut, expire, refresh }), [session, signedIn, signOut, expire, refresh])
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext)
  if (!value) throw new Error('useSession outside SessionProvider')
  return value
}

/** Full page navigation: every screen reads its state fresh. */
export function go(path: string): void {
  location.assign(path)
}
