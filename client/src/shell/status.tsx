import { useEffect, useRef, useState } from 'react'
import { CloseCode } from '../../../shared/protocol.js'
import { useI18n, type MessageKey } from '../i18n/index.js'
import type { ConnectionState, PlatformConnection, SaveStatus } from '../platform/connection.js'
import { useConnectionState } from '../platform/hooks.js'

const STATUS_KEYS: Record<SaveStatus, MessageKey> = {
  connecting: 'status.connecting',
  saving: 'status.saving',
  saved: 'status.saved',
  offline: 'status.offline',
}

/** What the live region says: only the changes of state a person must hear about. */
type Announcement = 'offline' | 'savedAfterOffline' | 'refused'
const ANNOUNCE_KEYS: Record<Announcement, MessageKey> = {
  offline: 'status.announceOffline',
  savedAfterOffline: 'status.announceSavedAfterOffline',
  refused: 'status.announceRefused',
}

/**
 * The status shown, from the connection's exact one: while someone types, the
 * connection flips saving/saved with every acknowledgement (about every 120 ms);
 * "Saving…" only shows once changes have waited unacknowledged this long.
 */
export const SAVING_SHOWN_AFTER_MS = 1000

/** How often a waiting change's age is looked at while the connection says saving. */
const SAVING_TICK_MS = 200

/**
 * The save status as shown, and what to announce. "Saving…" appears only when
 * a change has waited unacknowledged for a moment (SAVING_SHOWN_AFTER_MS, from
 * `unsavedSince`, the connection's oldest unacknowledged change; without it,
 * from how long the connection has said saving), or at once right after being
 * offline (those changes have waited all along). Announced: going offline,
 * everything saved after being offline, a refused change.
 */
export function useShownSaveStatus(state: ConnectionState, unsavedSince?: () => number | null): { shown: SaveStatus; announcement: Announcement | null } {
  const { status } = state
  const [shown, setShown] = useState<SaveStatus>(status)
  const [announcement, setAnnouncement] = useState<Announcement | null>(null)
  // Starts false: a page that opens offline announces it too.
  const wasOffline = useRef(false)

  useEffect(() => {
    if (status === 'offline') {
      if (!wasOffline.current) setAnnouncement('offline')
      wasOffline.current = true
      setShown('offline')
      return
    }
    if (status === 'saved') {
      if (wasOffline.current) setAnnouncement('savedAfterOffline')
      wasOffline.current = false
      setShown('saved')
      return
    }
    if (status === 'connecting') {
      // Reconnecting after being offline still reads as offline until the server answers.
      if (!wasOffline.current) setShown('connecting')
      return
    }
    // Saving: at once after offline; otherwise only once it has lasted a moment.
    if (wasOffline.current) {
      setShown('saving')
      return
    }
    if (!unsavedSince) {
      const timer = setTimeout(() => setShown('saving'), SAVING_SHOWN_AFTER_MS)
      return () => clearTimeout(timer)
    }
    // Acknowledgements keep coming while someone types: Saved stays, unless one is late.
    const tick = () => {
      const since = unsavedSince()
      const late = since !== null && Date.now() - since >= SAVING_SHOWN_AFTER_MS
      setShown((current) => (late ? 'saving' : current === 'saving' ? 'saved' : current))
    }
    tick()
    const timer = setInterval(tick, SAVING_TICK_MS)
    return () => clearInterval(timer)
  }, [status, unsavedSince])

  useEffect(() => {
    if (state.refusedReason !== null) setAnnouncement('refused')
  }, [state.refusedReason])

  return { shown, announcement }
}

/**
 * Connecting, saving, saved or offline, in the header of pages that edit. The
 * visible text is not a live region (it would announce every flip); a hidden
 * one says only what matters (useShownSaveStatus). `data-status` stays the
 * connection's exact status (everything acknowledged or not), for scripts and
 * tests; `data-shown` is what the person sees.
 */
export function SaveStatusView({ connection }: { connection: PlatformConnection }) {
  const { t } = useI18n()
  // The exact state, subscribed here: the page around it only re-renders on settled changes.
  const state = useConnectionState(connection)
  const { shown, announcement } = useShownSaveStatus(state, connection.unsavedSince)
  return (
    <p className={`save-status save-${shown}`}>
      <span className="visually-hidden">{t('status.label')}: </span>
      <span className="save-status-text" data-status={state.status} data-shown={shown}>
        {t(STATUS_KEYS[shown])}
      </span>
      <span role="status" aria-live="polite" className="visually-hidden save-status-announce" data-announcement={announcement ?? ''}>
        {announcement === null ? '' : t(ANNOUNCE_KEYS[announcement])}
      </span>
    </p>
  )
}

/**
 * While the server says edits reach people on other instances only late (a
 * multi-instance Plank that lost Redis; saving is unaffected): a warning
 * under the header. The polite live region is always in the page, empty
 * while live, so that screen readers announce the warning when it appears.
 */
function ClusterStatusBanner({ state }: { state: ConnectionState }) {
  const { t } = useI18n()
  const delayed = !state.liveAcrossInstances && state.closedCode === null
  return (
    <div role="status" aria-live="polite" className="cluster-status">
      {delayed ? <p className="banner banner-warning cluster-status-banner">{t('status.notLiveAcrossInstances')}</p> : null}
    </div>
  )
}

const CLOSED_KEYS: Partial<Record<number, MessageKey>> = {
  [CloseCode.TooLarge]: 'closed.tooLarge',
  [CloseCode.Malformed]: 'closed.malformed',
  [CloseCode.TooManyConnections]: 'closed.tooManyConnections',
}

/** Closures a page cannot recover from by itself (the shell handles refusals, 4401 and 4404). */
function ClosedBanner({ state }: { state: ConnectionState }) {
  const { t } = useI18n()
  const code = state.closedCode
  if (code === null || code === CloseCode.Forbidden || code === CloseCode.Unauthenticated || code === CloseCode.UnknownPlatform) return null
  if (state.refusedReason !== null) return null
  const closedKey = CLOSED_KEYS[code]
  return <ReloadBanner message={closedKey ? t(closedKey) : t('closed.other', { code: String(code) })} />
}

/**
 * What every page on a live connection shows under its header about that
 * connection: a closure it cannot recover from, and edits reaching other
 * instances late. One component, so that no page forgets one.
 */
export function ConnectionBanners({ state }: { state: ConnectionState }) {
  return (
    <>
      <ClosedBanner state={state} />
      <ClusterStatusBanner state={state} />
    </>
  )
}

/** What went wrong, and the one way on: loading the page again. */
export function ReloadBanner({ message }: { message: string }) {
  const { t } = useI18n()
  return (
    <div className="banner banner-error" role="alert">
      <p>{message}</p>
      <p>
        <button type="button" onClick={() => location.reload()}>
          {t('refused.reload')}
        </button>
      </p>
    </div>
  )
}
