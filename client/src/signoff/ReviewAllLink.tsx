import type { Principal } from '../../../shared/policy.js'
import { useI18n } from '../i18n/index.js'
import type { Can } from '../policy.js'
import { reviewAllPath } from '../routes.js'
import { followInApp } from './navigation.js'

/**
 * Whether this person may review the platform in one pass: exactly those the
 * policy table lets record a sign-off for their own organization. The review
 * screen and every entry point ask this, so none of them decides on a role.
 */
export function canReviewAll(can: Can, principal: Principal | null): principal is Principal & { orgId: string } {
  return !!principal?.orgId && can('signoff.record', { orgId: principal.orgId })
}

/**
 * The way into the one-pass review, for board representatives only (nothing
 * for anyone else). Kept free of the review's own code: the platform page
 * shows it, and its first load must not grow by the review screen.
 */
export function ReviewAllLink({ platformId, can, principal, adopted }: { platformId: string; can: Can; principal: Principal | null; adopted: boolean }) {
  const { t } = useI18n()
  // An adopted platform is final: there is nothing left to sign off.
  if (adopted || !canReviewAll(can, principal)) return null
  return (
    <p className="review-all-link">
      <a href={reviewAllPath(platformId)} onClick={followInApp}>
        {t('reviewAll.link')}
      </a>
    </p>
  )
}
