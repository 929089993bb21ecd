import { useId, useState, type FormEvent } from 'react'
import type { GovOrganization } from '../../../shared/gov.js'
import { useI18n } from '../i18n/index.js'
import type { Identity } from '../identity.js'

interface Props {
  organizations: GovOrganization[]
  initial: Identity | null
  defaultName: string
  onSave: (identity: Identity) => void
  onCancel: (() => void) | null
}

export function IdentityForm({ organizations, initial, defaultName, onSave, onCancel }: Props) {
  const { t } = useI18n()
  const id = useId()
  const [name, setName] = useState(initial?.name ?? defaultName)
  const [orgId, setOrgId] = useState(initial?.orgId ?? '')
  const [error, setError] = useState<string | null>(null)
  const submit = (event: FormEvent) => {
    event.preventDefault()
    const trimmed = name.trim()
    if (!trimmed) return setError(t('identity.nameRequired'))
    if (!organizations.some((o) => o.id === orgId)) return setError(t('identity.orgRequired'))
    setError(null)
    onSave({ name: trimmed.slice(0, 80), orgId })
  }
  return (
    <form className="identity-form" onSubmit={submit} aria-labelledby={`${id}-title`} noValidate>
      <h2 id={`${id}-title`}>{t('identity.title')}</h2>
      <p className="muted">{t('identity.intro')}</p>
      <div className="fields">
        <div className="field">
          <label htmlFor={`${id}-name`}>{t('identity.name')}</label>
          <input
            id={`${id}-name`}
            name="name"
            autoComplete="name"
            value={name}
            maxLength={80}
            onChange={(e) => setName(e.target.value)}
            aria-invalid={error === t('identity.nameRequired')}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-org`}>{t('identity.org')}</label>
          <select id={`${id}-org`} name="org" value={orgId} onChange={(e) => setOrgId(e.target.value)}>
            <option value="">{t('identity.orgPlaceholder')}</option>
            {organizations.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </div>
        <div className="actions">
          <button type="submit" className="primary">
            {t('identity.save')}
          </button>
          {onCancel ? (
            <button type="button" onClick={onCancel}>
              {t('identity.cancel')}
            </button>
          ) : null}
        </div>
      </div>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
    </form>
  )
}
