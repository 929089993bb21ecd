import type { ReactNode } from 'react'
import { LOCALES, LOCALE_NAMES, useI18n, type Locale } from './i18n/index.js'

/** The page banner: home link, page title, language switcher, and page-specific extras. */
export function AppHeader({ title = null, extra = null }: { title?: string | null; extra?: ReactNode }) {
  const { t, locale, setLocale } = useI18n()
  return (
    <header className="app-header">
      <div className="app-header-row">
        <a className="brand" href="/" title={t('app.home')}>
          {t('app.name')}
        </a>
        {title !== null ? <h1 className="platform-title">{title}</h1> : null}
        <div className="header-extra">
          {extra}
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
