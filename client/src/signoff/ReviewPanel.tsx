import { useEffect, useId, useRef, useState, type FormEvent } from 'react'
import type * as Y from 'yjs'
import { sectionVersionText } from '../../../shared/section-version.js'
import { errorText } from '../api.js'
import { useI18n } from '../i18n/index.js'
import './signoff.css'
import { useSectionText } from './live.js'
import { capture, DecisionError, NoteMissing, recordDecision, ReviewedTextOrConflict, type ReviewConflict, type Reviewed } from './reviewed-text.js'

/**
 * A board representative reviews the text as it was when they opened the
 * review, and records approve or request changes for their organization,
 * tied to the hash of exactly that text.
 */
export function ReviewPanel({
  doc,
  platformId,
  sectionId,
  sectionTitle,
  orgName,
  onClose,
  onRecorded,
}: {
  doc: Y.Doc
  platformId: string
  sectionId: string
  sectionTitle: string
  orgName: string
  onClose: () => void
  onRecorded: (decision: 'approve' | 'changes') => void
}) {
  const { t } = useI18n()
  const id = useId()
  const [reviewed, setReviewed] = useState<Reviewed>(() => capture(doc, sectionId))
  const [decision, setDecision] = useState<'approve' | 'changes'>('approve')
  const [note, setNote] = useState('')
  const [noteError, setNoteError] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [conflict, setConflict] = useState<ReviewConflict | null>(null)
  const live = useSectionText(doc, sectionId)
  const headingRef = useRef<HTMLHeadingElement>(null)
  const noteRef = useRef<HTMLTextAreaElement>(null)

  // biome-ignore lint/correctness/useExhaustiveDependencies: reviewed is the trigger: focus moves to the heading whenever a new text is put up for review
  useEffect(() => {
    headingRef.current?.focus()
  }, [reviewed])

  const reviewAgain = () => {
    setConflict(null)
    setError(null)
    setReviewed(capture(doc, sectionId))
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (decision === 'changes' && note.trim() === '') {
      setNoteError(true)
      noteRef.current?.focus()
      return
    }
    setBusy(true)
    setError(null)
    try {
      const result = await recordDecision(platformId, sectionId, reviewed, decision, note, () => sectionVersionText(doc, sectionId))
      if ('conflict' in result) setConflict(result.conflict)
      else onRecorded(decision)
    } catch (e) {
      setError(errorText(e))
    } finally {
      setBusy(false)
    }
  }

  const titleId = `${id}-title`
  return (
    <section className="signoff-review" aria-labelledby={titleId}>
      <h3 id={titleId} ref={headingRef} tabIndex={-1}>
        {t('signoff.review.title', { section: sectionTitle })}
      </h3>
      <p className="muted small">{t('signoff.review.intro', { org: orgName })}</p>

      <ReviewedTextOrConflict reviewed={reviewed} live={live} conflict={conflict} heading="h4" onReviewAgain={reviewAgain}>
        <form className="signoff-review-form" onSubmit={(e) => void submit(e)} noValidate>
          <fieldset>
            <legend>{t('signoff.review.decision', { org: orgName })}</legend>
            <label className="signoff-choice">
              <input type="radio" name={`${id}-decision`} value="approve" checked={decision === 'approve'} onChange={() => setDecision('approve')} />
              {t('signoff.review.approve')}
            </label>
            <label className="signoff-choice">
              <input type="radio" name={`${id}-decision`} value="changes" checked={decision === 'changes'} onChange={() => setDecision('changes')} />
              {t('signoff.review.changes')}
            </label>
          </fieldset>
          <div className="field">
            <label htmlFor={`${id}-note`}>{decision === 'changes' ? t('signoff.review.noteRequired') : t('signoff.review.noteOptional')}</label>
            <textarea
              id={`${id}-note`}
              ref={noteRef}
              rows={3}
              maxLength={5000}
              value={note}
              aria-invalid={noteError && decision === 'changes' ? true : undefined}
              aria-describedby={noteError && decision === 'changes' ? `${id}-note-error` : undefined}
              onChange={(e) => {
                setNote(e.target.value)
                if (e.target.value.trim()) setNoteError(false)
              }}
            />
            {noteError && decision === 'changes' ? <NoteMissing id={`${id}-note-error`} /> : null}
          </div>
          <DecisionError message={error} />
          <p className="signoff-actions">
            <button type="submit" disabled={busy}>
              {busy ? t('signoff.review.saving') : t('signoff.review.submit')}
            </button>
            <button type="button" className="link-button" onClick={onClose}>
              {t('signoff.review.cancel')}
            </button>
          </p>
        </form>
      </ReviewedTextOrConflict>
    </section>
  )
}
