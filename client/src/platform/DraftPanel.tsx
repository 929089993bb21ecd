import { useEffect, useId, useState } from 'react'
import type { GovOrganization } from '../../../shared/gov.js'
import { useI18n, type MessageKey } from '../i18n/index.js'
import type { DraftReason, RecoveredDraft } from './drafts.js'

const REASON_KEYS: Record<DraftReason, MessageKey> = {
  notOwner: 'draft.reason.notOwner',
  locked: 'draft.reason.locked',
  observer: 'draft.reason.observer',
  adopted: 'draft.reason.adopted',
  penHeld: 'draft.reason.penHeld',
  removed: 'draft.reason.removed',
  refused: 'draft.reason.refused',
}

/** Text the server refused, shown on its section until the person dismisses it. */
export function DraftPanel({
  draft,
  organizations,
  onDismiss,
  sectionTitle = null,
}: {
  draft: RecoveredDraft
  organizations: GovOrganization[]
  onDismiss: (draft: RecoveredDraft) => void
  sectionTitle?: string | null
}) {
  const { t, locale } = useI18n()
  const id = useId()
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null)
  useEffect(() => {
    if (copied === null) return
    const timer = setTimeout(() => setCopied(null), 4000)
    return () => clearTimeout(timer)
  }, [copied])
  const org = organizations.find((o) => o.id === draft.ownerOrgId)
  const reason = t(REASON_KEYS[draft.reason], { org: org?.name ?? t('section.unknownOrg') })
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(draft.text)
      setCopied('yes')
    } catch {
      setCopied('failed')
    }
  }
  return (
    <aside className="draft-panel" aria-labelledby={`${id}-title`} data-draft-section={draft.sectionId}>
      <h3 id={`${id}-title`} className="draft-title">
        {t('draft.title', { reason })}
      </h3>
      <p className="muted small">
        {sectionTitle ? `${sectionTitle} · ` : ''}
        {t('draft.savedAt', { date: new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(draft.savedAt)) })}
      </p>
      <pre className="draft-text" role="group" tabIndex={0} aria-label={t('draft.textLabel')}>
        {draft.text}
      </pre>
      <div className="actions">
        <button type="button" onClick={() => void copy()}>
          {t('draft.copy')}
        </button>
        <button type="button" onClick={() => onDismiss(draft)}>
          {t('draft.dismiss')}
        </button>
        <span role="status" className="copied">
          {copied === 'yes' ? t('common.copied') : copied === 'failed' ? t('common.copyFailed') : ''}
        </span>
      </div>
    </aside>
  )
}
