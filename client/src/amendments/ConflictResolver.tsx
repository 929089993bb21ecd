import { useEffect, useId, useRef, useState } from 'react'
import type { AmendmentConflict, ConflictResolution } from '../../../shared/amendments.js'
import { useI18n } from '../i18n/index.js'

type Choice = { kind: 'section' } | { kind: 'amendment' } | { kind: 'own'; text: string }

interface Props {
  conflicts: AmendmentConflict[]
  /** The proposing organization and the section's owner, for the columns' captions. */
  sectionOwner: string
  proposer: string
  working: boolean
  /** The server found other conflicts than those chosen for (the text changed again meanwhile). */
  again: boolean
  onAccept: (resolutions: Record<string, ConflictResolution>) => void
  onCancel: () => void
}

/**
 * Where the section and the amendment both changed the same words since the
 * amendment's base: each conflict side by side (before both, the section's
 * words, the amendment's words) with a choice for it, as a merge tool does.
 * Nothing is applied until every conflict has its choice and Accept is pressed.
 */
export function ConflictResolver({ conflicts, sectionOwner, proposer, working, again, onAccept, onCancel }: Props) {
  const { t } = useI18n()
  const [choices, setChoices] = useState<Record<string, Choice>>({})
  const heading = useRef<HTMLHeadingElement>(null)
  const id = useId()
  // biome-ignore lint/correctness/useExhaustiveDependencies: focus moves to the resolver when a new set of conflicts arrives
  useEffect(() => {
    heading.current?.focus()
  }, [conflicts])
  const missing = conflicts.filter((c) => {
    const choice = choices[c.id]
    return !choice || (choice.kind === 'own' && choice.text.trim() === '')
  }).length
  const choose = (conflictId: string, choice: Choice) => setChoices((current) => ({ ...current, [conflictId]: choice }))
  const submit = () => {
    const resolutions: Record<string, ConflictResolution> = {}
    for (const c of conflicts) {
      const choice = choices[c.id]
      if (!choice) return
      resolutions[c.id] = choice.kind === 'own' ? choice.text : choice.kind
    }
    onAccept(resolutions)
  }
  return (
    <section className="conflict-resolver" aria-labelledby={`${id}-h`} data-conflicts={conflicts.length}>
      <h2 id={`${id}-h`} ref={heading} tabIndex={-1}>
        {t('amendments.conflicts.title')}
      </h2>
      <p>{t(again ? 'amendments.conflicts.again' : 'amendments.conflicts.intro', { count: conflicts.length })}</p>
      {conflicts.map((c, i) => {
        const choice = choices[c.id]
        const name = `${id}-c${i}`
        return (
          <fieldset key={c.id} className="conflict" data-conflict-id={c.id}>
            <legend>{t('amendments.conflicts.legend', { n: i + 1, m: conflicts.length })}</legend>
            <div className="conflict-texts">
              <ConflictText label={t('amendments.conflicts.base')} text={c.base} kind="base" />
              <ConflictText label={t('amendments.conflicts.section', { org: sectionOwner })} text={c.section} kind="section" />
              <ConflictText label={t('amendments.conflicts.amendment', { org: proposer })} text={c.amendment} kind="amendment" />
            </div>
            <div className="conflict-choices">
              <label>
                <input type="radio" name={name} checked={choice?.kind === 'section'} onChange={() => choose(c.id, { kind: 'section' })} />{' '}
                {t('amendments.conflicts.keepSection')}
              </label>
              <label>
                <input type="radio" name={name} checked={choice?.kind === 'amendment'} onChange={() => choose(c.id, { kind: 'amendment' })} />{' '}
                {t('amendments.conflicts.takeAmendment')}
              </label>
              <label>
                <input
                  type="radio"
                  name={name}
                  checked={choice?.kind === 'own'}
                  onChange={() => choose(c.id, { kind: 'own', text: choice?.kind === 'own' ? choice.text : c.amendment })}
                />{' '}
                {t('amendments.conflicts.writeOwn')}
              </label>
              {choice?.kind === 'own' ? (
                <>
                  <label htmlFor={`${name}-own`} className="visually-hidden">
                    {t('amendments.conflicts.ownLabel', { n: i + 1 })}
                  </label>
                  <textarea
                    id={`${name}-own`}
                    rows={3}
                    maxLength={20_000}
                    value={choice.text}
                    onChange={(e) => choose(c.id, { kind: 'own', text: e.target.value })}
                  />
                </>
              ) : null}
            </div>
          </fieldset>
        )
      })}
      <div className="form-actions">
        <button type="button" className="primary" disabled={working || missing > 0} aria-busy={working} onClick={submit}>
          {working ? t('amendments.action.accepting') : t('amendments.conflicts.accept')}
        </button>
        <button type="button" disabled={working} onClick={onCancel}>
          {t('amendments.conflicts.cancel')}
        </button>
        {missing > 0 ? (
          <span className="muted small" role="status">
            {t('amendments.conflicts.missing', { count: missing })}
          </span>
        ) : null}
      </div>
    </section>
  )
}

function ConflictText({ label, text, kind }: { label: string; text: string; kind: 'base' | 'section' | 'amendment' }) {
  const { t } = useI18n()
  return (
    <figure className={`conflict-text conflict-${kind}`} data-kind={kind}>
      <figcaption>{label}</figcaption>
      <p>{text === '' ? <span className="muted">{t('amendments.conflicts.nothing')}</span> : text}</p>
    </figure>
  )
}
