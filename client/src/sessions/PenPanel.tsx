import { useMemo, useState } from 'react'
import type { AgendaItem, DraftingSession } from '../../../shared/drafting.js'
import type { GovSnapshot } from '../../../shared/gov.js'
import { can as canBy, type Principal } from '../../../shared/policy.js'
import { useCan } from '../policy.js'
import { useI18n } from '../i18n/index.js'
import { sessionApi, useAction } from './model.js'
import { SessionActionError } from './SessionActionError.js'

interface Props {
  platformId: string
  session: DraftingSession
  gov: GovSnapshot
  principal: Principal | null
  item: AgendaItem | null
}

/** Who holds the current section's pen; the facilitator hands it to a named person or takes it back. */
export function PenPanel({ platformId, session, gov, principal, item }: Props) {
  const { t } = useI18n()
  const action = useAction()
  const can = useCan(principal)
  const actions = useMemo(() => sessionApi(platformId, session.id), [platformId, session.id])
  const [chosen, setChosen] = useState('')
  const pen = session.pen
  const holder = pen ? gov.people.find((p) => p.id === pen.personId) : undefined
  const sectionTitle = pen ? (gov.sections.find((s) => s.id === pen.sectionId)?.title ?? '') : ''
  const onSection = item?.kind === 'section' && item.sectionId !== null
  const candidates = gov.people.filter((p) => canBy({ personId: p.id, role: p.role, orgId: p.orgId }, 'pen.hold'))
  const orgName = (orgId: string | null) => gov.organizations.find((o) => o.id === orgId)?.shortName ?? null
  return (
    <div className="session-pen" role="group" aria-labelledby="session-pen-title">
      <h3 id="session-pen-title">{t('sessions.pen.title')}</h3>
      <p className="pen-status" data-pen-holder={pen?.personId ?? ''}>
        {pen
          ? pen.personId === principal?.personId
            ? t('sessions.pen.you')
            : t('sessions.pen.holder', { name: holder?.name ?? t('refusal.someone'), section: sectionTitle })
          : onSection
            ? t('sessions.pen.nobody')
            : t('sessions.pen.noSection')}
      </p>
      {can('pen.hand') && onSection ? (
        <form
          className="pen-form"
          onSubmit={(e) => {
            e.preventDefault()
            if (chosen) void action.run(() => actions.pen(chosen))
          }}
        >
          <label htmlFor="pen-person">{t('sessions.pen.choose')}</label>
          <select id="pen-person" value={chosen} onChange={(e) => setChosen(e.target.value)}>
            <option value="">{t('sessions.pen.choosePlaceholder')}</option>
            {candidates.map((p) => (
              <option key={p.id} value={p.id}>
                {orgName(p.orgId) ? `${p.name} (${orgName(p.orgId)})` : p.name}
              </option>
            ))}
          </select>
          <button type="submit" disabled={action.busy || !chosen}>
            {t('sessions.pen.hand')}
          </button>
          {pen ? (
            <button type="button" disabled={action.busy} onClick={() => void action.run(() => actions.pen(null))}>
              {t('sessions.pen.takeBack')}
            </button>
          ) : null}
        </form>
      ) : null}
      <SessionActionError error={action.error} />
    </div>
  )
}
