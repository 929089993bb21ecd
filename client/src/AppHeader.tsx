import { useCallback, useEffect, useId, useLayoutEffect, useRef, useState, type ReactNode } from 'react'
import type { GovOrganization } from '../../shared/gov.js'
import type { Role } from '../../shared/roles.js'
import { LOCALES, LOCALE_NAMES, useI18n, type Locale } from './i18n/index.js'
import { useSession } from './session.js'
import { useChooseLocale } from './account/account-locale.js'
import { OrgBadge, RoleBadge } from './badges.js'
import { homePath, sessionsPath, settingsPath, signInPath } from './routes.js'
import { SignoffHeaderLink } from './signoff/HeaderLink.js'

/** The person's standing on the platform being shown (live from gov.people). */
export interface HeaderMembership {
  platformId: string
  role: Role
  org: GovOrganization | null
  /** From the policy table (`can('platform.manage')`): shows the settings link. */
  canManage: boolean
  /** From the policy table (`can('session.run')`): shows the sessions link. */
  canRunSessions: boolean
}

/**
 * The page banner, one row at every width: home link, page title (shortened
 * with an ellipsis), the page's own extras (save state, presence, inbox) and
 * the person's links. When those links do not fit on the row (a phone, a
 * long Spanish label, the offline notice), they move into a menu button.
 */
export function AppHeader({
  title = null,
  extra = null,
  membership = null,
  titleHref = null,
}: {
  title?: string | null
  extra?: ReactNode
  membership?: HeaderMembership | null
  titleHref?: string | null
}) {
  const { t, locale, chosenLocale } = useI18n()
  const chooseLocale = useChooseLocale()
  const { session, signOut } = useSession()
  const menuId = useId()
  const { rowRef, itemsRef, fit, collapsed } = useCollapsingRow(locale)
  const headerRef = useHeaderHeightVariable()
  const [menuOpen, setMenuOpen] = useState(false)
  const menuRef = useRef<HTMLDivElement>(null)
  // The menu closes on Escape and on a click outside it.
  useEffect(() => {
    if (!menuOpen) return
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setMenuOpen(false)
    }
    const onDown = (e: MouseEvent) => {
      if (!menuRef.current?.contains(e.target as Node)) setMenuOpen(false)
    }
    document.addEventListener('keydown', onKey)
    document.addEventListener('mousedown', onDown)
    return () => {
      document.removeEventListener('keydown', onKey)
      document.removeEventListener('mousedown', onDown)
    }
  }, [menuOpen])
  useEffect(() => {
    if (!collapsed) setMenuOpen(false)
  }, [collapsed])
  const items = (
    <>
      {collapsed ? (
        <a className="menu-home" href={homePath()}>
          {t('app.home')}
        </a>
      ) : null}
      {membership ? <SignoffHeaderLink platformId={membership.platformId} /> : null}
      {membership?.canRunSessions ? (
        <a className="sessions-link settings-link" href={sessionsPath(membership.platformId, 'sessions')}>
          {t('sessions.link')}
        </a>
      ) : null}
      {membership?.canManage ? (
        <a className="settings-link" href={settingsPath(membership.platformId)}>
          {t('header.settings')}
        </a>
      ) : null}
      {session.kind === 'signedIn' ? (
        <span className="you">
          <span className="visually-hidden">{t('header.signedInAs')} </span>
          <span className="you-name">{session.info.person.name}</span>
          {membership ? <RoleBadge role={membership.role} /> : null}
          {membership?.org ? <OrgBadge org={membership.org} /> : null}
          <button type="button" className="link-button sign-out" onClick={() => void signOut().finally(() => location.assign(homePath()))}>
            {t('header.signOut')}
          </button>
        </span>
      ) : null}
      {session.kind === 'signedOut' && location.pathname !== signInPath() && location.pathname !== homePath() ? (
        <a href={signInPath(location.pathname + location.hash)}>{t('header.signIn')}</a>
      ) : null}
      <label className="language">
        <span className="visually-hidden">{t('app.language')}</span>
        <select value={chosenLocale} onChange={(e) => chooseLocale(e.target.value as Locale)}>
          {LOCALES.map((l) => (
            <option key={l} value={l} lang={l}>
              {LOCALE_NAMES[l]}
            </option>
          ))}
        </select>
      </label>
    </>
  )
  return (
    <header ref={headerRef} className="app-header" data-collapsed={collapsed ? 'true' : 'false'} data-fit={fit}>
      <div className="app-header-row" ref={rowRef}>
        <a className="brand" href={homePath()} title={t('app.home')}>
          {t('app.name')}
        </a>
        {title !== null ? (
          <h1 className="platform-title" title={title}>
            {titleHref ? <a href={titleHref}>{title}</a> : title}
          </h1>
        ) : (
          <span className="app-header-spacer" />
        )}
        {extra ? <div className="header-extra">{extra}</div> : null}
        <div className="header-menu" ref={menuRef}>
          <button
            type="button"
            className="header-menu-button"
            aria-expanded={menuOpen}
            aria-controls={menuId}
            aria-label={t('header.menu')}
            title={t('header.menu')}
            onClick={() => setMenuOpen((open) => !open)}
          >
            <MenuIcon />
          </button>
          <div id={menuId} ref={itemsRef} className={menuOpen ? 'header-items open' : 'header-items'}>
            {items}
          </div>
        </div>
      </div>
    </header>
  )
}

/** On a row that must collapse, the title keeps at least this much (rem) before the links go into the menu. */
const TITLE_MIN_REM = 8

/** How much of the row the person's links get: all of it, all but the role and organization badges, or a menu. */
export type HeaderFit = 'inline' | 'compact' | 'menu'

/**
 * How the person's links fit on the row: measured, not guessed from the
 * width, since the row's other contents change (language, offline notice,
 * unread count). Natural widths are summed (the title counted up to
 * TITLE_MIN_REM); first the role and organization badges give way, then the
 * links go into the menu. The links' widths are remembered from when they
 * were last shown whole, so that the decision does not flip back and forth.
 */
function useCollapsingRow(locale: string) {
  const rowRef = useRef<HTMLDivElement>(null)
  const itemsRef = useRef<HTMLDivElement>(null)
  const [fit, setFit] = useState<HeaderFit>('inline')
  const inlineWidth = useRef(0)
  const badgesWidth = useRef(0)
  const measure = useCallback(() => {
    const row = rowRef.current
    const items = itemsRef.current
    if (!row || !items) return
    const style = getComputedStyle(row)
    const gap = Number.parseFloat(style.columnGap) || 0
    const room = row.clientWidth - (Number.parseFloat(style.paddingLeft) || 0) - (Number.parseFloat(style.paddingRight) || 0)
    const rem = Number.parseFloat(getComputedStyle(document.documentElement).fontSize) || 16
    setFit((was) => {
      if (was === 'inline') {
        inlineWidth.current = items.scrollWidth
        const badges = [...items.querySelectorAll<HTMLElement>('.you .badge')]
        const youGap = Number.parseFloat(getComputedStyle(items.querySelector('.you') ?? items).columnGap) || 0
        badgesWidth.current = badges.reduce((sum, b) => sum + b.offsetWidth + youGap, 0)
      }
      let need = inlineWidth.current
      for (const child of row.children) {
        if (child.classList.contains('header-menu')) continue
        const natural = (child as HTMLElement).scrollWidth
        need += gap + (child.classList.contains('platform-title') ? Math.min(natural, TITLE_MIN_REM * rem) : natural)
      }
      if (need <= room + 1) return 'inline'
      return need - badgesWidth.current <= room + 1 ? 'compact' : 'menu'
    })
  }, [])
  // A new language changes every label's width: measure the links inline again.
  // biome-ignore lint/correctness/useExhaustiveDependencies: locale is the trigger
  useLayoutEffect(() => setFit('inline'), [locale])
  useLayoutEffect(() => {
    measure()
  })
  useEffect(() => {
    const row = rowRef.current
    if (!row) return
    let frame = 0
    const later = () => {
      cancelAnimationFrame(frame)
      frame = requestAnimationFrame(measure)
    }
    const observer = new ResizeObserver(later)
    observer.observe(row)
    for (const child of row.children) observer.observe(child)
    const extra = row.querySelector('.header-extra')
    if (extra) for (const child of extra.children) observer.observe(child)
    return () => {
      observer.disconnect()
      cancelAnimationFrame(frame)
    }
  }, [measure])
  return { rowRef, itemsRef, fit, collapsed: fit === 'menu' }
}

/** --app-header-height on the page: what sticky things below the header (a section's toolbar) keep clear of. */
function useHeaderHeightVariable() {
  const ref = useRef<HTMLElement>(null)
  useEffect(() => {
    const header = ref.current
    if (!header) return
    const root = document.documentElement.style
    const observer = new ResizeObserver(() => root.setProperty('--app-header-height', `${header.offsetHeight}px`))
    observer.observe(header)
    return () => {
      observer.disconnect()
      root.removeProperty('--app-header-height')
    }
  }, [])
  return ref
}

function MenuIcon() {
  return (
    <svg width="20" height="20" viewBox="0 0 20 20" aria-hidden="true" focusable="false">
      <path d="M3 5h14M3 10h14M3 15h14" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
    </svg>
  )
}
