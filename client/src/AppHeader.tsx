import type { ReactNode } from 'react'
import type { GovOrganization } from '../../shared/gov.js'
import type { Role } from '../../shared/permissions.js'
import { LOCALES, LOCALE_NAMES, useI18n, type Locale } from './i18n/index.js'
import { useSession } from './session.js'
import { OrgBadge, RoleBadge } from './badges.js'
import { sessionsHref } from './sessions/links.js'
import { SignoffHeaderLink } from './signoff/HeaderLink.js'

/** The person's standing on the platform being shown (live from gov.people). */
export interface HeaderMembership {
  platformId: string
  role: Role
  org: GovOrganization | null
  canManage: boolean
}

/** The page banner: home link, page title, page-specific extras, who is signed in, language switcher. */
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
  const { t, locale, setLocale } = useI18n()
  const { session, signOut } = useSession()
  return (
    <header className="app-header">
      <div className="app-header-row">
        <a className="brand" href="/" title={t('app.home')}>
          {t('app.name')}
        </a>
        {title !== null ? (
          <h1 className="platform-title">{titleHref ? <a href={titleHref}>{title}</a> : title}</h1>
        ) : null}
        <div className="header-extra">
          {extra}
          {membership ? <SignoffHeaderLink platformId={membership.platformId} /> : null}
          {membership?.role === 'facilitator' ? (
            <a className="sessions-link settings-link" href={sessionsHref(membership.platformId, 'sessions')}>
              {t('sessions.link')}
            </a>
          ) : null}
          {membership?.canManage ? (
            <a className="settings-link" href={`/p/${encodeURIComponent(membership.platformId)}/settings`}>
              {t('header.settings')}
            </a>
          ) : null}
          {session.kind === 'signedIn' ? (
            <span className="you">
              <span className="visually-hidden">{t('header.signedInAs')} </span>
              <span className="you-name">{session.info.person.name}</span>
              {membership ? <RoleBadge role={membership.role} /> : null}
              {membership?.org ? <OrgBadge org={membership.org} /> : null}
              <button type="button" className="link-button sign-out" onClick={() => void signOut().finally(() => location.assign('/'))}>
                {t('header.signOut')}
              </button>
            </span>
          ) : null}
          {session.kind === 'signedOut' && location.pathname !== '/signin' && location.pathname !== '/' ? (
            <a href={`/signin?next=${encodeURIComponent(location.pathname + location.hash)}`}>{t('header.signIn')}</a>
          ) : null}
          <label className="language">
            <span className="visually-hidden">{t('app.language')}</span>
            <select value={locale} onChange={(e) => setLocale(e.target.value as Locale)}>
              {LOCALES.map((l) => (
                <option key={l} value={l} lang={l}>
                  {LOCALE_NAMES[l]}
                </option>
              ))}
            </select>
          </label>
        </div>
      </div>
    </header>
  )
}
