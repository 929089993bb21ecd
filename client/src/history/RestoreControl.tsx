import { useState } from 'react'
import type { SectionTarget } from '../../../shared/policy.js'
import type { VersionEntry } from '../../../shared/versions.js'
import { ApiError, errorText } from '../api.js'
import { useI18n } from '../i18n/index.js'
import type { Can } from '../policy.js'
import { ConfirmDialog } from '../shell/ConfirmDialog.js'
import { restoreVersion } from './api.js'
import { useFormatWhen } from './when.js'

/**
 * Restoring the version shown, for whoever the policy table lets write the
 * section now (the server decides again): a confirmation that says what a
 * restore does, then the new edit. Why it cannot be restored is said for a
 * locked section, an adopted platform, another organization's section or a
 * held pen; an observer sees nothing. A refusal shows the server's message.
 */
export function RestoreControl({
  platformId,
  entry,
  target,
  can,
  ownerName,
  isCurrent,
  onRestored,
}: {
  platformId: string
  entry: VersionEntry
  target: SectionTarget
  can: Can
  ownerName: string
  /** The version's text is the text now: nothing to restore. */
  isCurrent: boolean
  /** The new version the restore kept, and the time of the one brought back (the page announces it). */
  onRestored: (versionId: string, restoredAt: string) => void
}) {
  const { t } = useI18n()
  const formatWhen = useFormatWhen()
  const [confirming, setConfirming] = useState(false)
  const [state, setState] = useState<{ kind: 'idle' | 'working' } | { kind: 'error'; message: string; code: string }>({ kind: 'idle' })
  const why = can.why('version.restore', target)
  const status = (
    <p className="history-restore-status" role="status">
      {state.kind === 'working' ? t('history.restore.working') : ''}
    </p>
  )
  const refusal =
    state.kind === 'error' ? (
      <p className="form-error history-refused" role="alert" data-code={state.code}>
        {t('history.restore.failed', { message: state.message })}
      </p>
    ) : null
  if (why !== null) {
    const note =
      why === 'locked'
        ? t('history.restore.locked')
        : why === 'adopted'
          ? t('history.restore.adopted')
          : why === 'notOwner'
            ? t('history.restore.notOwner', { org: ownerName })
            : why === 'penHeld'
              ? t('history.restore.penHeld')
              : null
    return (
      <div className="history-restore">
        {note ? (
          <p className="history-restore-refusal" data-refusal={why}>
            {note}
          </p>
        ) : null}
        {refusal}
        {status}
      </div>
    )
  }
  const restore = () => {
    setConfirming(false)
    setState({ kind: 'working' })
    restoreVersion(platformId, entry.sectionId, entry.id).then(
      (result) => {
        setState({ kind: 'idle' })
        onRestored(result.versionId, entry.at)
      },
      (error: unknown) => setState({ kind: 'error', message: errorText(error), code: error instanceof ApiError ? error.code : 'network' }),
    )
  }
  return (
    <div className="history-restore">
      {isCurrent ? (
        <p className="muted">{t('history.restore.current')}</p>
      ) : (
        <button type="button" className="primary" disabled={state.kind === 'working'} onClick={() => setConfirming(true)}>
          {t('history.restore.button')}
        </button>
      )}
      {confirming ? (
        <ConfirmDialog
          message={t('history.restore.confirm', { time: formatWhen(entry.at) })}
          confirmLabel={t('history.restore.confirmButton')}
          onConfirm={restore}
          onCancel={() => setConfirming(false)}
        />
      ) : null}
      {refusal}
      {status}
    </div>
  )
}
