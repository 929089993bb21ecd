import { useMemo } from 'react'
import type { DraftingSession } from '../../../shared/drafting.js'
import type { Principal } from '../../../shared/policy.js'
import { useCan } from '../policy.js'
import { useI18n } from '../i18n/index.js'
import { sessionApi, useAction } from './model.js'
import { SessionActionError } from './SessionActionError.js'

interface Props {
  platformId: string
  session: DraftingSession
  principal: Principal | null
}

/**
 * Raise or lower my hand, and my place in the queue: in the bar's top row,
 * which stays in view while following. Only for those the policy table lets
 * speak (not the facilitator, who runs the queue).
 */
export function HandControl({ platformId, session, principal }: Props) {
  const { t } = useI18n()
  const action = useAction()
  const actions = useMemo(() => sessionApi(platformId, session.id), [platformId, session.id])
  const can = useCan(principal)
  if (!can('session.raiseHand')) return null
  const me = principal?.personId ?? null
  const myPlace = session.queue.findIndex((h) => h.personId === me)
  const raised = myPlace >= 0
  return (
    <div className="session-hand">
      <button type="button" className="hand-button" aria-pressed={raised} disabled={action.busy} onClick={() => void action.run(() => actions.hand(!raised))}>
        {raised ? t('sessions.queue.lower') : t('sessions.queue.raise')}
      </button>
      {raised ? <span className="small hand-place">{t('sessions.queue.position', { position: myPlace + 1 })}</span> : null}
      <SessionActionError error={action.error} />
    </div>
  )
}
