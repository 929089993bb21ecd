import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react'
import type { SessionInfo } from '../../shared/api.js'
import { ApiError, NetworkError, api } from './api.js'
import { clearPersonDevice } from './platform/device-data.js'

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
/**
 * Set when someone signs out and cleared once the server has ended that
 * session. The cookie is HttpOnly, so the page cannot delete it itself: while
 * this marker is set the page treats the device as signed out, never asks who
 * is signed in and never opens a connection, and the first thing it sends once
 * online is the sign-out (DELETE /api/session, whose answer clears the cookie).
 */
const SIGNED_OUT_KEY = 'plank:signOutPending'

function signOutPending(): boolean {
  try {
    return localStorage.getItem(SIGNED_OUT_KEY) !== null
  } catch {
    return false
  }
}

function markSignOutPending(pending: boolean): void {
  try {
    if (pending) localStorage.setItem(SIGNED_OUT_KEY, new Date().toISOString())
    else localStorage.removeItem(SIGNED_OUT_KEY)
  } catch {
    // storage unavailable: the sign-out request below is then the only record
  }
}

/**
 * Completes a pending sign-out: true once the server has ended the session
 * (or had none), false if it could not be reached. Every way of signing in
 * calls this first, so that an old session is ended before a new one starts.
 */
export async function flushPendingSignOut(): Promise<boolean> {
  if (!signOutPending()) return true
  try {
    await api('DELETE', '/api/session')
  } catch (error) {
    // 4xx: the server holds no such session any more; only an unreachable or failing server keeps it pending.
    if (error instanceof NetworkError || (error instanceof ApiError && error.status >= 500)) return false
  }
  markSignOutPending(false)
  return true
}

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

/** Who was last signed in on this device (their device copies are theirs alone). */
export const cachedPersonId = (): string | null => cached()?.person.id ?? null

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
    // A sign-out the server has not seen yet comes before anything else, and until it has, nobody is signed in here.
    if (!(await flushPendingSignOut())) {
      remember(null)
      setSession({ kind: 'signedOut', expired: false })
      return
    }
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

  useEffect(() => {
    // Back online: finish a pending sign-out at once.
    const online = () => void flushPendingSignOut()
    // Signed out in another tab: this one stops using the session too.
    const storage = (event: StorageEvent) => {
      if (event.key === SIGNED_OUT_KEY && event.newValue !== null) {
        remember(null)
        setSession({ kind: 'signedOut', expired: false })
      }
    }
    addEventListener('online', online)
    addEventListener('storage', storage)
    return () => {
      removeEventListener('online', online)
      removeEventListener('storage', storage)
    }
  }, [])

  const signedIn = useCallback((info: SessionInfo) => {
    // A new sign-in replaced the cookie: the old session is no longer reachable from this device.
    markSignOutPending(false)
    remember(info)
    setSession({ kind: 'signedIn', info, offline: false })
  }, [])

  const signOut = useCallback(async () => {
    // Signed out here and now, whatever the network does; the server hears of it as soon as it can.
    markSignOutPending(true)
    const leaving = cachedPersonId()
    remember(null)
    setSession({ kind: 'signedOut', expired: false })
    // Their copies of every platform and their drafts leave the device with them.
    await Promise.all([flushPendingSignOut(), clearPersonDevice(leaving)])
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
