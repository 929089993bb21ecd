import { useMemo, useState, type ReactNode } from 'react'
import { POLL_VALUES, pollResultsByOrg, type GovDraftingSession, type GovPoll, type PollKind } from '../../../shared/drafting.js'
import type { GovSnapshot } from '../../../shared/gov.js'
import type { Principal } from '../../../shared/permissions.js'
import { useI18n } from '../i18n/index.js'
import { OrgBadge } from '../badges.js'
import { formatWhen, sessionApi, useAction } from './model.js'
import { pollValueLabel } from './parts.js'

interface Props {
  platformId: string
  session: GovDraftingSession
  gov: GovSnapshot
  principal: Principal | null
}

/** Temperature checks of the current item: open (facilitator), answer (delegates, board reps), results by organization. */
export function PollsPanel({ platformId, session, gov, principal }: Props) {
  const { t, locale } = useI18n()
  const action = useAction()
  const actions = useMemo(() => sessionApi(platformId, session.id), [platformId, session.id])
  const [kind, setKind] = useState<PollKind>('consent')
  const [question, setQuestion] = useState('')
  const isFacilitator = principal?.role === 'facilitator'
  const open = session.polls.filter((p) => p.closedAt === null && p.item === session.currentItem)
  const closed = session.polls.filter((p) => p.closedAt !== null).sort((a, b) => (b.closedAt ?? 0) - (a.closedAt ?? 0))
  const openPoll = () =>
    void action.run(async () => {
      await actions.openPoll(kind, question.trim() || t('sessions.poll.defaultQuestion'))
      setQuestion('')
    })
  return (
    <div className="session-panel session-polls" aria-labelledby="session-polls-title">
      <h3 id="session-polls-title">{t('sessions.poll.title')}</h3>
      {open.length === 0 ? <p className="muted small">{t('sessions.poll.none')}</p> : null}
      {open.map((poll) => (
        <OpenPoll key={poll.id} poll={poll} gov={gov} principal={principal} actions={actions} />
      ))}
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
          <input id="poll-question" type="text" value={question} maxLength={500} placeholder={t('sessions.poll.defaultQuestion')} onChange={(e) => setQuestion(e.target.value)} />
          <button type="submit" disabled={action.busy}>
            {t('sessions.poll.open')}
          </button>
        </form>
      ) : null}
      {action.error ? (
        <p className="form-error" role="alert">
          {t('sessions.bar.actionFailed', { message: action.error })}
        </p>
      ) : null}
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

function OpenPoll({ poll, gov, principal, actions }: { poll: GovPoll; gov: GovSnapshot; principal: Principal | null; actions: ReturnType<typeof sessionApi> }) {
  const { t, locale } = useI18n()
  const action = useAction()
  const mine = principal ? poll.answers[principal.personId]?.value : undefined
  const canAnswer = principal?.role === 'delegate' || principal?.role === 'boardRep'
  const count = Object.keys(poll.answers).length
  return (
    <div className="open-poll" data-poll-id={poll.id}>
      {canAnswer ? (
        <fieldset className="poll-answer">
          <legend>
            <span className="poll-question">{poll.question}</span> — {t('sessions.poll.answerPrompt')}
          </legend>
          <div className="poll-options">
            {POLL_VALUES[poll.kind].map((value) => (
              <button
                key={value}
                type="button"
                className={`poll-option poll-${poll.kind}-${value}`}
                aria-pressed={mine === value}
                disabled={action.busy}
                onClick={() => void action.run(() => actions.answer(poll.id, value))}
              >
                {mine === value ? <span aria-hidden="true">✓ </span> : null}
                {pollValueLabel(poll.kind, value, t, locale)}
              </button>
            ))}
          </div>
          {mine ? <p className="small">{t('sessions.poll.yourAnswer', { value: pollValueLabel(poll.kind, mine, t, locale) })}</p> : null}
        </fieldset>
      ) : (
        <p className="poll-question">{poll.question}</p>
      )}
      <p className="small muted">{t('sessions.poll.answers', { count })}</p>
      <PollResults poll={poll} gov={gov} />
      {principal?.role === 'facilitator' ? (
        <button type="button" disabled={action.busy} onClick={() => void action.run(() => actions.closePoll(poll.id))}>
          {t('sessions.poll.close')}
        </button>
      ) : null}
      {action.error ? (
        <p className="form-error" role="alert">
          {t('sessions.bar.actionFailed', { message: action.error })}
        </p>
      ) : null}
    </div>
  )
}

/** Counts per organization and answer, in numbers (never colour alone). */
export function PollResults({ poll, gov }: { poll: GovPoll; gov: GovSnapshot }) {
  const { t, locale } = useI18n()
  const results = pollResultsByOrg(poll)
  const values = POLL_VALUES[poll.kind]
  const n = new Intl.NumberFormat(locale)
  const rows: Array<{ key: string; label: ReactNode }> = gov.organizations.map((o) => ({ key: o.id, label: <OrgBadge org={o} /> }))
  if (results['']) rows.push({ key: '', label: t('sessions.poll.noOrg') })
  const totals = values.map((v) => Object.values(results).reduce((sum, row) => sum + (row[v] ?? 0), 0))
  return (
    <table className="poll-results">
      <caption>{t('sessions.poll.results', { question: poll.question })}</caption>
      <thead>
        <tr>
          <th scope="col">{t('sessions.poll.org')}</th>
          {values.map((v) => (
            <th scope="col" key={v}>
              {pollValueLabel(poll.kind, v, t, locale)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key} data-org-id={row.key}>
            <th scope="row">{row.label}</th>
            {values.map((v) => {
              const c = results[row.key]?.[v] ?? 0
              return (
                <td key={v} data-value={v} className={c > 0 ? `has-answers poll-cell-${v}` : undefined}>
                  {n.format(c)}
                </td>
              )
            })}
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">{t('sessions.poll.total')}</th>
          {totals.map((c, i) => (
            <td key={values[i]}>{n.format(c)}</td>
          ))}
        </tr>
      </tfoot>
    </table>
  )
}
