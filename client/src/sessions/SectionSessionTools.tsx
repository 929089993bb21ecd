import type * as Y from 'yjs'
import type { Principal } from '../../../shared/policy.js'
import { useCan } from '../policy.js'
import { govPeople } from '../../../shared/gov.js'
import { useI18n } from '../i18n/index.js'
import { runningSession, sessionApi, useAction, useSessions } from './model.js'
import './sessions.css'
import { SessionActionError } from './SessionActionError.js'

interface Props {
  sectionId: string
  title: string
  doc: Y.Doc
  platformId: string
  principal: Principal | null
}

/**
 * A section's part in the running session: who holds its pen, whether the
 * room is here, and the facilitator's "Bring everyone here".
 */
export function SectionSessionTools({ sectionId, title, doc, platformId, principal }: Props) {
  const { t } = useI18n()
  const runs = useCan(principal)('session.run')
  const session = runningSession(useSessions(doc))
  const action = useAction()
  if (!session) return null
  const pen = session.pen?.sectionId === sectionId ? session.pen : null
  const holder = pen ? (govPeople(doc)?.get(pen.personId)?.name ?? t('refusal.someone')) : null
  const roomHere = session.follow.sectionId === sectionId
  if (!runs && !pen && !roomHere) return null
  return (
    <span className="section-session-tools">
      {holder ? <span className="badge pen-badge">{t('sessions.pen.badge', { name: holder })}</span> : null}
      {roomHere ? <span className="badge room-here-badge">{t('sessions.follow.here')}</span> : null}
      {runs ? (
        <button
          type="button"
          className="bring-here"
          disabled={action.busy}
          onClick={() => void action.run(() => sessionApi(platformId, session.id).follow(sectionId))}
        >
          {t('sessions.follow.bring')}
          <span className="visually-hidden">{t('sessions.follow.bringLabel', { title })}</span>
        </button>
      ) : null}
      <SessionActionError error={action.error} inline />
    </span>
  )
}
