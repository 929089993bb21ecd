import { useId, useState } from 'react'
import type { AmendmentConflict, ConflictResolution, GovAmendment } from '../../../shared/amendments.js'
import type { AmendmentTarget } from '../../../shared/policy.js'
import { ApiError } from '../api.js'
import { FormError } from '../FormError.js'
import { useI18n, type MessageKey } from '../i18n/index.js'
import type { Can } from '../policy.js'
import { acceptAmendment, declineAmendment, endorseAmendment, unendorseAmendment, withdrawAmendment } from './api.js'
import { ConflictResolver } from './ConflictResolver.js'
import { amendmentErrorText } from './errors.js'

type ActionName = 'endorse' | 'unendorse' | 'withdraw' | 'decline' | 'accept'

type Progress = { kind: 'idle' } | { kind: 'working'; action: ActionName } | { kind: 'failed'; message: string } | { kind: 'done'; action: ActionName }

const DONE_KEYS: Record<ActionName, MessageKey> = {
  endorse: 'amendments.done.endorse',
  unendorse: 'amendments.done.unendorse',
  withdraw: 'amendments.done.withdraw',
  decline: 'amendments.done.decline',
  accept: 'amendments.done.accept',
}

/** What a 409 of the accept route carries when the merge needs choices. */
const conflictsOf = (error: unknown): AmendmentConflict[] | null => {
  if (!(error instanceof ApiError) || error.status !== 409) return null
  const conflicts = (error.body as { conflicts?: unknown } | null)?.conflicts
  return Array.isArray(conflicts) && conflicts.length > 0 ? (conflicts as AmendmentConflict[]) : null
}

interface Props {
  platformId: string
  amendment: GovAmendment
  target: AmendmentTarget
  can: Can
  orgName: string
  sectionOwner: string
  proposer: string
}

/**
 * The amendment's actions, each offered only when the policy table allows
 * it, each with its states: working, refused (with the server's reason),
 * done. Accepting may come back with conflicts: the resolver takes over.
 */
export function AmendmentActions({ platformId, amendment, target, can, orgName, sectionOwner, proposer }: Props) {
  const { t } = useI18n()
  const [progress, setProgress] = useState<Progress>({ kind: 'idle' })
  const [note, setNote] = useState('')
  const [conflicts, setConflicts] = useState<AmendmentConflict[] | null>(null)
  const [again, setAgain] = useState(false)
  const [confirmWithdraw, setConfirmWithdraw] = useState(false)
  const id = useId()
  const mayEndorse = can('amendment.endorse', target)
  const mayUnendorse = can('amendment.unendorse', target)
  const mayWithdraw = can('amendment.withdraw', target)
  const mayDecide = can('amendment.decide', target)
  const working = progress.kind === 'working'

  const run = async (action: ActionName, request: () => Promise<unknown>) => {
    setProgress({ kind: 'working', action })
    try {
      await request()
      setProgress({ kind: 'done', action })
      if (action === 'accept' || action === 'decline') setConflicts(null)
    } catch (error) {
      const found = action === 'accept' ? conflictsOf(error) : null
      if (found) {
        setAgain(conflicts !== null)
        setConflicts(found)
        setProgress({ kind: 'idle' })
        return
      }
      setProgress({ kind: 'failed', message: amendmentErrorText(t, error) })
    }
  }
  const accept = (resolutions?: Record<string, ConflictResolution>) =>
    run('accept', () => acceptAmendment(platformId, amendment.id, { ...(note.trim() ? { note: note.trim() } : {}), ...(resolutions ? { resolutions } : {}) }))

  if (!mayEndorse && !mayUnendorse && !mayWithdraw && !mayDecide && progress.kind === 'idle') return null
  return (
    <section className="amendment-actions" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`} className="visually-hidden">
        {t('amendments.actions')}
      </h2>
      {mayEndorse || mayUnendorse || mayWithdraw ? (
        <div className="form-actions">
          {mayEndorse ? (
            <button type="button" className="primary" disabled={working} onClick={() => void run('endorse', () => endorseAmendment(platformId, amendment.id))}>
              {progress.kind === 'working' && progress.action === 'endorse'
                ? t('amendments.action.endorsing')
                : t('amendments.action.endorse', { org: orgName })}
            </button>
          ) : null}
          {mayUnendorse ? (
            <button type="button" disabled={working} onClick={() => void run('unendorse', () => unendorseAmendment(platformId, amendment.id))}>
              {progress.kind === 'working' && progress.action === 'unendorse'
                ? t('amendments.action.working')
                : t('amendments.action.unendorse', { org: orgName })}
            </button>
          ) : null}
          {mayWithdraw && !confirmWithdraw ? (
            <button type="button" disabled={working} onClick={() => setConfirmWithdraw(true)}>
              {t('amendments.action.withdraw')}
            </button>
          ) : null}
          {mayWithdraw && confirmWithdraw ? (
            <span className="amendment-confirm" role="group" aria-label={t('amendments.action.withdrawConfirm')}>
              <span>{t('amendments.action.withdrawConfirm')}</span>{' '}
              <button
                type="button"
                className="danger"
                disabled={working}
                onClick={() => void run('withdraw', () => withdrawAmendment(platformId, amendment.id)).then(() => setConfirmWithdraw(false))}
              >
                {progress.kind === 'working' && progress.action === 'withdraw' ? t('amendments.action.working') : t('amendments.action.withdrawYes')}
              </button>{' '}
              <button type="button" disabled={working} onClick={() => setConfirmWithdraw(false)}>
                {t('amendments.action.withdrawNo')}
              </button>
            </span>
          ) : null}
        </div>
      ) : null}
      {mayDecide ? (
        <div className="amendment-decide">
          <label htmlFor={`${id}-note`}>{t('amendments.decide.note')}</label>
          <textarea id={`${id}-note`} rows={2} maxLength={5000} value={note} disabled={working} onChange={(e) => setNote(e.target.value)} />
          {conflicts === null ? (
            <div className="form-actions">
              <button type="button" className="primary" disabled={working} aria-busy={working} onClick={() => void accept()}>
                {progress.kind === 'working' && progress.action === 'accept' ? t('amendments.action.accepting') : t('amendments.action.accept')}
              </button>
              <button type="button" disabled={working} onClick={() => void run('decline', () => declineAmendment(platformId, amendment.id, note.trim()))}>
                {progress.kind === 'working' && progress.action === 'decline' ? t('amendments.action.working') : t('amendments.action.decline')}
              </button>
            </div>
          ) : null}
        </div>
      ) : null}
      {mayDecide && conflicts !== null ? (
        <ConflictResolver
          conflicts={conflicts}
          sectionOwner={sectionOwner}
          proposer={proposer}
          working={working}
          again={again}
          onAccept={(resolutions) => void accept(resolutions)}
          onCancel={() => setConflicts(null)}
        />
      ) : null}
      {progress.kind === 'failed' ? <FormError error={progress.message} /> : null}
      <p className="amendment-progress" role="status">
        {progress.kind === 'working' ? t('amendments.action.working') : progress.kind === 'done' ? t(DONE_KEYS[progress.action]) : ''}
      </p>
    </section>
  )
}
