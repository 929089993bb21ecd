import { useEffect, useMemo, useState } from 'react'
import { canEditSection } from '../../../shared/permissions.js'
import { CloseCode } from '../../../shared/protocol.js'
import type { GovOrganization } from '../../../shared/gov.js'
import { useI18n, type MessageKey } from '../i18n/index.js'
import { lastUsedName, loadIdentity, saveIdentity, type Identity } from '../identity.js'
import { toHexColor } from '../colors.js'
import { AppHeader } from '../AppHeader.js'
import { PlatformConnection, isNotFound, type ConnectionState } from './connection.js'
import { useConnectionState, useGov, usePresence, type PresenceUser } from './hooks.js'
import { SectionView } from './SectionView.js'
import { Presence } from './Presence.js'
import { IdentityForm } from './IdentityForm.js'

const NEUTRAL_COLOR = '#455a64'

export function PlatformPage({ platformId }: { platformId: string }) {
  const [connection, setConnection] = useState<PlatformConnection | null>(null)
  useEffect(() => {
    const c = new PlatformConnection(platformId)
    setConnection(c)
    return () => c.destroy()
  }, [platformId])
  if (!connection) return null
  return <Platform key={platformId} connection={connection} />
}

function currentHash(): string | null {
  const raw = decodeURIComponent(location.hash.slice(1))
  return raw === '' ? null : raw
}

function Platform({ connection }: { connection: PlatformConnection }) {
  const { t } = useI18n()
  const { platformId, provider } = connection
  const state = useConnectionState(connection)
  const gov = useGov(connection.doc)
  const people = usePresence(provider.awareness)
  const [httpNotFound, setHttpNotFound] = useState(false)
  const [identity, setIdentity] = useState<Identity | null>(() => loadIdentity(platformId))
  const [editingIdentity, setEditingIdentity] = useState(false)
  const [hash, setHash] = useState<string | null>(currentHash)
  /** On phones the outline is folded away until asked for. */
  const [outlineOpen, setOutlineOpen] = useState(false)

  // The relay decides, but an HTTP 404 lets us say "not found" before it answers.
  useEffect(() => {
    const controller = new AbortController()
    fetch(`/api/platforms/${encodeURIComponent(platformId)}`, { signal: controller.signal, headers: { accept: 'application/json' } })
      .then((res) => {
        if (res.status === 404) setHttpNotFound(true)
      })
      .catch(() => {
        // offline or aborted: the relay and the local copy decide
      })
    return () => controller.abort()
  }, [platformId])

  useEffect(() => {
    const onHash = () => setHash(currentHash())
    window.addEventListener('hashchange', onHash)
    return () => window.removeEventListener('hashchange', onHash)
  }, [])

  const org: GovOrganization | undefined = gov.organizations.find((o) => o.id === identity?.orgId)
  const user = useMemo<PresenceUser>(
    () => ({
      name: identity?.name ?? t('identity.guest'),
      color: org ? toHexColor(org.color, org.id) : NEUTRAL_COLOR,
      orgId: identity?.orgId ?? null,
    }),
    [identity, org, t],
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

  const hereBySection = useMemo(() => {
    const map = new Map<string, string[]>()
    for (const p of people) {
      if (p.clientId === provider.awareness.clientID || !p.user || !p.sectionId) continue
      const list = map.get(p.sectionId) ?? []
      list.push(p.user.name)
      map.set(p.sectionId, list)
    }
    return map
  }, [people, provider])
  const hereKeys = new Map<string, string>()
  hereBySection.forEach((names, id) => hereKeys.set(id, names.sort().join('\u0000')))

  if (httpNotFound || isNotFound(state.closedCode)) {
    return (
      <>
        <AppHeader />
        <main id="main" className="page narrow" tabIndex={-1}>
          <h1>{t('platform.notFound.title')}</h1>
          <p>{t('platform.notFound.body')}</p>
          <p>
            <a href="/">{t('platform.backHome')}</a>
          </p>
        </main>
      </>
    )
  }

  const principal = { kind: 'guest', name: identity?.name ?? null, orgId: identity?.orgId ?? null } as const
  const showIdentityForm = gov.organizations.length > 0 && (editingIdentity || identity === null)

  return (
    <>
      <AppHeader
        title={gov.platform?.title ?? null}
        extra={
          <>
            <SaveStatusView state={state} />
            {identity ? (
              <span className="you">
                <span className="dot" style={{ backgroundColor: user.color }} aria-hidden="true" />
                {t('identity.you', { name: identity.name })}{' '}
                <button type="button" className="link-button" onClick={() => setEditingIdentity(true)}>
                  {t('identity.change')}
                </button>
              </span>
            ) : null}
            <Presence people={people} selfId={provider.awareness.clientID} organizations={gov.organizations} sections={gov.sections} />
          </>
        }
      />
      <ClosedBanner state={state} />
      {showIdentityForm ? (
        <div className="identity-wrap">
          <IdentityForm
            organizations={gov.organizations}
            initial={identity}
            defaultName={lastUsedName()}
            onSave={(next) => {
              saveIdentity(platformId, next)
              setIdentity(next)
              setEditingIdentity(false)
            }}
            onCancel={identity ? () => setEditingIdentity(false) : null}
          />
        </div>
      ) : null}
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
            {gov.sections.length === 0 ? <p className="muted">{t('platform.noSections')}</p> : null}
            {gov.sections.map((s) => (
              <SectionView
                key={s.id}
                section={s}
                owner={gov.organizations.find((o) => o.id === s.ownerOrgId) ?? null}
                editable={canEditSection(principal, s, gov.platform) && state.closedCode === null}
                provider={provider}
                user={user}
                forceMount={hash === s.id}
                hereNames={splitNames(hereKeys.get(s.id))}
              />
            ))}
          </main>
        </div>
      )}
    </>
  )
}

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
  [CloseCode.Unauthenticated]: 'closed.unauthenticated',
  [CloseCode.Forbidden]: 'closed.forbidden',
  [CloseCode.TooLarge]: 'closed.tooLarge',
  [CloseCode.Malformed]: 'closed.malformed',
}

const REFUSED_KEYS: Record<string, MessageKey> = {
  forbidden: 'refused.forbidden',
  malformed: 'refused.malformed',
  unresolved: 'refused.unresolved',
}

function ClosedBanner({ state }: { state: ConnectionState }) {
  const { t } = useI18n()
  if (state.refusedReason === null && state.closedCode === null) return null
  const refusedKey = state.refusedReason !== null ? REFUSED_KEYS[state.refusedReason] : undefined
  const closedKey = state.closedCode !== null ? CLOSED_KEYS[state.closedCode] : undefined
  return (
    <div className="banner banner-error" role="alert">
      {state.refusedReason !== null ? (
        <p>{refusedKey ? t(refusedKey) : t('refused.other', { reason: state.refusedReason })}</p>
      ) : null}
      {state.closedCode !== null ? <p>{closedKey ? t(closedKey) : t('closed.other', { code: String(state.closedCode) })}</p> : null}
      <p>
        <button type="button" onClick={() => location.reload()}>
          {t('refused.reload')}
        </button>
      </p>
    </div>
  )
}
