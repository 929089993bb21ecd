import type { AmendmentStatus } from '../../../shared/amendments.js'
import { useI18n, type MessageKey } from '../i18n/index.js'

const STATUS_KEYS: Record<AmendmentStatus, MessageKey> = {
  open: 'amendments.status.open',
  accepted: 'amendments.status.accepted',
  declined: 'amendments.status.declined',
  withdrawn: 'amendments.status.withdrawn',
}

/** A shape per status, so that it never rests on colour alone. */
const STATUS_ICONS: Record<AmendmentStatus, string> = { open: '○', accepted: '✓', declined: '✕', withdrawn: '↩' }

export function AmendmentStatusBadge({ status }: { status: AmendmentStatus }) {
  const { t } = useI18n()
  return (
    <span className={`badge amendment-status amendment-status-${status}`} data-status={status}>
      <span aria-hidden="true">{STATUS_ICONS[status]}</span> <span className="visually-hidden">{t('amendments.status.label')} </span>
      {t(STATUS_KEYS[status])}
    </span>
  )
}
