import { useMemo } from 'react'
import type { DraftingSession } from '../../../shared/drafting.js'
import type { GovSnapshot } from '../../../shared/gov.js'
import type { Principal } from '../../../shared/policy.js'
import { useCan } from '../policy.js'
import { useI18n } from '../i18n/index.js'
import { sessionApi, useAction } from './model.js'
import { PersonLabel } from './parts.js'
import { OrgBadge } from '../badges.js'
import { SessionActionError } from './SessionActionError.js'
import { LineIcon } from '../icons.js'

interface Props {
  platformId: string
  session: DraftingSession
  gov: GovSnapshot
  principal: Principal | null
}

/** Raised hands in speaking order, the current speaker and "Call next" (raising one's hand is in the bar's top row: HandControl.tsx). */
export function SpeakingQueue({ platformId, session, gov, principal }: Props) {
  const { t } = useI18n()
  const action = useAction()
  const actions = useMemo(() => sessionApi(platformId, session.id), [platformId, session.id])
  const person = (id: string) => gov.people.find((p) => p.id === id) ?? null
  const org = (id: string | null) => (id ? (gov.organizations.find((o) => o.id === id) ?? null) : null)
  const me = principal?.personId ?? null
  const can = useCan(principal)
  const speaker = session.speaker
  const speakerOrg = speaker ? org(speaker.orgId) : null
  return (
    <div className="session-panel session-queue" role="group" aria-labelledby="session-queue-title">
      <h3 id="session-queue-title">
        {t('sessions.queue.title')} <span className="muted small">{t('sessions.queue.count', { count: session.queue.length })}</span>
        {session.progressive ? <span className="badge progressive-badge">{t('sessions.queue.progressive')}</span> : null}
      </h3>
      <p className="current-speaker" data-speaker-id={speaker?.personId ?? ''}>
        {speaker ? (
          <>
            <MicIcon /> {t('sessions.queue.speaker', { name: person(speaker.personId)?.name ?? t('refusal.someone') })}{' '}
            {speakerOrg ? <OrgBadge org={speakerOrg} /> : null}
          </>
        ) : (
          <span className="muted">{t('sessions.queue.noSpeaker')}</span>
        )}
      </p>
      {session.queue.length === 0 ? (
        <p className="muted small">{t('sessions.queue.empty')}</p>
      ) : (
        <ol className="queue-list">
          {session.queue.map((h) => (
            <li key={h.personId} data-person-id={h.personId}>
              <PersonLabel person={person(h.personId)} org={org(h.orgId)} you={h.personId === me} />
            </li>
          ))}
        </ol>
      )}
      <div className="queue-actions">
        {can('session.run') ? (
          <button type="button" className="primary" disabled={action.busy || session.queue.length === 0} onClick={() => void action.run(actions.callNext)}>
            {t('sessions.queue.callNext')}
          </button>
        ) : null}
      </div>
      <SessionActionError error={action.error} />
    </div>
  )
}

function MicIcon() {
  return (
    <LineIcon className="speaker-icon" size={16} strokeWidth={2.2}>
      <rect x="9" y="3" width="6" height="11" rx="3" />
      <path d="M5 11a7 7 0 0 0 14 0M12 18v3" />
    </LineIcon>
  )
}
