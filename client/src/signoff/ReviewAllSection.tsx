import { useCallback, useEffect, useId, useRef, useState, type RefObject } from 'react'
import type * as Y from 'yjs'
import type { GovSignoff } from '../../../shared/gov.js'
import type { SectionStatus } from '../../../shared/signoff-rules.js'
import { errorText } from '../api.js'
import { useI18n } from '../i18n/index.js'
import { DiffView, fetchHistory } from './DiffView.js'
import { CellLabel, StatusBadge } from './labels.js'
import { useSectionText, type CellState } from './live.js'
import { capture, DecisionError, NoteMissing, recordDecision, ReviewedTextOrConflict, type ReviewConflict, type Reviewed } from './reviewed-text.js'

/** One section of the one-pass review (ReviewAll.tsx): its text as decided on, its standing, the decision. */
export type Decision = 'approve' | 'changes'

/** What the keyboard shortcuts reach in the section on screen. */
export interface SectionActions {
  approve: () => void
  focusComment: () => void
}

/**
 * One section under review: the text captured when it came on screen (what
 * a decision is recorded for, by its hash), this organization's standing,
 * what changed since its earlier decision, and the decision itself.
 */
export function SectionReview({
  doc,
  platformId,
  sectionId,
  title,
  status,
  mine,
  mineSignoff,
  orgName,
  adopted,
  focusOnMount,
  actions,
  onRecorded,
}: {
  doc: Y.Doc
  platformId: string
  sectionId: string
  title: string
  status: SectionStatus | 'adopted'
  mine: CellState
  mineSignoff: GovSignoff | null
  orgName: string
  adopted: boolean
  focusOnMount: boolean
  actions: RefObject<SectionActions | null>
  onRecorded: (sectionId: string, decision: Decision, hash: string) => void
}) {
  const { t } = useI18n()
  const id = useId()
  const [reviewed, setReviewed] = useState<Reviewed>(() => capture(doc, sectionId))
  const [note, setNote] = useState('')
  const [noteError, setNoteError] = useState(false)
  const [busy, setBusy] = useState(false)
  const busyRef = useRef(false)
  const [error, setError] = useState<string | null>(null)
  const [conflict, setConflict] = useState<ReviewConflict | null>(null)
  const liveText = useSectionText(doc, sectionId)
  const headingRef = useRef<HTMLHeadingElement>(null)
  const noteRef = useRef<HTMLTextAreaElement>(null)

  // Each move brings the section's heading into focus (not the first section: the page's own focus stays put).
  // biome-ignore lint/correctness/useExhaustiveDependencies: mount only; a new section is a new component (keyed)
  useEffect(() => {
    if (focusOnMount) headingRef.current?.focus()
  }, [])

  const reviewAgain = () => {
    setConflict(null)
    setError(null)
    setReviewed(capture(doc, sectionId))
    headingRef.current?.focus()
  }

  const decide = useCallback(
    async (decision: Decision) => {
      if (busyRef.current || adopted || conflict) return
      if (decision === 'changes' && note.trim() === '') {
        setNoteError(true)
        noteRef.current?.focus()
        return
      }
      busyRef.current = true
      setBusy(true)
      setError(null)
      try {
        const result = await recordDecision(platformId, sectionId, reviewed, decision, note, () => liveText)
        if ('conflict' in result) setConflict(result.conflict)
        else {
          setNote('')
          onRecorded(sectionId, decision, result.hash)
        }
      } catch (e) {
        setError(errorText(e))
      } finally {
        busyRef.current = false
        setBusy(false)
      }
    },
    [adopted, conflict, note, reviewed, platformId, sectionId, onRecorded, liveText],
  )

  useEffect(() => {
    actions.current = { approve: () => void decide('approve'), focusComment: () => noteRef.current?.focus() }
    return () => {
      actions.current = null
    }
  }, [actions, decide])

  const stale = mine === 'stale' || mine === 'staleChanges'
  const titleId = `${id}-title`
  const noteInvalid = noteError && note.trim() === ''
  return (
    <article className="review-all-section card" aria-labelledby={titleId} data-section-id={sectionId} data-cell={mine}>
      <h2 id={titleId} ref={headingRef} tabIndex={-1}>
        {title}
      </h2>
      <p className="signoff-line">
        <StatusBadge status={status} />
        <span className="signoff-mine" data-cell={mine}>
          {t('signoff.section.yourOrg')} <CellLabel state={mine} />
        </span>
        {mineSignoff?.decision === 'changes' && mineSignoff.note ? <q className="signoff-note">{mineSignoff.note}</q> : null}
      </p>
      {stale && mineSignoff ? (
        <SinceDecision platformId={platformId} sectionId={sectionId} signoff={mineSignoff} orgName={orgName} now={reviewed.text} />
      ) : null}
      <ReviewedTextOrConflict reviewed={reviewed} live={liveText} conflict={conflict} heading="h3" className="review-all-text" onReviewAgain={reviewAgain}>
        {adopted ? null : (
          <form
            className="signoff-review-form"
            noValidate
            onSubmit={(e) => {
              e.preventDefault()
              void decide('approve')
            }}
          >
            <fieldset>
              <legend>{t('signoff.review.decision', { org: orgName })}</legend>
              <div className="field">
                <label htmlFor={`${id}-note`}>{t('reviewAll.comment')}</label>
                <textarea
                  id={`${id}-note`}
                  ref={noteRef}
                  rows={3}
                  maxLength={5000}
                  value={note}
                  aria-keyshortcuts="C"
                  aria-invalid={noteInvalid ? true : undefined}
                  aria-describedby={noteInvalid ? `${id}-note-error` : undefined}
                  onChange={(e) => setNote(e.target.value)}
                />
                {noteInvalid ? <NoteMissing id={`${id}-note-error`} /> : null}
              </div>
              <DecisionError message={error} />
              <p className="signoff-actions">
                <button type="submit" className="primary" aria-keyshortcuts="A" aria-disabled={busy ? true : undefined}>
                  {busy ? t('signoff.review.saving') : t('reviewAll.approve')}
                </button>
                <button type="button" aria-disabled={busy ? true : undefined} onClick={() => void decide('changes')}>
                  {t('reviewAll.requestChanges')}
                </button>
              </p>
            </fieldset>
          </form>
        )}
      </ReviewedTextOrConflict>
    </article>
  )
}

/** What changed since this organization's earlier decision, up to the text now under review. */
function SinceDecision({
  platformId,
  sectionId,
  signoff,
  orgName,
  now,
}: {
  platformId: string
  sectionId: string
  signoff: GovSignoff
  orgName: string
  now: string
}) {
  const { t } = useI18n()
  const [snapshot, setSnapshot] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    let alive = true
    fetchHistory(platformId, sectionId)
      .then((history) => {
        const found = history.decisions.find((d) => d.orgId === signoff.orgId && d.hash === signoff.hash)
        if (alive) setSnapshot(found?.snapshotText ?? '')
      })
      .catch((e: unknown) => {
        if (alive) setError(errorText(e))
      })
    return () => {
      alive = false
    }
  }, [platformId, sectionId, signoff.orgId, signoff.hash])
  if (error !== null)
    return (
      <p className="form-error" role="alert">
        {t('signoff.diff.error', { message: error })}
      </p>
    )
  if (snapshot === null) return <p className="loading">{t('signoff.diff.loading')}</p>
  return <DiffView before={snapshot} after={now} label={t('signoff.diff.sinceDecision', { org: orgName })} />
}
