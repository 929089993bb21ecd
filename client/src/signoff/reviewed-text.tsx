import type { ReactNode } from 'react'
import type * as Y from 'yjs'
import { sectionVersionHash, sectionVersionText } from '../../../shared/section-version.js'
import { useI18n } from '../i18n/index.js'
import { DiffView } from './DiffView.js'

/** The text on screen, and the hash of that same moment: what a decision is recorded for. */
export interface Reviewed {
  text: string
  hash: Promise<string>
}

/** What the person has in front of them: read synchronously, hashed from that same moment. */
export function capture(doc: Y.Doc, sectionId: string): Reviewed {
  // sectionVersionHash reads every language before its first await: text and hash describe the same moment.
  const hash = sectionVersionHash(doc, sectionId)
  return { text: sectionVersionText(doc, sectionId), hash }
}

/** The text is no longer the one under review: what changed, and a way to review the new text. */
export function TextChangedBanner({
  role,
  before,
  after,
  onReviewAgain,
  children,
}: {
  role: 'alert' | 'status'
  before: string
  after: string
  onReviewAgain: () => void
  children: ReactNode
}) {
  const { t } = useI18n()
  return (
    <div className="banner banner-warning" role={role}>
      <p>{children}</p>
      <DiffView before={before} after={after} label={t('signoff.review.conflictDiff')} />
      <p>
        <button type="button" onClick={onReviewAgain}>
          {t('signoff.review.again')}
        </button>
      </p>
    </div>
  )
}

/** The text under review, one paragraph per line, under its subtitle (h3 or h4: where the review sits in the page). */
export function ReviewedText({ text, heading: Heading, className }: { text: string; heading: 'h3' | 'h4'; className?: string }) {
  const { t } = useI18n()
  return (
    <>
      <Heading className="signoff-review-subtitle">{t('signoff.review.textTitle')}</Heading>
      <div className={className ? `signoff-reviewed-text ${className}` : 'signoff-reviewed-text'}>
        {text === '' ? <p className="muted">{t('signoff.review.emptyText')}</p> : text.split('\n').map((line, i) => <p key={i}>{line}</p>)}
      </div>
    </>
  )
}
