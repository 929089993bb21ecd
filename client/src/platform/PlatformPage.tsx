import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { sectionEditRefusal, type EditRefusal } from '../../../shared/policy.js'
import { sectionRoot } from '../../../shared/documents.js'
import { govSessions, sectionTitleIn } from '../../../shared/gov.js'
import { penOn } from '../../../shared/drafting.js'
import { useI18n } from '../i18n/index.js'
import { personColor } from '../badges.js'
import { AppHeader } from '../AppHeader.js'
import type { PlatformConnection } from './connection.js'
import { usePresence, type PresenceUser } from './hooks.js'
import { SectionView } from './SectionView.js'
import { LanguageBar, useTextLanguages } from './text-languages.js'
import { DEFAULT_LANGUAGES } from '../../../shared/languages.js'
import { SessionBar } from '../sessions/SessionBar.js'
import { Presence } from './Presence.js'
import { DraftPanel } from './DraftPanel.js'
import { fragmentText, loadDrafts, saveDrafts, sectionTexts, type DraftReason, type RecoveredDraft } from './drafts.js'
import { CommentsProvider } from '../comments/context.js'
import { CommentFiltersBar, CommentsInbox } from '../comments/Inbox.js'
import { PlatformShell, type PlatformLive } from '../shell/PlatformShell.js'
import { ConnectionBanners, SaveStatusView } from '../shell/status.js'
import { sectionHash, useLocationHash } from '../routes.js'
import { ReviewAllLink } from '../signoff/ReviewAllLink.js'
import { FindLauncher } from './FindLauncher.js'
import { PlatformHistoryLink } from '../history/HistoryLink.js'
import { PLATFORM_PARTS } from './lazy-parts.js'
import { preloadWhenIdle } from '../shell/lazy-part.js'
import '../print.css'

/** Section texts taken from a refused document, waiting for the fresh one to sync. */
interface PendingRecovery {
  texts: Map<string, string>
  /** The refused connection: only a later, fresh one compares against it. */
  from: PlatformConnection
}

/**
 * A platform (`/p/<id>`), inside the PlatformShell. When the relay refuses an
 * update the shell starts over on a fresh document; this page first keeps the
 * refused copy's texts, and what differs once the fresh one has synced becomes
 * recovered drafts.
 */
export function PlatformPage({ platformId }: { platformId: string }) {
  const pending = useRef<PendingRecovery | null>(null)
  const keepRefused = useCallback((refused: PlatformConnection) => {
    // Keep everything this device had, before the shell starts over on a fresh document.
    pending.current = { texts: sectionTexts(refused.doc), from: refused }
  }, [])
  const takeRecovery = useCallback((into: PlatformConnection) => {
    const p = pending.current
    if (!p || p.from === into) return null
    pending.current = null
    return p
  }, [])
  const hasRecovery = useCallback((into: PlatformConnection) => pending.current !== null && pending.current.from !== into, [])
  return (
    <PlatformShell platformId={platformId} onRefused={keepRefused}>
      {(live) => <Platform live={live} takeRecovery={takeRecovery} hasRecovery={hasRecovery} />}
    </PlatformShell>
  )
}

interface PlatformProps {
  live: PlatformLive
  takeRecovery: (into: PlatformConnection) => PendingRecovery | null
  hasRecovery: (into: PlatformConnection) => boolean
}

function Platform({ live, takeRecovery, hasRecovery }: PlatformProps) {
  const { t } = useI18n()
  const { platformId, provider, connection, state, gov, principal, name, org, membership, can } = live
  const sectionsRef = useRef<HTMLElement>(null)
  const people = usePresence(provider.awareness, gov.people)
  const hash = useLocationHash()
  /** On phones the outline is folded away until asked for. */
  const [outlineOpen, setOutlineOpen] = useState(false)
  const [drafts, setDrafts] = useState<RecoveredDraft[]>(() => loadDrafts(connection.personId, platformId))

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
      else if (principal)
        reason = sectionEditRefusal(principal, section, gov.platform, penOn(govSessions(connection.doc)?.values() ?? [], sectionId)) ?? 'refused'
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

  // Issue 15: the languages of the texts, and which this person writes in and reads beside (remembered per platform).
  const languages = gov.platform?.languages ?? DEFAULT_LANGUAGES
  const multilingual = languages.others.length > 0
  const [chosenLanguages, chooseLanguages] = useTextLanguages(platformId, languages)
  const textLanguages = multilingual ? chosenLanguages : null
  // The outline names each section in the language written in (its primary title where that language has none).
  const titleLang = textLanguages && textLanguages.write !== textLanguages.primary ? textLanguages.write : null

  // Editors mount only on a loaded document: on an empty one they would write an empty paragraph.
  const docReady = state.everSynced || (state.localLoaded && gov.platform !== null)
  // Once the text is there, the pieces not needed to read and type are fetched while the page is idle.
  useEffect(() => (docReady ? preloadWhenIdle(PLATFORM_PARTS) : undefined), [docReady])
  // Drafting sessions: whoever holds a section's pen is its only writer (re-read on every gov change).
  const sessions = [...(govSessions(connection.doc)?.values() ?? [])]
  const orphanDrafts = drafts.filter((d) => !gov.sections.some((s) => s.id === d.sectionId))
  const closedForGood = state.closedCode !== null
  // Find and replace writes only where the policy table lets this person write now.
  const canEditSection = (sectionId: string): boolean => {
    const section = gov.sections.find((s) => s.id === sectionId)
    return !!section && !closedForGood && can('section.edit', { section, platform: gov.platform, pen: penOn(sessions, sectionId) })
  }

  return (
    <CommentsProvider
      platformId={platformId}
      doc={connection.doc}
      principal={principal}
      people={gov.people}
      organizations={gov.organizations}
      sections={gov.sections}
    >
      <AppHeader
        title={gov.platform?.title ?? null}
        membership={membership}
        extra={
          <>
            <SaveStatusView connection={connection} />
            <Presence people={people} selfId={provider.awareness.clientID} organizations={gov.organizations} sections={gov.sections} />
            <CommentsInbox />
          </>
        }
      />
      <ConnectionBanners state={state} />
      <FindLauncher sectionsRef={sectionsRef} doc={connection.doc} canEditSection={canEditSection} />
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
            <p className="muted small">
              <span className="outline-count">{t('platform.sectionsCount', { count: gov.sections.length })}</span> ·{' '}
              <PlatformHistoryLink platformId={platformId} />
            </p>
            <ReviewAllLink platformId={platformId} can={can} principal={principal} adopted={gov.platform.adopted} />
            <ol id="outline-list" className={outlineOpen ? 'open' : undefined}>
              {gov.sections.map((s) => (
                <li key={s.id}>
                  <a
                    href={sectionHash(s.id)}
                    aria-current={hash === s.id ? 'location' : undefined}
                    lang={titleLang && s.titles?.[titleLang] ? titleLang : undefined}
                  >
                    {sectionTitleIn(s, titleLang)}
                  </a>
                </li>
              ))}
            </ol>
          </nav>
          <main id="main" className="sections" tabIndex={-1} ref={sectionsRef}>
            {gov.platform.adopted ? <p className="notice">{t('platform.adopted')}</p> : null}
            {multilingual ? <LanguageBar languages={languages} value={chosenLanguages} onChange={chooseLanguages} /> : null}
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
                  adopted={gov.platform?.adopted === true}
                  textLanguages={textLanguages}
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
