import { useEffect, useId, useState } from 'react'
import type * as Y from 'yjs'
import type { GovOrganization, GovSection } from '../../../shared/gov.js'
import { useCan } from '../policy.js'
import { useI18n } from '../i18n/index.js'
import { useLazyPart } from '../shell/lazy-part.js'
import { diffPart, reviewPart } from '../platform/lazy-parts.js'
import { CellLabel, StatusBadge } from './labels.js'
import { REVIEW_SECTION_EVENT } from './approval-notices.js'
import { cellState, sectionSignoffState, useSectionHashes, useSignoffGov } from './live.js'
import './signoff.css'

const NO_IDS: string[] = []

/**
 * The sign-off strip of one section: its status, each organization's
 * standing (on demand), what changed since a stale approval, and for a
 * board representative the review that records their organization's decision.
 */
export function SectionSignoff({
  doc,
  platformId,
  section,
  organizations,
}: {
  doc: Y.Doc
  platformId: string
  section: GovSection
  organizations: GovOrganization[]
}) {
  const { t } = useI18n()
  const id = useId()
  const { platform, signoffs, me } = useSignoffGov(doc)
  const can = useCan(me)
  const [open, setOpen] = useState(false)
  const [reviewing, setReviewing] = useState(false)
  const [diffOrg, setDiffOrg] = useState<string | null>(null)
  /** The confirmation of this person's decision, shown while that decision still stands. */
  const [recorded, setRecorded] = useState<{ decision: 'approve' | 'changes'; text: string } | null>(null)
  const hasDecisions = [...signoffs.values()].some((s) => s.sectionId === section.id)
  // Hash only sections someone decided on: the others have nothing to compare.
  const hashes = useSectionHashes(doc, hasDecisions ? [section.id] : NO_IDS)
  // The review panel and the diff are fetched when first opened (or earlier, when the page is idle).
  const review = useLazyPart(reviewPart, reviewing)
  const diff = useLazyPart(diffPart, diffOrg !== null)
  const myOrgId = me?.orgId ?? null
  // The inbox's notice of a stale approval opens this section's review, with what changed since.
  useEffect(() => {
    const onReview = (e: Event) => {
      if ((e as CustomEvent<string>).detail !== section.id || !myOrgId) return
      setDiffOrg(myOrgId)
      setRecorded(null)
      setReviewing(true)
    }
    window.addEventListener(REVIEW_SECTION_EVENT, onReview)
    return () => window.removeEventListener(REVIEW_SECTION_EVENT, onReview)
  }, [section.id, myOrgId])
  if (!platform) return null
  const orgIds = organizations.map((o) => o.id)
  const { standings, approval, status } = sectionSignoffState(section, orgIds, signoffs, hashes[section.id], platform.approvalThreshold)
  const orgName = (orgId: string) => organizations.find((o) => o.id === orgId)?.name ?? t('section.unknownOrg')
  const mine = me?.orgId ? standings.find((s) => s.orgId === me.orgId) : undefined
  const canSign = !!me?.orgId && can('signoff.record', { orgId: me.orgId }) && !platform.adopted
  const mineStale = mine?.signoff && !mine.current ? mine.signoff : null
  const listId = `${id}-orgs`

  return (
    <div className="signoff-section" data-signoff-status={status}>
      <p className="signoff-line">
        <StatusBadge status={platform.adopted ? 'adopted' : status} />
        <span className="signoff-count">{t('signoff.section.count', { approvals: approval.approvals, needed: approval.needed })}</span>
        {mine ? (
          <span className="signoff-mine" data-cell={cellState(mine)}>
            {t('signoff.section.yourOrg')} <CellLabel state={cellState(mine)} />
          </span>
        ) : null}
        <button type="button" className="link-button" aria-expanded={open} aria-controls={listId} onClick={() => setOpen((o) => !o)}>
          {open ? t('signoff.section.hideDetails') : t('signoff.section.showDetails')}
        </button>
        {mineStale && me?.orgId ? (
          <button
            type="button"
            className="link-button"
            aria-expanded={diffOrg === me.orgId}
            onClick={() => setDiffOrg((d) => (d === me.orgId ? null : (me.orgId ?? null)))}
          >
            {t('signoff.section.showChanges')}
          </button>
        ) : null}
        {canSign && !reviewing ? (
          <button
            type="button"
            className="signoff-review-button"
            onClick={() => {
              setReviewing(true)
              setRecorded(null)
            }}
          >
            {t('signoff.section.review')}
          </button>
        ) : null}
      </p>
      {open ? (
        <ul id={listId} className="signoff-orgs">
          {standings.map((s) => {
            const state = cellState(s)
            return (
              <li key={s.orgId} data-org-id={s.orgId} data-cell={state}>
                <span className="signoff-org-name">{orgName(s.orgId)}</span>: <CellLabel state={state} />
                {s.signoff?.decision === 'changes' && s.signoff.note ? <q className="signoff-note">{s.signoff.note}</q> : null}
                {s.signoff && !s.current ? (
                  <>
                    {' '}
                    <button
                      type="button"
                      className="link-button"
                      aria-expanded={diffOrg === s.orgId}
                      onClick={() => setDiffOrg((d) => (d === s.orgId ? null : s.orgId))}
                    >
                      {t('signoff.section.showChangesFor', { org: orgName(s.orgId) })}
                    </button>
                  </>
                ) : null}
              </li>
            )
          })}
        </ul>
      ) : null}
      {diffOrg
        ? (() => {
            const standing = standings.find((s) => s.orgId === diffOrg)
            return standing?.signoff && !standing.current && diff ? (
              <diff.DecisionDiff
                doc={doc}
                platformId={platformId}
                sectionId={section.id}
                orgId={diffOrg}
                hash={standing.signoff.hash}
                orgName={orgName(diffOrg)}
              />
            ) : null
          })()
        : null}
      {reviewing && canSign && me?.orgId && review ? (
        <review.ReviewPanel
          doc={doc}
          platformId={platformId}
          sectionId={section.id}
          sectionTitle={section.title}
          orgName={orgName(me.orgId)}
          onClose={() => setReviewing(false)}
          onRecorded={(decision) => {
            setReviewing(false)
            setDiffOrg(null)
            setRecorded({ decision, text: decision === 'approve' ? t('signoff.section.recordedApprove') : t('signoff.section.recordedChanges') })
          }}
        />
      ) : null}
      <p className="signoff-message" role="status" aria-live="polite">
        {recorded && mine?.decision === recorded.decision && mine.current ? recorded.text : ''}
      </p>
    </div>
  )
}
