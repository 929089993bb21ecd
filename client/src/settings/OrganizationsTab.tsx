import { useId, useState, type FormEvent } from 'react'
import type { GovOrganization, GovSnapshot } from '../../../shared/gov.js'
import { api } from '../api.js'
import { useI18n } from '../i18n/index.js'
import { OrgBadge } from '../badges.js'
import { toHexColor } from '../colors.js'
import { ActionError, base, useAction } from './common.js'

interface OrgValues {
  name: string
  shortName: string
  color: string
}

function OrgFields({ values, onChange, idPrefix }: { values: OrgValues; onChange: (v: OrgValues) => void; idPrefix: string }) {
  const { t } = useI18n()
  return (
    <>
      <div className="field grow">
        <label htmlFor={`${idPrefix}-name`}>{t('settings.org.name')}</label>
        <input id={`${idPrefix}-name`} value={values.name} maxLength={200} onChange={(e) => onChange({ ...values, name: e.target.value })} />
      </div>
      <div className="field">
        <label htmlFor={`${idPrefix}-short`}>{t('settings.org.shortName')}</label>
        <input id={`${idPrefix}-short`} value={values.shortName} maxLength={20} size={8} onChange={(e) => onChange({ ...values, shortName: e.target.value })} />
      </div>
      <div className="field">
        <label htmlFor={`${idPrefix}-color`}>{t('settings.org.color')}</label>
        <input
          id={`${idPrefix}-color`}
          type="color"
          className="color-input"
          value={values.color}
          onChange={(e) => onChange({ ...values, color: e.target.value })}
        />
      </div>
    </>
  )
}

export function OrganizationsTab({ platformId, gov }: { platformId: string; gov: GovSnapshot }) {
  const { t } = useI18n()
  const id = useId()
  const [values, setValues] = useState<OrgValues>({ name: '', shortName: '', color: '#1d4ed8' })
  const add = useAction()
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const ok = await add.run(() =>
      api('POST', `${base(platformId)}/organizations`, { name: values.name.trim(), shortName: values.shortName.trim(), color: values.color }),
    )
    if (ok) setValues({ name: '', shortName: '', color: '#1d4ed8' })
  }
  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('settings.tab.organizations')}</h2>
      <p className="muted">{t('settings.org.intro')}</p>
      {gov.organizations.length === 0 ? <p className="empty">{t('settings.org.none')}</p> : null}
      <ul className="settings-list">
        {gov.organizations.map((o) => (
          <OrgRow key={o.id} platformId={platformId} org={o} />
        ))}
      </ul>
      <form className="card" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-add`}>
        <h3 id={`${id}-add`}>{t('settings.org.add')}</h3>
        <div className="inline-fields">
          <OrgFields values={values} onChange={setValues} idPrefix={`${id}-new`} />
          <button type="submit" className="primary" disabled={add.busy || !values.name.trim() || !values.shortName.trim()}>
            {t('settings.org.addButton')}
          </button>
        </div>
        <ActionError error={add.error} />
      </form>
    </section>
  )
}

function OrgRow({ platformId, org }: { platformId: string; org: GovOrganization }) {
  const { t } = useI18n()
  const id = useId()
  const [editing, setEditing] = useState<OrgValues | null>(null)
  const save = useAction()
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (!editing) return
    const ok = await save.run(() =>
      api('PATCH', `${base(platformId)}/organizations/${encodeURIComponent(org.id)}`, {
        name: editing.name.trim(),
        shortName: editing.shortName.trim(),
        color: editing.color,
      }),
    )
    if (ok) setEditing(null)
  }
  return (
    <li className="settings-row" data-org-id={org.id}>
      {editing ? (
        <form className="inline-fields" onSubmit={(e) => void submit(e)} aria-label={t('settings.org.editLabel', { name: org.name })}>
          <OrgFields values={editing} onChange={setEditing} idPrefix={id} />
          <div className="actions">
            <button type="submit" className="primary" disabled={save.busy}>
              {t('common.save')}
            </button>
            <button type="button" onClick={() => setEditing(null)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      ) : (
        <>
          <OrgBadge org={org} />
          <span className="row-main">{org.name}</span>
          <button
            type="button"
            onClick={() => setEditing({ name: org.name, shortName: org.shortName, color: toHexColor(org.color, org.id) })}
            aria-label={t('settings.org.editLabel', { name: org.name })}
          >
            {t('common.edit')}
          </button>
        </>
      )}
      <ActionError error={save.error} />
    </li>
  )
}
