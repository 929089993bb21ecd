import { useI18n } from '../i18n/index.js'
import { historyPath } from '../routes.js'
import { followInApp } from '../signoff/navigation.js'

/**
 * The ways into the history view, for every reader: a section's "History"
 * (named with the section's title for screen readers) and the platform's
 * timeline. Free of the view's own code: the platform page shows them, and
 * its first load must not grow by the history screen.
 */
export function SectionHistoryLink({ platformId, sectionId, title }: { platformId: string; sectionId: string; title: string }) {
  const { t } = useI18n()
  return (
    <a className="section-history-link" href={historyPath(platformId, sectionId)} aria-label={t('history.linkLabel', { title })} onClick={followInApp}>
      {t('history.link')}
    </a>
  )
}

/** Inline, beside the outline's section count: on a phone every line above the first section's text counts. */
export function PlatformHistoryLink({ platformId }: { platformId: string }) {
  const { t } = useI18n()
  return (
    <a className="platform-history-link" href={historyPath(platformId)} onClick={followInApp}>
      {t('history.platformLink')}
    </a>
  )
}
