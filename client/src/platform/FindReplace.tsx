import { useCallback, useEffect, useRef, useState, type KeyboardEvent as ReactKeyboardEvent, type RefObject } from 'react'
import type * as Y from 'yjs'
import { useI18n } from '../i18n/index.js'
import { findMatches, replaceInEditor, sectionEditor, type FindMatch } from './find-matches.js'
import './find.css'

/** Highlight names (CSS Custom Highlight API): styled by ::highlight() in find.css. */
const HIGHLIGHT_ALL = 'plank-find'
const HIGHLIGHT_CURRENT = 'plank-find-current'
/** Matches are looked for again this long after the text or the page changed (remote typing, an editor mounting). */
const REFRESH_DELAY_MS = 120
/** How long a section's editor may take to mount after its section is scrolled into view. */
const MOUNT_WAIT_MS = 4000

interface Props {
  /** The element holding the platform's sections. */
  sectionsRef: RefObject<HTMLElement | null>
  doc: Y.Doc
  /** Whether this person may edit the section's text now (the policy table's section.edit). */
  canEditSection: (sectionId: string) => boolean
  /** The latest Ctrl/Cmd+F in the app (FindLauncher listens for it, this code may arrive later): open, focus going back to `focused` on close. */
  openRequest?: FindRequest | null
}

/** One press of Ctrl/Cmd+F: `seq` tells presses apart. */
export interface FindRequest {
  focused: HTMLElement | null
  seq: number
}

interface Current {
  sectionId: string
  indexInSection: number
}

/** The Custom Highlight registry, where the browser has it (highlighting is then skipped, finding still works). */
function highlightRegistry(): HighlightRegistry | null {
  return typeof CSS !== 'undefined' && 'highlights' in CSS && typeof Highlight !== 'undefined' ? CSS.highlights : null
}

function clearHighlights(): void {
  const registry = highlightRegistry()
  registry?.delete(HIGHLIGHT_ALL)
  registry?.delete(HIGHLIGHT_CURRENT)
}

const sameMatch = (m: FindMatch, c: Current | null) => c !== null && m.sectionId === c.sectionId && m.indexInSection === c.indexInSection

/** Waits (a frame at a time) until the section's editor has mounted, after its section was scrolled to. */
async function mountedEditor(root: HTMLElement, sectionId: string) {
  const deadline = performance.now() + MOUNT_WAIT_MS
  for (;;) {
    const editor = sectionEditor(root, sectionId)
    if (editor || performance.now() > deadline) return editor
    await new Promise((resolve) => requestAnimationFrame(resolve))
  }
}

/** How long after moving to a match the page follows it (editors mounting around it take a few frames). */
const FOLLOW_MS = 1500

function scrollToRange(range: Range): void {
  const element = range.startContainer.parentElement
  if (!element) return
  const box = range.getBoundingClientRect()
  // Already comfortably in view (below the sticky header, above the bottom): leave the page where it is.
  if (box.top > window.innerHeight * 0.2 && box.bottom < window.innerHeight * 0.85) return
  element.scrollIntoView({ block: 'center' })
}

/**
 * Find and replace across the platform's sections (Ctrl/Cmd+F while the page
 * has the focus). Matches are looked for in what each section renders (its
 * editor, or the static text of a section whose editor is not mounted) and
 * highlighted with the CSS Custom Highlight API, which never touches the
 * editors' DOM. Replacing goes through the section's own editor (mounted on
 * demand), so it is a normal edit the server checks; sections this person may
 * not edit are skipped and counted.
 */
export function FindReplace({ sectionsRef, doc, canEditSection, openRequest = null }: Props) {
  const { t, locale } = useI18n()
  const [open, setOpen] = useState(false)
  const [query, setQuery] = useState('')
  const [replacement, setReplacement] = useState('')
  const [matches, setMatches] = useState<FindMatch[]>([])
  const [current, setCurrent] = useState<Current | null>(null)
  const [message, setMessage] = useState('')
  const [busy, setBusy] = useState(false)
  const findInput = useRef<HTMLInputElement>(null)
  const returnFocus = useRef<HTMLElement | null>(null)
  /** The section that element was in: its editor may have unmounted while the person searched elsewhere. */
  const returnSection = useRef<string | null>(null)
  /** Until when the current match is kept in view (performance.now(); set by moving to a match, not by a refresh): see FOLLOW_MS. */
  const followUntil = useRef(0)

  const currentIndex = matches.findIndex((m) => sameMatch(m, current))

  /** The find field takes the focus once the bar has rendered. */
  const focusPending = useRef(false)
  const openBar = useCallback((focused: HTMLElement | null, alreadyOpen: boolean) => {
    if (alreadyOpen) {
      findInput.current?.focus()
      findInput.current?.select()
      return
    }
    returnFocus.current = focused
    returnSection.current = focused?.closest('[data-section-id]')?.getAttribute('data-section-id') ?? null
    focusPending.current = true
    setOpen(true)
  }, [])
  useEffect(() => {
    if (!open || !focusPending.current) return
    focusPending.current = false
    findInput.current?.focus()
    findInput.current?.select()
  }, [open])

  // Each press opens the bar (or, already open, takes the focus back to its field).
  const handledSeq = useRef(0)
  useEffect(() => {
    if (!openRequest || openRequest.seq === handledSeq.current) return
    handledSeq.current = openRequest.seq
    openBar(openRequest.focused, open)
  }, [openRequest, openBar, open])

  const search = useCallback(() => {
    const root = sectionsRef.current
    const found = open && root ? findMatches(root, query, locale) : []
    setMatches(found)
    setCurrent((c) => {
      if (found.length === 0) return null
      const kept = found.find((m) => sameMatch(m, c)) ?? found.find((m) => c !== null && m.sectionId === c.sectionId) ?? found[0]!
      return { sectionId: kept.sectionId, indexInSection: kept.indexInSection }
    })
  }, [sectionsRef, open, query, locale])

  // Search now, and again whenever the text or the rendering changes (remote edits, editors mounting, scrolling).
  useEffect(() => {
    search()
    if (!open || query === '') return
    let timer: ReturnType<typeof setTimeout> | null = null
    const later = () => {
      if (timer !== null) return
      timer = setTimeout(() => {
        timer = null
        search()
      }, REFRESH_DELAY_MS)
    }
    const observer = new MutationObserver(later)
    if (sectionsRef.current) observer.observe(sectionsRef.current, { subtree: true, childList: true, characterData: true })
    doc.on('update', later)
    return () => {
      if (timer !== null) clearTimeout(timer)
      observer.disconnect()
      doc.off('update', later)
    }
  }, [search, open, query, doc, sectionsRef])

  // Paint the highlights: every match, and the current one on top.
  useEffect(() => {
    const registry = highlightRegistry()
    if (!registry) return
    if (!open || matches.length === 0) {
      clearHighlights()
      return
    }
    registry.set(HIGHLIGHT_ALL, new Highlight(...matches.map((m) => m.range)))
    const at = matches.find((m) => sameMatch(m, current))
    if (at) registry.set(HIGHLIGHT_CURRENT, new Highlight(at.range))
    else registry.delete(HIGHLIGHT_CURRENT)
  }, [open, matches, current])
  useEffect(() => clearHighlights, [])

  // Bring the current match into view after moving to it, and keep it there while the page settles: the sections
  // around it mount their editors as they come into view, which moves it (each change recomputes the matches).
  useEffect(() => {
    if (performance.now() > followUntil.current) return
    const at = matches.find((m) => sameMatch(m, current))
    if (at) scrollToRange(at.range)
  }, [matches, current])

  const move = (step: 1 | -1) => {
    if (matches.length === 0) return
    const from = currentIndex < 0 ? (step === 1 ? -1 : 0) : currentIndex
    const next = matches[(from + step + matches.length) % matches.length]!
    followUntil.current = performance.now() + FOLLOW_MS
    setMessage('')
    setCurrent({ sectionId: next.sectionId, indexInSection: next.indexInSection })
  }

  const close = async () => {
    setOpen(false)
    setMessage('')
    clearHighlights()
    const back = returnFocus.current
    const sectionId = returnSection.current
    returnFocus.current = null
    returnSection.current = null
    if (back?.isConnected) {
      back.focus()
      return
    }
    // Its editor unmounted (the search went far away): back to that section, its editor mounted again.
    const root = sectionsRef.current
    if (root && sectionId !== null && back?.classList.contains('ProseMirror')) {
      root.querySelector(`[data-section-id="${CSS.escape(sectionId)}"]`)?.scrollIntoView({ block: 'center' })
      const editor = await mountedEditor(root, sectionId)
      if (editor) {
        editor.commands.focus()
        return
      }
    }
    document.getElementById('main')?.focus()
  }

  /** The section's editor, mounted for writing (scrolled to if it was not), or null if this person may not write there. */
  const writableEditor = async (root: HTMLElement, sectionId: string) => {
    if (!canEditSection(sectionId)) return null
    let editor = sectionEditor(root, sectionId)
    if (!editor) {
      root.querySelector(`[data-section-id="${CSS.escape(sectionId)}"]`)?.scrollIntoView({ block: 'center' })
      editor = await mountedEditor(root, sectionId)
    }
    return editor?.isEditable ? editor : null
  }

  const replaceCurrent = async () => {
    const root = sectionsRef.current
    const at = matches[currentIndex]
    if (!root || !at || busy) return
    setBusy(true)
    try {
      const editor = await writableEditor(root, at.sectionId)
      if (!editor) {
        setMessage(t('find.cannotEditCurrent'))
        return
      }
      // Found again in the mounted editor: the match's DOM may have been the static rendering.
      const fresh = findMatches(root, query, locale).find((m) => sameMatch(m, { sectionId: at.sectionId, indexInSection: at.indexInSection }))
      const replaced = fresh ? replaceInEditor(editor, [fresh], query, replacement, locale) : 0
      setMessage(t('find.replaced', { count: replaced }))
      // A replacement that contains the searched text would be found again at once: move past it.
      const foundAgain = replaced > 0 && replacement.toLocaleLowerCase(locale).includes(query.toLocaleLowerCase(locale))
      if (foundAgain) {
        const now = findMatches(root, query, locale)
        const here = now.findIndex((m) => sameMatch(m, at))
        const next = now[(here + 1) % now.length]
        if (here >= 0 && next) setCurrent({ sectionId: next.sectionId, indexInSection: next.indexInSection })
      }
      followUntil.current = performance.now() + FOLLOW_MS
      search()
    } finally {
      setBusy(false)
    }
  }

  const replaceAll = async () => {
    const root = sectionsRef.current
    if (!root || busy || matches.length === 0) return
    setBusy(true)
    try {
      let replaced = 0
      let skipped = 0
      const sectionIds = [...new Set(matches.map((m) => m.sectionId))]
      for (const sectionId of sectionIds) {
        const editor = await writableEditor(root, sectionId)
        const inSection = findMatches(root, query, locale).filter((m) => m.sectionId === sectionId)
        if (!editor) {
          skipped += inSection.length
          continue
        }
        replaced += replaceInEditor(editor, inSection, query, replacement, locale)
      }
      const parts = [t('find.replaced', { count: replaced })]
      if (skipped > 0) parts.push(t('find.skipped', { count: skipped }))
      setMessage(parts.join(' '))
      search()
    } finally {
      setBusy(false)
    }
  }

  if (!open) return null

  const onFindKey = (e: ReactKeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      e.preventDefault()
      move(e.shiftKey ? -1 : 1)
    }
  }
  const onBarKey = (e: ReactKeyboardEvent<HTMLElement>) => {
    if (e.key === 'Escape') {
      e.preventDefault()
      void close()
    }
  }
  const onReplaceKey = (e: ReactKeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      e.preventDefault()
      void replaceCurrent()
    }
  }

  const count =
    query === ''
      ? ''
      : matches.length === 0
        ? t('find.countNone')
        : currentIndex >= 0
          ? t('find.count', { current: currentIndex + 1, total: matches.length })
          : t('find.countAll', { total: matches.length })

  return (
    <section className="find-bar" role="search" aria-label={t('find.region')} onKeyDown={onBarKey}>
      <div className="find-row">
        <label className="find-field">
          <span className="visually-hidden">{t('find.label')}</span>
          <input
            ref={findInput}
            type="search"
            className="find-input"
            value={query}
            placeholder={t('find.label')}
            onChange={(e) => {
              followUntil.current = performance.now() + FOLLOW_MS
              setMessage('')
              setQuery(e.target.value)
            }}
            onKeyDown={onFindKey}
            aria-describedby="find-count"
          />
        </label>
        <output id="find-count" className="find-count" aria-live="polite">
          {count}
        </output>
        <button
          type="button"
          className="find-button"
          onClick={() => move(-1)}
          disabled={matches.length === 0}
          aria-label={t('find.previous')}
          title={t('find.previous')}
        >
          <span aria-hidden="true">↑</span>
        </button>
        <button
          type="button"
          className="find-button"
          onClick={() => move(1)}
          disabled={matches.length === 0}
          aria-label={t('find.next')}
          title={t('find.next')}
        >
          <span aria-hidden="true">↓</span>
        </button>
        <button type="button" className="find-button" onClick={() => void close()} aria-label={t('find.close')} title={t('find.close')}>
          <span aria-hidden="true">×</span>
        </button>
      </div>
      <div className="find-row">
        <label className="find-field">
          <span className="visually-hidden">{t('find.replaceLabel')}</span>
          <input
            type="text"
            className="find-input"
            value={replacement}
            placeholder={t('find.replaceLabel')}
            onChange={(e) => setReplacement(e.target.value)}
            onKeyDown={onReplaceKey}
          />
        </label>
        <button type="button" onClick={() => void replaceCurrent()} disabled={busy || currentIndex < 0}>
          {t('find.replace')}
        </button>
        <button type="button" onClick={() => void replaceAll()} disabled={busy || matches.length === 0}>
          {t('find.replaceAll')}
        </button>
      </div>
      <p className="find-message" role="status">
        {message}
      </p>
    </section>
  )
}
