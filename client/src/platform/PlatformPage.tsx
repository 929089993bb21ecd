import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { sectionEditRefusal, canManage, type Principal, type EditRefusal } from '../../../shared/permissions.js'
import { CloseCode } from '../../../shared/protocol.js'
import { sectionRoot } from '../../../shared/documents.js'
import { govSessions, type GovOrganization, type GovSnapshot } from '../../../shared/gov.js'
import { penOn } from '../../../shared/drafting.js'
import { ApiError, api } from '../api.js'
import { useI18n, type MessageKey } from '../i18n/index.js'
import { useSession } from '../session.js'
import { personColor } from '../badges.js'
import { AppHeader } from '../AppHeader.js'
import { SignInScreen } from '../account/SignInScreen.js'
import { PlatformConnection, type ConnectionState } from './connection.js'
import { useConnectionState, useGov, usePresence, type PresenceUser } from './hooks.js'
import { SectionView } from './SectionView.js'
import { SessionBar } from '../sessions/SessionBar.js'
import { Presence } from './Presence.js'
import { DraftPanel } from './DraftPanel.js'
import { fragmentText, loadDrafts, saveDrafts, sectionTexts, type DraftReason, type RecoveredDraft } from './drafts.js'
import { CommentsProvider } from '../comments/context.js'
import { CommentFiltersBar, CommentsInbox } from '../comments/Inbox.js'

/** Section texts taken from a refused document, waiting for the fresh one to sync. */
interface PendingRecovery {
  texts: Map<string, string>
  /** The refused connection: only a later, fresh one compares against it. */
  from: PlatformConnection
}

/**
 * A platform (`/p/<id>`): needs a session; owns the live connection and
 * replaces it with a fresh one whenever the relay refuses an update.
 */
export function PlatformPage({ platformId }: { platformId: string }) {
  const { t } = useI18n()
  const { session } = useSession()
  const personId = session.kind === 'signedIn' ? session.info.person.id : null
  const [generation, setGeneration] = useState(0)
  const [connection, setConnection] = useState<PlatformConnection | null>(null)
  const [recovering, setRecovering] = useState(false)
  const pending = useRef<PendingRecovery | null>(null)
  const refusals = useRef<number[]>([])
  const [stuck, setStuck] = useState(false)

  useEffect(() => {
    if (personId === null) return
    const c = new PlatformConnection(platformId, { personId })
    setConnection(c)
    return () => {
      c.destroy()
      // Never render a destroyed connection (e.g. one closed 4401 after signing in again).
      setConnection((current) => (current === c ? null : current))
    }
  }, [platformId, personId, generation])

  const onRefused = useCallback(async (refused: PlatformConnection) => {
    // Never loop: after repeated refusals in a short time, stop and say so.
    const now = Date.now()
    refusals.current = [...refusals.current.filter((at) => now - at < 60_000), now]
    if (refusals.current.length > 3) {
      setStuck(true)
      return
    }
    // Keep everything this device had, then start over on a fresh document.
    pending.current = { texts: sectionTexts(refused.doc), from: refused }
    setRecovering(true)
    setConnection(null)
    await refused.destroyAndClear()
    setRecovering(false)
    setGeneration((g) => g + 1)
  }, [])
  const takeRecovery = useCallback((into: PlatformConnection) => {
    const p = pending.current
    if (!p || p.from === into) return null
    pending.current = null
    return p
  }, [])
  const hasRecovery = useCallback((into: PlatformConnection) => pending.current !== null && pending.current.from !== into, [])

  if (session.kind === 'loading') return <p className="loading page">{t('platform.loading')}</p>
  if (session.kind === 'signedOut') return <SignInScreen embedded expired={session.expired} />
  if (stuck) {
    return (
      <>
        <AppHeader />
        <main id="main" className="page narrow" tabIndex={-1}>
          <div className="banner banner-error" role="alert">
            <p>{t('platform.stuck')}</p>
            <p>
              <button type="button" onClick={() => location.reload()}>
                {t('refused.reload')}
              </button>
            </p>
          </div>
        </main>
      </>
    )
  }
  if (!connection || recovering) {
    return (
      <>
        <AppHeader />
        <main id="main" className="page narrow" tabIndex={-1}>
          <p className="loading" role="status">
            {recovering ? t('platform.recovering') : t('platform.loading')}
          </p>
        </main>
      </>
    )
  }
  return (
    <Platform
      key={`${platformId}:${generation}`}
      connection={connection}
      onRefused={onRefused}
      takeRecovery={takeRecovery}
      hasRecovery={hasRecovery}
    />
  )
}

function currentHash(): string | null {
  const raw = decodeURIComponent(location.hash.slice(1))
  return raw === '' ? null : raw
}

/** This person on this platform: live from gov.people, else from the session (offline, first load). */
export function usePrincipal(gov: GovSnapshot, platformId: string): { principal: Principal | null; name: string; org: GovOrganization | null } {
  const { session } = useSession()
  const info = session.kind === 'signedIn' ? session.info : null
  const fromGov = info ? gov.people.find((p) => p.id === info.person.id) : undefined
  const membership = info?.memberships.find((m) => m.platformId === platformId)
  const principal: Principal | null = fromGov
    ? { personId: fromGov.id, role: fromGov.role, orgId: fromGov.orgId }
    : info && membership
      ? { personId: info.person.id, role: membership.role, orgId: membership.orgId }
      : null
  const org = principal?.orgId ? (gov.organizations.find((o) => o.id === principal.orgId) ?? null) : null
  return { principal, name: fromGov?.name ?? info?.person.name ?? '', org }
}

interface PlatformProps {
  connection: PlatformConnection
  onRefused: (connection: PlatformConnection) => Promise<void>
  takeRecovery: (into: PlatformConnection) => PendingRecovery | null
  hasRecovery: (into: PlatformConnection) => boolean
}

function Platform({ connection, onRefused, takeRecovery, hasRecovery }: PlatformProps) {
  const { t } = useI18n()
  const { expire } = useSession()
  const { platformId, provider } = connection
  const state = useConnectionState(connection)
  const gov = useGov(connection.doc)
  const people = usePresence(provider.awareness, gov.people)
  const [httpNoAccess, setHttpNoAccess] = useState(false)
  const [hash, setHash] = useState<string | null>(currentHash)
  /** On phones the outline is folded away until asked for. */
  const [outlineOpen, setOutlineOpen] = useState(false)
  const [drafts, setDrafts] = useState<RecoveredDraft[]>(() => loadDrafts(connection.personId, platformId))
  const { principal, name, org } = usePrincipal(gov, platformId)

  // The relay decides, but HTTP lets us say "no access" (or "signed out") before it answers.
  useEffect(() => {
    const controller = new AbortController()
    api('GET', `/api/platforms/${encodeURIComponent(platformId)}`, undefined, controller.signal).catch((e: unknown) => {
      if (e instanceof ApiError && (e.status === 404 || e.status === 403)) setHttpNoAccess(true)
      if (e instanceof ApiError && e.status === 401) expire()
    })
    return () => controller.abort()
  }, [platformId, expire])

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
    if (connection.allSaved()) void connection.forgetDeviceCopy()
    expire()
  }, [state.closedCode, expire, connection])

  // A refused update: keep the text as drafts and start over on a fresh document.
  const refusedOnce = useRef(false)
  useEffect(() => {
    if (refusedOnce.current) return
    if (state.refusedReason !== null || state.closedCode === CloseCode.Forbidden) {
      refusedOnce.current = true
      void onRefused(connection)
    }
  }, [state.refusedReason, state.closedCode, connection, onRefused])

  // After the fresh document's first sync: whatever differs from the refused copy becomes a draft.
  useEffect(() => {
    if (!state.everSynced || !hasRecovery(connection) || gov.platform === null) return
    const recovery = takeRecovery(connection)
    if (!recovery) return
    const now = new Date().toISOString()
    const found: RecoveredDraft[] = []
    recovery.texts.forEach((text, sectionId) => {
      const fresh = fragmentText(connection.doc.getXmlFragment(sectionRoot(sectionId)))
      if (fresh === text || text.trim() === '') return
      const section = gov.sections.find((s) => s.id === sectionId)
      let reason: DraftReason = 'refused'
      if (!section) reason = 'removed'
      else if (principal) reason = sectionEditRefusal(principal, section, gov.platform, penOn(govSessions(connection.doc)?.values() ?? [], sectionId)) ?? 'refused'
      found.push({ sectionId, text, savedAt: now, reason, ownerOrgId: section?.ownerOrgId ?? null })
    })
    if (found.length === 0) return
    setDrafts((current) => {
      const next = [...current, ...found]
      saveDrafts(connection.personId, platformId, next)
      return next
    })
  }, [state.everSynced, gov, principal, connection, platformId, hasRecovery, takeRecovery])

  const dismissDraft = useCallback(
    (draft: RecoveredDraft) => {
      setDrafts((current) => {
        const next = current.filter((d) => d !== draft)
        saveDrafts(connection.personId, platformId, next)
        return next
      })
    },
    [platformId, connection],
  )

  useEffect(() => {
    const onHash = () => setHash(currentHash())
    window.addEventListener('hashchange', onHash)
    return () => window.removeEventListener('hashchange', onHash)
  }, [])

  const user = useMemo<PresenceUser>(
    () => ({
      personId: principal?.personId ?? '',
      name,
      color: personColor(org),
      orgId: principal?.orgId ?? null,
      role: principal?.role ?? null,
    }),
    [principal?.personId, principal?.orgId, principal?.role, name, org],
  )

  useEffect(() => {
    const awareness = provider.awareness
    awareness.setLocalStateField('user', user)
    if (awareness.getLocalState()?.lastActive === undefined) {
      awareness.setLocalStateField('sectionId', null)
      awareness.setLocalStateField('lastActive', Date.now())
    }
  }, [provider, user])

  // Scroll to the linked section once it exists (its editor mounts via forceMount).
  const sectionIds = gov.sections.map((s) => s.id).join('\n')
  useEffect(() => {
    if (!hash || !sectionIds.split('\n').includes(hash)) return
    const scroll = () => document.getElementById(hash)?.scrollIntoView({ block: 'start' })
    const frame = requestAnimationFrame(scroll)
    const later = setTimeout(scroll, 400)
    return () => {
      cancelAnimationFrame(frame)
      clearTimeout(later)
    }
  }, [hash, sectionIds])

  useEffect(() => {
    if (gov.platform) document.title = `${gov.platform.title} — ${t('app.name')}`
  }, [gov.platform, t])

  // Who else is in each section: one name per person (from gov), a few names and a count.
  const selfPersonId = principal?.personId ?? null
  const hereBySection = useMemo(() => {
    const map = new Map<string, Map<string, string>>()
    for (const p of people) {
      if (p.clientId === provider.awareness.clientID || !p.user || !p.sectionId || p.user.personId === selfPersonId) continue
      const names = map.get(p.sectionId) ?? new Map<string, string>()
      names.set(p.user.personId, p.user.name)
      map.set(p.sectionId, names)
    }
    return map
  }, [people, provider, selfPersonId])
  const hereKeys = new Map<string, string>()
  hereBySection.forEach((byPerson, id) => {
    const names = [...byPerson.values()].sort((a, b) => a.localeCompare(b))
    const shown = names.slice(0, HERE_NAMES_MAX)
    if (names.length > shown.length) shown.push(t('presence.more', { count: names.length - shown.length }))
    hereKeys.set(id, shown.join('\u0000'))
  })

  const draftsBySection = useMemo(() => {
    const map = new Map<string, RecoveredDraft[]>()
    for (const d of drafts) map.set(d.sectionId, [...(map.get(d.sectionId) ?? []), d])
    return map
  }, [drafts])

  if (httpNoAccess || state.closedCode === CloseCode.UnknownPlatform) {
    return (
      <>
        <AppHeader />
        <main id="main" className="page narrow" tabIndex={-1}>
          <h1>{t('platform.noAccess.title')}</h1>
          <p>{t('platform.noAccess.body')}</p>
          <p>
            <a href="/">{t('platform.backHome')}</a>
          </p>
        </main>
      </>
    )
  }

  // Editors mount only on a loaded document: on an empty one they would write an empty paragraph.
  const docReady = state.everSynced || (state.localLoaded && gov.platform !== null)
  // Drafting sessions: whoever holds a section's pen is its only writer (re-read on every gov change).
  const sessions = [...(govSessions(connection.doc)?.values() ?? [])]
  const orphanDrafts = drafts.filter((d) => !gov.sections.some((s) => s.id === d.sectionId))
  const closedForGood = state.closedCode !== null

  return (
    <CommentsProvider platformId={platformId} doc={connection.doc} principal={principal} people={gov.people} organizations={gov.organizations} sections={gov.sections}>
      <AppHeader
        title={gov.platform?.title ?? null}
        membership={principal ? { platformId, role: principal.role, org, canManage: canManage(principal) } : null}
        extra={
          <>
            <SaveStatusView state={state} />
            <Presence people={people} selfId={provider.awareness.clientID} organizations={gov.organizations} sections={gov.sections} />
            <CommentsInbox />
          </>
        }
      />
      <ClosedBanner state={state} />
      {gov.platform !== null ? <SessionBar platformId={platformId} doc={connection.doc} gov={gov} principal={principal} people={people} /> : null}
      {gov.platform === null ? (
        <main id="main" className="page narrow" tabIndex={-1}>
          <p className="loading" aria-busy="true">
            {t('platform.loading')}
          </p>
        </main>
      ) : (
        <div className="platform-layout">
          <nav className="outline" aria-labelledby="outline-title">
            <h2 id="outline-title">
              <button
                type="button"
                className="outline-toggle"
                aria-expanded={outlineOpen}
                aria-controls="outline-list"
                onClick={() => setOutlineOpen((open) => !open)}
              >
                {t('platform.outline')}
              </button>
              <span className="outline-label">{t('platform.outline')}</span>
            </h2>
            <p className="muted small">{t('platform.sectionsCount', { count: gov.sections.length })}</p>
            <ol id="outline-list" className={outlineOpen ? 'open' : undefined}>
              {gov.sections.map((s) => (
                <li key={s.id}>
                  <a href={`#${s.id}`} aria-current={hash === s.id ? 'location' : undefined}>
                    {s.title}
                  </a>
                </li>
              ))}
            </ol>
          </nav>
          <main id="main" className="sections" tabIndex={-1}>
            {gov.platform.adopted ? <p className="notice">{t('platform.adopted')}</p> : null}
            <CommentFiltersBar />
            {orphanDrafts.map((d) => (
              <DraftPanel key={`${d.sectionId}:${d.savedAt}`} draft={d} organizations={gov.organizations} onDismiss={dismissDraft} />
            ))}
            {gov.sections.length === 0 ? <p className="muted">{t('platform.noSections')}</p> : null}
            {gov.sections.map((s) => {
              const pen = penOn(sessions, s.id)
              const refusal: EditRefusal | null = principal ? sectionEditRefusal(principal, s, gov.platform, pen) : 'observer'
              return (
                <SectionView
                  key={s.id}
                  section={s}
                  owner={gov.organizations.find((o) => o.id === s.ownerOrgId) ?? null}
                  refusal={refusal}
                  penHolder={refusal === 'penHeld' && pen ? (gov.people.find((p) => p.id === pen.personId)?.name ?? null) : null}
                  editable={refusal === null && !closedForGood}
                  provider={provider}
                  user={user}
                  forceMount={hash === s.id}
                  canMount={docReady}
                  hereNames={splitNames(hereKeys.get(s.id))}
                  drafts={draftsBySection.get(s.id) ?? NO_DRAFTS}
                  organizations={gov.organizations}
                  onDismissDraft={dismissDraft}
                />
              )
            })}
          </main>
        </div>
      )}
    </CommentsProvider>
  )
}

const NO_DRAFTS: RecoveredDraft[] = []
/** Names shown beside a section's title; the rest are counted. */
const HERE_NAMES_MAX = 3
const EMPTY: string[] = []
const namesCache = new Map<string, string[]>()
/** Stable arrays per key so memoized sections do not re-render on every cursor move. */
function splitNames(key: string | undefined): string[] {
  if (!key) return EMPTY
  let names = namesCache.get(key)
  if (!names) {
    names = key.split('\u0000')
    if (namesCache.size > 500) namesCache.clear()
    namesCache.set(key, names)
  }
  return names
}

const STATUS_KEYS: Record<ConnectionState['status'], MessageKey> = {
  connecting: 'status.connecting',
  saving: 'status.saving',
  saved: 'status.saved',
  offline: 'status.offline',
}

function SaveStatusView({ state }: { state: ConnectionState }) {
  const { t } = useI18n()
  return (
    <p className={`save-status save-${state.status}`}>
      <span className="visually-hidden">{t('status.label')}: </span>
      <span role="status" aria-live="polite" className="save-status-text" data-status={state.status}>
        {t(STATUS_KEYS[state.status])}
      </span>
    </p>
  )
}

const CLOSED_KEYS: Partial<Record<number, MessageKey>> = {
  [CloseCode.TooLarge]: 'closed.tooLarge',
  [CloseCode.Malformed]: 'closed.malformed',
  [CloseCode.TooManyConnections]: 'closed.tooManyConnections',
}

/** Closures the page cannot recover from by itself (refusals, 4401 and 4404 are handled above). */
function ClosedBanner({ state }: { state: ConnectionState }) {
  const { t } = useI18n()
  const code = state.closedCode
  if (code === null || code === CloseCode.Forbidden || code === CloseCode.Unauthenticated || code === CloseCode.UnknownPlatform) return null
  if (state.refusedReason !== null) return null
  const closedKey = CLOSED_KEYS[code]
  return (
    <div className="banner banner-error" role="alert">
      <p>{closedKey ? t(closedKey) : t('closed.other', { code: String(code) })}</p>
      <p>
        <button type="button" onClick={() => location.reload()}>
          {t('refused.reload')}
        </button>
      </p>
    </div>
  )
}
