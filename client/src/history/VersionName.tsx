import { useEffect, useId, useState, type FormEvent } from 'react'
import type { VersionEntry } from '../../../shared/versions.js'
import { errorText } from '../api.js'
import { useI18n } from '../i18n/index.js'
import { nameVersion } from './api.js'

/**
 * A version's name: facilitators name it in place (a field and Save; an
 * empty name removes it), everyone else reads it. The server decides.
 */
export function VersionName({
  platformId,
  entry,
  canName,
  onNamed,
}: {
  platformId: string
  entry: VersionEntry
  canName: boolean
  onNamed: (entry: VersionEntry) => void
}) {
  const { t } = useI18n()
  const id = useId()
  const [value, setValue] = useState(entry.name ?? '')
  const [state, setState] = useState<{ kind: 'idle' | 'saving' | 'saved' | 'removed' } | { kind: 'error'; message: string }>({ kind: 'idle' })
  // The name as stored (saved here, or by another facilitator); the panel is remounted for another version.
  useEffect(() => {
    setValue(entry.name ?? '')
  }, [entry.name])
  if (!canName) {
    return entry.name ? (
      <p className="history-name">
        <span className="history-name-label">{t('history.nameLabel')}:</span> <span className="history-name-value">{entry.name}</span>
      </p>
    ) : null
  }
  const submit = (event: FormEvent) => {
    event.preventDefault()
    const name = value.trim() === '' ? null : value.trim()
    setState({ kind: 'saving' })
    nameVersion(platformId, entry.sectionId, entry.id, name).then(
      (named) => {
        onNamed(named)
        setState({ kind: named.name === null ? 'removed' : 'saved' })
      },
      (error: unknown) => setState({ kind: 'error', message: errorText(error) }),
    )
  }
  return (
    <form className="history-name-form inline-fields" onSubmit={submit}>
      <p className="field grow">
        <label htmlFor={`${id}-name`}>{t('history.name.label')}</label>
        <input
          id={`${id}-name`}
          type="text"
          maxLength={200}
          value={value}
          placeholder={t('history.name.placeholder')}
          onChange={(e) => setValue(e.target.value)}
          aria-describedby={`${id}-status`}
        />
      </p>
      <p>
        <button type="submit" disabled={state.kind === 'saving'}>
          {state.kind === 'saving' ? t('history.name.saving') : t('history.name.save')}
        </button>
      </p>
      <p id={`${id}-status`} className="history-name-status" role="status">
        {state.kind === 'saved' ? t('history.name.saved') : state.kind === 'removed' ? t('history.name.removed') : ''}
      </p>
      {state.kind === 'error' ? (
        <p className="form-error" role="alert">
          {t('history.name.failed', { message: state.message })}
        </p>
      ) : null}
    </form>
  )
}
