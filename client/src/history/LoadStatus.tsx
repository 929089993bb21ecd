import { useI18n } from '../i18n/index.js'
import type { VersionsLoad } from './use-versions.js'

/** A timeline's loading, error (with Try again) and empty states: the section's and the platform's say them alike. */
export function LoadStatus({ load, reload }: { load: VersionsLoad; reload: () => void }) {
  const { t } = useI18n()
  if (load.kind === 'loading') {
    return (
      <p className="loading" role="status">
        {t('history.loading')}
      </p>
    )
  }
  if (load.kind === 'error') {
    return (
      <div className="banner banner-error" role="alert">
        <p>{t('history.loadFailed', { message: load.message })}</p>
        <button type="button" onClick={reload}>
          {t('history.retry')}
        </button>
      </div>
    )
  }
  return load.versions.length === 0 ? <p className="history-empty">{t('history.empty')}</p> : null
}
