import { useI18n } from '../i18n/index.js'
import { followInApp } from './navigation.js'
import { signoffPath } from '../routes.js'
import './signoff.css'

/** The link to the sign-off matrix, for the platform header. */
export function SignoffHeaderLink({ platformId }: { platformId: string }) {
  const { t } = useI18n()
  const here = location.pathname === signoffPath(platformId)
  return (
    <a className="signoff-header-link" href={signoffPath(platformId)} aria-current={here ? 'page' : undefined} onClick={followInApp}>
      {t('signoff.header.link')}
    </a>
  )
}
