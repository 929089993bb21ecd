import type { SectionStatus } from '../../../shared/signoff-rules.js'
import { useI18n, type MessageKey } from '../i18n/index.js'
import type { CellState } from './live.js'

const STATUS_KEYS: Record<SectionStatus | 'adopted', MessageKey> = {
  drafting: 'signoff.status.drafting',
  inReview: 'signoff.status.inReview',
  approved: 'signoff.status.approved',
  locked: 'signoff.status.locked',
  adopted: 'signoff.status.adopted',
}

/** A shape per status, so that status never rests on colour alone. */
const STATUS_ICONS: Record<SectionStatus | 'adopted', string> = {
  drafting: '✎',
  inReview: '◐',
  approved: '✓',
  locked: '■',
  adopted: '★',
}

export function StatusBadge({ status }: { status: SectionStatus | 'adopted' }) {
  const { t } = useI18n()
  return (
    <span className={`badge signoff-status signoff-status-${status}`} data-status={status}>
      <span aria-hidden="true" className="signoff-icon">
        {STATUS_ICONS[status]}
      </span>{' '}
      <span className="visually-hidden">{t('signoff.status.label')} </span>
      {t(STATUS_KEYS[status])}
    </span>
  )
}

const CELL_KEYS: Record<CellState, MessageKey> = {
  approved: 'signoff.cell.approved',
  stale: 'signoff.cell.stale',
  changes: 'signoff.cell.changes',
  staleChanges: 'signoff.cell.staleChanges',
  none: 'signoff.cell.none',
}

const CELL_ICONS: Record<CellState, string> = {
  approved: '✓',
  stale: '↻',
  changes: '✗',
  staleChanges: '✗',
  none: '–',
}

export function CellLabel({ state }: { state: CellState }) {
  const { t } = useI18n()
  return (
    <span className={`signoff-cell-label signoff-cell-${state}`}>
      <span aria-hidden="true" className="signoff-icon">
        {CELL_ICONS[state]}
      </span>{' '}
      {t(CELL_KEYS[state])}
    </span>
  )
}
