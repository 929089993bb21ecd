import { useEffect, useId, useState, type FormEvent } from 'react'
import { languageName } from '../../../shared/languages.js'
import type { VersionComparison, VersionEntry } from '../../../shared/versions.js'
import { errorText } from '../api.js'
import { useI18n } from '../i18n/index.js'
import { DiffParts } from '../signoff/DiffView.js'
import { compareVersions } from './api.js'
import { useFormatWhen } from './when.js'
import '../signoff/signoff.css'

const NOW = 'now'

/**
 * Compares the version shown with another one, or with the text now: the
 * older of the two is always "from", so what was written since reads as added.
 */
export function CompareView({
  platformId,
  sectionId,
  entry,
  entries,
}: {
  platformId: string
  sectionId: string
  entry: VersionEntry
  entries: readonly VersionEntry[]
}) {
  const { t, locale } = useI18n()
  const id = useId()
  const formatWhen = useFormatWhen()
  const [other, setOther] = useState<string>(NOW)
  const [state, setState] = useState<
    { kind: 'idle' } | { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'done'; result: VersionComparison; label: string }
  >({ kind: 'idle' })
  // Another version shown: its comparison starts over.
  // biome-ignore lint/correctness/useExhaustiveDependencies: entry.id is the trigger
  useEffect(() => {
    setState({ kind: 'idle' })
    setOther(NOW)
  }, [entry.id])
  const others = entries.filter((e) => e.id !== entry.id)
  const optionLabel = (e: VersionEntry) => (e.name ? `${formatWhen(e.at)} — ${e.name}` : formatWhen(e.at))

  const submit = (event: FormEvent) => {
    event.preventDefault()
    const picked = other === NOW ? null : (entries.find((e) => e.id === other) ?? null)
    // The older first: entries are newest first, so the later index is the older one.
    const pickedOlder = picked !== null && entries.indexOf(picked) > entries.indexOf(entry)
    const from = pickedOlder && picked ? picked : entry
    const to = picked === null ? null : pickedOlder ? entry : picked
    const label = t('history.compare.label', { from: formatWhen(from.at), to: to === null ? t('history.compare.nowLabel') : formatWhen(to.at) })
    setState({ kind: 'loading' })
    compareVersions(platformId, sectionId, from.id, to?.id ?? null).then(
      (result) => setState({ kind: 'done', result, label }),
      (error: unknown) => setState({ kind: 'error', message: errorText(error) }),
    )
  }

  return (
    <section className="history-compare" aria-labelledby={`${id}-title`}>
      <h4 id={`${id}-title`}>{t('history.compare.title')}</h4>
      <form className="inline-fields" onSubmit={submit}>
        <p className="field grow">
          <label htmlFor={`${id}-with`}>{t('history.compare.with')}</label>
          <select id={`${id}-with`} value={other} onChange={(e) => setOther(e.target.value)}>
            <option value={NOW}>{t('history.compare.now')}</option>
            {others.map((e) => (
              <option key={e.id} value={e.id}>
                {optionLabel(e)}
              </option>
            ))}
          </select>
        </p>
        <p>
          <button type="submit" disabled={state.kind === 'loading'}>
            {t('history.compare.button')}
          </button>
        </p>
      </form>
      <div aria-live="polite">
        {state.kind === 'loading' ? (
          <p className="loading" role="status">
            {t('history.compare.loading')}
          </p>
        ) : null}
        {state.kind === 'error' ? (
          <p className="form-error" role="alert">
            {t('history.compare.failed', { message: state.message })}
          </p>
        ) : null}
        {state.kind === 'done'
          ? state.result.languages.map((l) => (
              <DiffParts
                key={l.lang}
                lang={l.lang}
                className="history-diff"
                parts={l.parts}
                same={l.parts.every((p) => p.kind === 'same')}
                label={state.result.languages.length > 1 ? `${state.label} (${languageName(l.lang, locale)})` : state.label}
              />
            ))
          : null}
      </div>
    </section>
  )
}
