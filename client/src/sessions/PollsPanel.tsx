import { useMemo, useState } from 'react'
import type { DraftingSession, PollKind } from '../../../shared/drafting.js'
import type { GovSnapshot } from '../../../shared/gov.js'
import type { Principal } from '../../../shared/policy.js'
import { useCan } from '../policy.js'
import { useI18n } from '../i18n/index.js'
import { formatWhen, sessionApi, useAction } from './model.js'
import { SessionActionError } from './SessionActionError.js'
import { openPollsOf, PollResults } from './OpenPolls.js'

interface Props {
  platformId: string
  session: DraftingSession
  gov: GovSnapshot
  principal: Principal | null
}

/** Temperature checks of the current item: opening one (facilitator) and the closed ones; the open one is OpenPoll, in the bar's top row. */
export function PollsPanel({ platformId, session, gov, principal }: Props) {
  const { t, locale } = useI18n()
  const action = useAction()
  const actions = useMemo(() => sessionApi(platformId, session.id), [platformId, session.id])
  const [kind, setKind] = useState<PollKind>('consent')
  const [question, setQuestion] = useState('')
  const isFacilitator = useCan(principal)('session.run')
  const open = openPollsOf(session)
  const closed = session.polls.filter((p) => p.closedAt !== null).sort((a, b) => (b.closedAt ?? 0) - (a.closedAt ?? 0))
  const openPoll = () =>
    void action.run(async () => {
      await actions.openPoll(kind, question.trim() || t('sessions.poll.defaultQuestion'))
      setQuestion('')
    })
  return (
    <div className="session-panel session-polls" role="group" aria-labelledby="session-polls-title">
      <h3 id="session-polls-title">{t('sessions.poll.title')}</h3>
      {/* An open check is shown in the bar's top row (OpenPoll), which stays in view. */}
      {open.length === 0 ? <p className="muted small">{t('sessions.poll.none')}</p> : <p className="muted small">{t('sessions.poll.openAbove')}</p>}
      {isFacilitator ? (
        <form
          className="poll-form"
          onSubmit={(e) => {
            e.preventDefault()
            openPoll()
          }}
        >
          <label htmlFor="poll-kind">{t('sessions.poll.kind')}</label>
          <select id="poll-kind" value={kind} onChange={(e) => setKind(e.target.value as PollKind)}>
            <option value="consent">{t('sessions.poll.kind.consent')}</option>
            <option value="fist">{t('sessions.poll.kind.fist')}</option>
          </select>
          <label htmlFor="poll-question">{t('sessions.poll.question')}</label>
          <input
            id="poll-question"
            type="text"
            value={question}
            maxLength={500}
            placeholder={t('sessions.poll.defaultQuestion')}
            onChange={(e) => setQuestion(e.target.value)}
          />
          <button type="submit" disabled={action.busy}>
            {t('sessions.poll.open')}
          </button>
        </form>
      ) : null}
      <SessionActionError error={action.error} />
      {closed.length > 0 ? (
        <details className="closed-polls">
          <summary>{t('sessions.poll.closedList', { count: closed.length })}</summary>
          {closed.map((poll) => (
            <div key={poll.id} className="closed-poll" data-poll-id={poll.id}>
              <PollResults poll={poll} gov={gov} />
              <p className="small muted">{t('sessions.poll.closedAt', { when: formatWhen(poll.closedAt ?? 0, locale) })}</p>
            </div>
          ))}
        </details>
      ) : null}
    </div>
  )
}
