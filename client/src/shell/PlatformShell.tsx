import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react'
import type * as Y from 'yjs'
import type { WebsocketProvider } from 'y-websocket'
import type { GovSnapshot } from '../../../shared/gov.js'
import { CloseCode } from '../../../shared/protocol.js'
import { useI18n } from '../i18n/index.js'
import { useSession } from '../session.js'
import type { HeaderMembership } from '../AppHeader.js'
import { SignInScreen } from '../account/lazy-sign-in.js'
import { PlatformConnection, type ConnectionState } from '../platform/connection.js'
import { useGov, useSettledConnectionState } from '../platform/hooks.js'
import { usePrincipal, type PlatformPrincipal } from './principal.js'
import { useHttpNoAccess } from './access.js'
import { LoadingScreen, NoAccessScreen, SessionLoading, StuckScreen } from './screens.js'

/** What every platform screen gets from the shell: one live document, its state, and who is looking. */
export interface PlatformLive extends PlatformPrincipal {
  platformId: string
  connection: PlatformConnection
  doc: Y.Doc
  provider: WebsocketProvider
  /** Settled (PlatformConnection.getSettledState): `status` does not follow the Saving/Saved flips; read those with useConnectionState. */
  state: ConnectionState
  /** The server-owned `gov` projection, live. */
  gov: GovSnapshot
  /** For the app header: this person's standing here (null: not a member, as far as is known yet). */
  membership: HeaderMembership | null
}

export interface PlatformShellProps {
  platformId: string
  /**
   * Keep the document on this device (y-indexeddb) so it opens offline.
   * Screens that only read gov say false: nothing old is then ever sent (or refused).
   */
  persist?: boolean
  /**
   * The relay refused an update from this copy: the shell starts over on a
   * fresh document (a refused client can never sync again). Called first,
   * with the refused connection still readable, for pages that keep what it held.
   * Given, the waiting screen says the text is being kept.
   */
  onRefused?: (refused: PlatformConnection) => void
  children: (live: PlatformLive) => ReactNode
}

/** Refusals within this window count towards giving up. */
const REFUSAL_WINDOW_MS = 60_000
/** More refusals than this within the window: stop starting over (never loop). */
const MAX_REFUSALS = 3

const LiveContext = createContext<PlatformLive | null>(null)

/** The live platform of the nearest PlatformShell, for components deep inside a screen. */
export function usePlatformLive(): PlatformLive {
  const live = useContext(LiveContext)
  if (!live) throw new Error('usePlatformLive outside PlatformShell')
  return live
}

/**
 * The one live shell of every platform screen (`/p/<id>`, its settings,
 * sign-off, sessions and projector): needs a session (else the sign-in screen,
 * in place), opens the platform's document, asks whether this person may read
 * it, and handles what the relay's closing says — 4401 back to sign-in, 4404
 * (or HTTP 403/404) to the no-access screen, a refusal (4403 or a Refused
 * message) to a fresh document. The screen itself renders only a live document.
 */
export function PlatformShell({ platformId, persist = true, onRefused, children }: PlatformShellProps) {
  const { t } = useI18n()
  const { session } = useSession()
  const personId = session.kind === 'signedIn' ? session.info.person.id : null
  const [generation, setGeneration] = useState(0)
  const [connection, setConnection] = useState<PlatformConnection | null>(null)
  const [recovering, setRecovering] = useState(false)
  const [stuck, setStuck] = useState(false)
  const refusals = useRef<number[]>([])
  const onRefusedRef = useRef(onRefused)
  onRefusedRef.current = onRefused

  // biome-ignore lint/correctness/useExhaustiveDependencies: generation is the trigger: a refusal asks for a fresh connection on a fresh document
  useEffect(() => {
    if (personId === null) return
    const c = new PlatformConnection(platformId, { personId, persist })
    setConnection(c)
    return () => {
      c.destroy()
      // Never render a destroyed connection (e.g. one closed 4401 after signing in again).
      setConnection((current) => (current === c ? null : current))
    }
  }, [platformId, personId, persist, generation])

  const startOver = useCallback(async (refused: PlatformConnection) => {
    const now = Date.now()
    refusals.current = [...refusals.current.filter((at) => now - at < REFUSAL_WINDOW_MS), now]
    if (refusals.current.length > MAX_REFUSALS) {
      setStuck(true)
      return
    }
    onRefusedRef.current?.(refused)
    setRecovering(true)
    setConnection(null)
    await refused.destroyAndClear()
    setRecovering(false)
    setGeneration((g) => g + 1)
  }, [])

  if (session.kind === 'loading') return <SessionLoading />
  if (session.kind === 'signedOut') return <SignInScreen embedded expired={session.expired} />
  if (stuck) return <StuckScreen />
  if (!connection || recovering) {
    return <LoadingScreen connecting text={recovering && onRefused ? t('platform.recovering') : undefined} />
  }
  return (
    <LiveShell key={`${platformId}:${generation}`} connection={connection} onRefused={startOver}>
      {children}
    </LiveShell>
  )
}

interface LiveShellProps {
  connection: PlatformConnection
  onRefused: (refused: PlatformConnection) => Promise<void>
  children: (live: PlatformLive) => ReactNode
}

/** One connection's life: its state, gov, the access check and what its closing means. */
function LiveShell({ connection, onRefused, children }: LiveShellProps) {
  const { expire } = useSession()
  const { platformId, doc, provider } = connection
  // Settled: not re-rendered by the Saving/Saved flips of typing (the save indicator subscribes itself).
  const state = useSettledConnectionState(connection)
  const gov = useGov(doc)
  const who = usePrincipal(gov, platformId)
  const httpNoAccess = useHttpNoAccess(platformId, expire)

  // No access any more (removed from the platform, or it is gone): this
  // person's copy of it leaves the device.
  const lostAccess = httpNoAccess || state.closedCode === CloseCode.UnknownPlatform
  useEffect(() => {
    if (lostAccess) void connection.forgetDeviceCopy()
  }, [lostAccess, connection])

  // Close 4401: the session ended; the sign-in screen takes over. The copy
  // goes too unless it holds work the server has not acknowledged (kept, for
  // this person only, until they sign in again or sign out).
  useEffect(() => {
    if (state.closedCode !== CloseCode.Unauthenticated) return
    if (connection.persistence !== null && connection.allSaved()) void connection.forgetDeviceCopy()
    expire()
  }, [state.closedCode, expire, connection])

  // A refused update: start over on a fresh document (once per connection).
  const refusedOnce = useRef(false)
  useEffect(() => {
    if (refusedOnce.current) return
    if (state.refusedReason !== null || state.closedCode === CloseCode.Forbidden) {
      refusedOnce.current = true
      void onRefused(connection)
    }
  }, [state.refusedReason, state.closedCode, connection, onRefused])

  const { principal, org, can } = who
  const membership: HeaderMembership | null = principal
    ? { platformId, role: principal.role, org, canManage: can('platform.manage'), canRunSessions: can('session.run') }
    : null
  // Rebuilt on every render: this re-renders whenever gov or the connection state changes, as the screen must.
  const live: PlatformLive = { ...who, platformId, connection, doc, provider, state, gov, membership }

  if (lostAccess) return <NoAccessScreen />
  return <LiveContext.Provider value={live}>{children(live)}</LiveContext.Provider>
}
