import { useMemo, type ReactNode } from 'react'
import { POLL_VALUES, pollResultsByOrg, type DraftingSession, type GovPoll } from '../../../shared/drafting.js'
import type { GovSnapshot } from '../../../shared/gov.js'
import type { Principal } from '../../../shared/policy.js'
import { useCan } from '../policy.js'
import { useI18n } from '../i18n/index.js'
import { OrgBadge } from '../badges.js'
import { sessionApi, useAction } from './model.js'
import { pollValueLabel } from './parts.js'
import { SessionActionError } from './SessionActionError.js'

interface Props {
  platformId: string
  session: DraftingSession
  gov: GovSnapshot
  principal: Principal | null
}

/** The current item's open checks (answer, count, close), for the bar's top row. */
export function OpenPolls({ platformId, session, gov, principal }: Props) {
  const actions = useMemo(() => sessionApi(platformId, session.id), [platformId, session.id])
  const open = openPollsOf(session)
  if (open.length === 0) return null
  return (
    <>
      {open.map((poll) => (
        <OpenPoll key={poll.id} poll={poll} gov={gov} principal={principal} actions={actions} />
      ))}
    </>
  )
}

/** The current item's open checks, for the projector: the question and live counts. */
export function openPollsOf(session: DraftingSession): GovPoll[] {
  return session.polls.filter((p) => p.closedAt === null && p.item === session.currentItem)
}

function OpenPoll({ poll, gov, principal, actions }: { poll: GovPoll; gov: GovSnapshot; principal: Principal | null; actions: ReturnType<typeof sessionApi> }) {
  const { t, locale } = useI18n()
  const action = useAction()
  const can = useCan(principal)
  const mine = principal ? poll.answers[principal.personId]?.value : undefined
  const canAnswer = can('poll.answer')
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
      {can('session.run') ? (
        <button type="button" disabled={action.busy} onClick={() => void action.run(() => actions.closePoll(poll.id))}>
          {t('sessions.poll.close')}
        </button>
      ) : null}
      <SessionActionError error={action.error} />
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
