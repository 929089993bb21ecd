import { useId, useState, type FormEvent } from 'react'
import type { GovSnapshot } from '../../../shared/gov.js'
import { DEFAULT_LANGUAGES, languageName, MAX_OTHER_LANGUAGES, OFFERED_LANGUAGES } from '../../../shared/languages.js'
import { api } from '../api.js'
import { useI18n } from '../i18n/index.js'
import { ActionError, base, useAction } from './common.js'

/**
 * The platform's languages (issue 15): one primary, up to three translations.
 * The primary is fixed while translations exist (their texts follow it).
 */
export function LanguagesTab({ platformId, gov }: { platformId: string; gov: GovSnapshot }) {
  const { t, locale } = useI18n()
  const id = useId()
  const current = gov.platform?.languages ?? DEFAULT_LANGUAGES
  const [primary, setPrimary] = useState(current.primary)
  const [others, setOthers] = useState<string[]>(current.others)
  const [saved, setSaved] = useState('')
  const save = useAction()
  const named = (lang: string) => languageName(lang, locale)
  // Offered languages, with any the platform already has (set through the API) kept in the list.
  const offered = [...new Set([...OFFERED_LANGUAGES, current.primary, ...current.others])]
  const primaryLocked = current.others.length > 0
  const tooMany = others.length > MAX_OTHER_LANGUAGES

  const toggle = (lang: string, on: boolean) => {
    setSaved('')
    setOthers((list) => (on ? [...list, lang] : list.filter((l) => l !== lang)))
  }
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (tooMany) return
    const ok = await save.run(() => api('PATCH', base(platformId), { languages: { primary, others: others.filter((l) => l !== primary) } }))
    if (ok) setSaved(t('settings.languages.saved'))
  }

  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('settings.tab.languages')}</h2>
      <p className="muted">{t('settings.languages.intro')}</p>
      <form className="card languages-form" onSubmit={(e) => void submit(e)}>
        <div className="field">
          <label htmlFor={`${id}-primary`}>{t('settings.languages.primary')}</label>
          <select
            id={`${id}-primary`}
            value={primary}
            disabled={primaryLocked}
            aria-describedby={primaryLocked ? `${id}-primary-locked` : undefined}
            onChange={(e) => {
              setSaved('')
              setPrimary(e.target.value)
            }}
          >
            {offered.map((lang) => (
              <option key={lang} value={lang}>
                {named(lang)}
              </option>
            ))}
          </select>
          {primaryLocked ? (
            <p id={`${id}-primary-locked`} className="hint">
              {t('settings.languages.primaryLocked')}
            </p>
          ) : null}
        </div>
        <fieldset className="languages-others">
          <legend>{t('settings.languages.others', { max: MAX_OTHER_LANGUAGES })}</legend>
          {offered
            .filter((lang) => lang !== primary)
            .map((lang) => (
              <label key={lang} className="checkbox-row">
                <input type="checkbox" checked={others.includes(lang)} onChange={(e) => toggle(lang, e.target.checked)} /> {named(lang)}
              </label>
            ))}
        </fieldset>
        {tooMany ? (
          <p className="form-error" role="alert">
            {t('settings.languages.tooMany', { max: MAX_OTHER_LANGUAGES })}
          </p>
        ) : null}
        <p>
          <button type="submit" className="primary" disabled={save.busy || tooMany}>
            {t('settings.languages.save')}
          </button>{' '}
          <span role="status">{saved}</span>
        </p>
        <ActionError error={save.error} />
      </form>
    </section>
  )
}
