import { useEffect, useRef, useState } from 'react'
import { AppHeader } from '../AppHeader.js'
import { useI18n } from '../i18n/index.js'
import { platformPath, signoffPath } from '../routes.js'
import { PlatformShell, type PlatformLive } from '../shell/PlatformShell.js'
import { LoadingScreen, NarrowPage } from '../shell/screens.js'
import { ConnectionBanners } from '../shell/status.js'
import { StatusBadge } from './labels.js'
import { cellState, sectionSignoffState, useSectionHashes, useSignoffGov } from './live.js'
import { followInApp } from './navigation.js'
import { SectionReview, type Decision, type SectionActions } from './ReviewAllSection.js'
import { canReviewAll } from './ReviewAllLink.js'
import { firstToReview, needsReview, neighbour, nextNeedingReview, positionOf, reviewQueue } from './review-queue.js'
import './signoff.css'
import './review-all.css'

/**
 * A board representative's one-pass review of the platform (`/p/<id>/review`),
 * as Google Docs' "review suggestions" or GitHub's file-by-file review: one
 * section at a time, Previous / Next, approve or request changes from the
 * keyboard. It records decisions through the same API as the section's
 * review panel, with the hash of the text on screen; the server decides.
 */
export function ReviewAllPage({ platformId }: { platformId: string }) {
  // The review only reads the document: no copy on this device, so nothing old is ever sent (or refused).
  return (
    <PlatformShell platformId={platformId} persist={false}>
      {(live) => <ReviewAll live={live} />}
    </PlatformShell>
  )
}

/** Focus in a field that takes typing: letters there are text, not shortcuts. */
function inTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  if (target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true
  return target instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(target.type)
}

function ReviewAll({ live }: { live: PlatformLive }) {
  const { t } = useI18n()
  const { platformId, doc, state, gov, principal, can, membership } = live
  const { platform, signoffs } = useSignoffGov(doc)
  const sectionIds = gov.sections.map((s) => s.id)
  const hashes = useSectionHashes(doc, sectionIds)
  const [currentId, setCurrentId] = useState<string | null>(null)
  const [onlyNeeding, setOnlyNeeding] = useState(false)
  /** Decisions recorded here, by section, with the hash decided on: they count before the live sign-offs show them. */
  const [recordedHere, setRecordedHere] = useState<Record<string, string>>({})
  const [moved, setMoved] = useState(false)
  const [announce, setAnnounce] = useState('')
  const [allDone, setAllDone] = useState(false)
  const actions = useRef<SectionActions | null>(null)

  useEffect(() => {
    document.title = `${t('reviewAll.title')} — ${gov.platform?.title ?? ''} — ${t('app.name')}`
  }, [t, gov.platform])

  const orgId = principal?.orgId ?? null
  const orgIds = gov.organizations.map((o) => o.id)
  const threshold = platform?.approvalThreshold ?? null
  const sectionState = (id: string) => {
    const section = gov.sections.find((s) => s.id === id)
    return section ? sectionSignoffState(section, orgIds, signoffs, hashes[id], threshold) : null
  }
  const mineOf = (id: string) => sectionState(id)?.standings.find((s) => s.orgId === orgId)
  const needsWith =
    (recorded: Record<string, string>) =>
    (id: string): boolean => {
      if (recorded[id] !== undefined && recorded[id] === hashes[id]) return false
      const mine = mineOf(id)
      return needsReview(mine ? cellState(mine) : 'none')
    }
  const needs = needsWith(recordedHere)
  // Until every section is hashed, a stale decision would pass for current: the review starts once they are.
  const hashed = sectionIds.every((id) => hashes[id] !== undefined)
  const shownId = currentId !== null && sectionIds.includes(currentId) ? currentId : hashed ? firstToReview(sectionIds, needs) : null
  const queue = reviewQueue(sectionIds, needs, onlyNeeding, shownId)
  const { n, m } = positionOf(queue, shownId)
  const previousId = neighbour(sectionIds, queue, shownId, -1)
  const nextId = neighbour(sectionIds, queue, shownId, 1)

  const titleOf = (id: string) => gov.sections.find((s) => s.id === id)?.title ?? ''
  const moveTo = (id: string | null, prefix = '', needsNow = needs, only = onlyNeeding) => {
    if (id === null) return
    setCurrentId(id)
    setMoved(true)
    setAllDone(false)
    const at = positionOf(reviewQueue(sectionIds, needsNow, only, id), id)
    setAnnounce(`${prefix} ${t('reviewAll.announce', { n: at.n, m: at.m, title: titleOf(id) })}`.trim())
  }
  const onRecorded = (sectionId: string, decision: Decision, hash: string) => {
    const recorded = { ...recordedHere, [sectionId]: hash }
    setRecordedHere(recorded)
    const needsNow = needsWith(recorded)
    const outcome = t(decision === 'approve' ? 'reviewAll.recorded.approve' : 'reviewAll.recorded.changes', { title: titleOf(sectionId) })
    const next = nextNeedingReview(sectionIds, sectionId, needsNow)
    if (next === null) {
      setAllDone(true)
      setAnnounce(`${outcome} ${t('reviewAll.allDone')}`)
    } else moveTo(next, outcome, needsNow)
  }
  const toggleFilter = (on: boolean) => {
    setOnlyNeeding(on)
    // Turned on over a section that needs nothing, the review moves to the next one that does.
    if (on && shownId !== null && !needs(shownId)) moveTo(nextNeedingReview(sectionIds, shownId, needs), '', needs, on)
  }

  // The first section shown stays put until the reviewer moves: live sign-offs elsewhere do not swap it under them.
  useEffect(() => {
    if (currentId === null && shownId !== null) setCurrentId(shownId)
  }, [currentId, shownId])

  // The shortcuts read the latest render through this ref; the listener itself is added once.
  const allowed = canReviewAll(can, principal)
  const keys = useRef({ next: () => {}, previous: () => {} })
  keys.current = allowed ? { next: () => moveTo(nextId), previous: () => moveTo(previousId) } : { next: () => {}, previous: () => {} }
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || inTextField(event.target)) return
      const key = event.key.toLowerCase()
      let act: (() => void) | undefined
      if (event.altKey) {
        if (event.key === 'ArrowDown') act = keys.current.next
        else if (event.key === 'ArrowUp') act = keys.current.previous
      } else if (key === 'j') act = keys.current.next
      else if (key === 'k') act = keys.current.previous
      // Not a held key's repeats: each approval is one deliberate press, and the review moves on after each.
      else if (key === 'a' && !event.repeat) act = () => actions.current?.approve()
      // Prevented, so that the "c" is not typed into the comment field it focuses.
      else if (key === 'c') act = () => actions.current?.focusComment()
      if (!act) return
      event.preventDefault()
      act()
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [])

  const platformHref = platformPath(platformId)
  const header = <AppHeader title={gov.platform?.title ?? null} titleHref={platformHref} membership={membership} />
  if (gov.platform === null || principal === null || !platform) return <LoadingScreen header={header} />
  if (!canReviewAll(can, principal)) {
    return (
      <NarrowPage header={header}>
        <h1>{t('reviewAll.title')}</h1>
        <p className="banner banner-warning">{t('reviewAll.refused')}</p>
        <p>
          <a href={platformHref}>{t('signoff.page.back')}</a>
        </p>
      </NarrowPage>
    )
  }
  const myOrgName = gov.organizations.find((o) => o.id === principal.orgId)?.name ?? t('section.unknownOrg')
  const shown = shownId !== null ? gov.sections.find((s) => s.id === shownId) : undefined
  const shownState = shownId !== null ? sectionState(shownId) : null
  const mine = shownId !== null ? mineOf(shownId) : undefined
  const noneNeeding = sectionIds.every((id) => !needs(id))

  return (
    <>
      {header}
      <ConnectionBanners state={state} />
      <main id="main" className="page review-all-page" tabIndex={-1} data-synced={state.everSynced ? '1' : '0'}>
        <p className="back-link">
          <a href={signoffPath(platformId)} onClick={followInApp}>
            ← {t('reviewAll.back')}
          </a>
        </p>
        <h1>{t('reviewAll.title')}</h1>
        <p className="muted">{t('reviewAll.intro', { org: myOrgName })}</p>
        <KeyHelp />
        {platform.adopted ? (
          <p className="notice" role="status">
            <StatusBadge status="adopted" /> {t('signoff.page.adopted')}
          </p>
        ) : null}
        {sectionIds.length === 0 ? <p className="muted">{t('signoff.standing.noSections')}</p> : null}
        {sectionIds.length > 0 && !hashed ? (
          <p className="loading" aria-busy="true">
            {t('platform.loading')}
          </p>
        ) : null}
        {shown && shownState && mine ? (
          <>
            <div className="review-all-bar">
              <label className="signoff-filter">
                <input type="checkbox" checked={onlyNeeding} onChange={(e) => toggleFilter(e.target.checked)} /> {t('reviewAll.filter')}
              </label>
              <nav className="review-all-nav" aria-label={t('reviewAll.nav')}>
                <button
                  type="button"
                  className="small-button"
                  disabled={previousId === null}
                  aria-keyshortcuts="K Alt+ArrowUp"
                  onClick={() => moveTo(previousId)}
                >
                  <span aria-hidden="true">← </span>
                  {t('reviewAll.previous')}
                </button>
                <span className="review-all-position" data-n={n} data-m={m}>
                  {t('reviewAll.position', { n, m })}
                </span>
                <button type="button" className="small-button" disabled={nextId === null} aria-keyshortcuts="J Alt+ArrowDown" onClick={() => moveTo(nextId)}>
                  {t('reviewAll.next')}
                  <span aria-hidden="true"> →</span>
                </button>
              </nav>
            </div>
            {(onlyNeeding || allDone) && noneNeeding ? <p className="notice">{allDone ? t('reviewAll.allDone') : t('reviewAll.nothingNeeding')}</p> : null}
            <SectionReview
              key={shown.id}
              doc={doc}
              platformId={platformId}
              sectionId={shown.id}
              title={shown.title}
              status={platform.adopted ? 'adopted' : shownState.status}
              mine={cellState(mine)}
              mineSignoff={mine.signoff}
              orgName={myOrgName}
              adopted={platform.adopted}
              focusOnMount={moved}
              actions={actions}
              onRecorded={onRecorded}
            />
          </>
        ) : null}
        <p className="visually-hidden review-all-announce" role="status" aria-live="polite">
          {announce}
        </p>
      </main>
    </>
  )
}

/** The shortcuts, written out (each button also names its own in aria-keyshortcuts). */
function KeyHelp() {
  const { t } = useI18n()
  const or = ` ${t('reviewAll.keys.or')} `
  return (
    <p className="review-all-keys small">
      {t('reviewAll.keys.title')}{' '}
      <span>
        <kbd>J</kbd>
        {or}
        <kbd>Alt</kbd>+<kbd>↓</kbd> {t('reviewAll.keys.next')}
      </span>
      {' · '}
      <span>
        <kbd>K</kbd>
        {or}
        <kbd>Alt</kbd>+<kbd>↑</kbd> {t('reviewAll.keys.previous')}
      </span>
      {' · '}
      <span>
        <kbd>A</kbd> {t('reviewAll.keys.approve')}
      </span>
      {' · '}
      <span>
        <kbd>C</kbd> {t('reviewAll.keys.comment')}
      </span>
    </p>
  )
}
