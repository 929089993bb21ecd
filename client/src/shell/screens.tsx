import type { ReactNode } from 'react'
import { useI18n } from '../i18n/index.js'
import { AppHeader } from '../AppHeader.js'
import { homePath } from '../routes.js'
import { ReloadBanner } from './status.js'

/** A page with the app header (or the page's own) and one narrow main column. */
export function NarrowPage({ header, children }: { header?: ReactNode; children: ReactNode }) {
  return (
    <>
      {header ?? <AppHeader />}
      <main id="main" className="page narrow" tabIndex={-1}>
        {children}
      </main>
    </>
  )
}

/**
 * Waiting. `connecting`: no live document yet (announced as a status);
 * otherwise the document is open and its `gov` has not arrived (marked busy).
 */
export function LoadingScreen({ header, connecting = false, text }: { header?: ReactNode; connecting?: boolean; text?: string }) {
  const { t } = useI18n()
  return (
    <NarrowPage header={header}>
      {connecting ? (
        <p className="loading" role="status">
          {text ?? t('platform.loading')}
        </p>
      ) : (
        <p className="loading" aria-busy="true">
          {text ?? t('platform.loading')}
        </p>
      )}
    </NarrowPage>
  )
}

/** Who is signed in is not known yet (the session is being asked for). */
export function SessionLoading() {
  const { t } = useI18n()
  return <p className="loading page">{t('platform.loading')}</p>
}

/** HTTP 403/404 or close 4404: the platform does not exist, or this person is not (or no longer) a member. */
export function NoAccessScreen() {
  const { t } = useI18n()
  return (
    <NarrowPage>
      <h1>{t('platform.noAccess.title')}</h1>
      <p>{t('platform.noAccess.body')}</p>
      <p>
        <a href={homePath()}>{t('platform.backHome')}</a>
      </p>
    </NarrowPage>
  )
}

/** An address no route knows. */
export function NotFoundScreen() {
  const { t } = useI18n()
  return (
    <NarrowPage>
      <h1>{t('platform.notFound.title')}</h1>
      <p>
        <a href={homePath()}>{t('platform.backHome')}</a>
      </p>
    </NarrowPage>
  )
}

/** The relay refused this page's changes again and again: stop starting over and say so. */
export function StuckScreen() {
  const { t } = useI18n()
  return (
    <NarrowPage>
      <ReloadBanner message={t('platform.stuck')} />
    </NarrowPage>
  )
}
