import { useEffect, useId, useState, type FormEvent } from 'react'
import type { GovSection, GovSnapshot } from '../../../shared/gov.js'
import { languageName } from '../../../shared/languages.js'
import { api } from '../api.js'
import { LockIcon } from '../badges.js'
import { useI18n } from '../i18n/index.js'
import { ActionError, OrgSelect, base, useAction, useDateFormat } from './common.js'
import { ImportSections } from '../import/ImportPanel.js'

export function SectionsTab({ platformId, gov }: { platformId: string; gov: GovSnapshot }) {
  const { t, locale, formatList } = useI18n()
  const others = gov.platform?.languages.others ?? []
  const id = useId()
  const date = useDateFormat()
  const [title, setTitle] = useState('')
  const [owner, setOwner] = useState<string | null>(null)
  const add = useAction()
  const order = useAction()
  const restore = useAction()
  const sectionsUrl = `${base(platformId)}/sections`

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (!title.trim()) return
    const ok = await add.run(() => api('POST', sectionsUrl, { title: title.trim(), ownerOrgId: owner }))
    if (ok) setTitle('')
  }
  const move = (index: number, delta: number) => {
    const ids = gov.sections.map((s) => s.id)
    const target = index + delta
    if (target < 0 || target >= ids.length) return
    const [moved] = ids.splice(index, 1)
    if (moved === undefined) return
    ids.splice(target, 0, moved)
    void order
      .run(() => api('PUT', `${sectionsUrl}/order`, { sectionIds: ids }))
      .then(() => {
        // Keep focus on the same button of the moved row.
        requestAnimationFrame(() => document.getElementById(`move-${delta < 0 ? 'up' : 'down'}-${moved}`)?.focus())
      })
  }

  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('settings.tab.sections')}</h2>
      <p className="muted">{t('settings.sections.intro')}</p>
      {others.length > 0 ? (
        <p className="muted">{t('settings.sections.titlesIntro', { languages: formatList(others.map((lang) => languageName(lang, locale))) })}</p>
      ) : null}
      <ActionError error={order.error} />
      <ol className="settings-list sections-list">
        {gov.sections.map((s, i) => (
          <SectionRow
            key={s.id}
            platformId={platformId}
            gov={gov}
            section={s}
            others={others}
            first={i === 0}
            last={i === gov.sections.length - 1}
            onMove={(delta) => move(i, delta)}
          />
        ))}
      </ol>
      <form className="card" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-add`}>
        <h3 id={`${id}-add`}>{t('settings.sections.add')}</h3>
        <div className="inline-fields">
          <div className="field grow">
            <label htmlFor={`${id}-new-title`}>{t('settings.sections.titleLabel')}</label>
            <input id={`${id}-new-title`} value={title} maxLength={200} onChange={(e) => setTitle(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-new-owner`}>{t('settings.sections.owner')}</label>
            <OrgSelect id={`${id}-new-owner`} value={owner} onChange={setOwner} organizations={gov.organizations} noneLabel={t('section.open')} />
          </div>
          <button type="submit" className="primary" disabled={add.busy || !title.trim()}>
            {t('settings.sections.addButton')}
          </button>
        </div>
        <ActionError error={add.error} />
      </form>
      <ImportSections platformId={platformId} />
      <h3>{t('settings.sections.removed')}</h3>
      <ActionError error={restore.error} />
      {gov.removedSections.length === 0 ? <p className="empty">{t('settings.sections.noneRemoved')}</p> : null}
      <ul className="settings-list removed-list">
        {gov.removedSections.map((r) => (
          <li key={r.id} className="settings-row" data-section-id={r.id}>
            <span className="row-main">{r.title}</span>
            <span className="muted small">{t('settings.sections.removedAt', { date: date(r.removedAt) })}</span>
            <button
              type="button"
              aria-label={t('settings.sections.restoreLabel', { title: r.title })}
              onClick={() => void restore.run(() => api('POST', `${sectionsUrl}/${encodeURIComponent(r.id)}/restore`))}
            >
              {t('settings.sections.restore')}
            </button>
          </li>
        ))}
      </ul>
    </section>
  )
}

function SectionRow({
  platformId,
  gov,
  section,
  others,
  first,
  last,
  onMove,
}: {
  platformId: string
  gov: GovSnapshot
  section: GovSection
  /** The platform's translations: a title field for each. */
  others: string[]
  first: boolean
  last: boolean
  onMove: (delta: number) => void
}) {
  const { t } = useI18n()
  const id = useId()
  const action = useAction()
  const [renaming, setRenaming] = useState<string | null>(null)
  const [confirming, setConfirming] = useState(false)
  const url = `${base(platformId)}/sections/${encodeURIComponent(section.id)}`
  const patch = (body: { title?: string; ownerOrgId?: string | null; locked?: boolean }) => action.run(() => api('PATCH', url, body))
  const rename = async (event: FormEvent) => {
    event.preventDefault()
    if (renaming === null || !renaming.trim()) return
    if (await patch({ title: renaming.trim() })) setRenaming(null)
  }
  return (
    <li className="settings-row section-row" data-section-id={section.id}>
      {renaming !== null ? (
        <form className="inline-fields grow" onSubmit={(e) => void rename(e)}>
          <label htmlFor={`${id}-title`} className="visually-hidden">
            {t('settings.sections.renameLabel', { title: section.title })}
          </label>
          {/* biome-ignore lint/a11y/noAutofocus: the field opens on the person's own click on Rename, so focus follows it */}
          <input id={`${id}-title`} className="grow" value={renaming} maxLength={200} autoFocus onChange={(e) => setRenaming(e.target.value)} />
          <button type="submit" className="primary" disabled={action.busy}>
            {t('common.save')}
          </button>
          <button type="button" onClick={() => setRenaming(null)}>
            {t('common.cancel')}
          </button>
        </form>
      ) : (
        <>
          <span className="row-main section-title">{section.title}</span>
          <button type="button" onClick={() => setRenaming(section.title)} aria-label={t('settings.sections.renameLabel', { title: section.title })}>
            {t('settings.sections.rename')}
          </button>
        </>
      )}
      <span className="row-controls">
        <OrgSelect
          value={section.ownerOrgId}
          organizations={gov.organizations}
          noneLabel={t('section.open')}
          label={t('settings.sections.ownerOf', { title: section.title })}
          onChange={(ownerOrgId) => void patch({ ownerOrgId })}
        />
        <label className={section.locked ? 'lock-toggle locked' : 'lock-toggle'}>
          <input
            type="checkbox"
            checked={section.locked}
            aria-label={t('settings.sections.lockLabel', { title: section.title })}
            onChange={(e) => void patch({ locked: e.target.checked })}
          />
          {section.locked ? <LockIcon /> : null}
          {t('settings.sections.locked')}
        </label>
        <button
          type="button"
          id={`move-up-${section.id}`}
          disabled={first}
          aria-label={t('settings.sections.moveUp', { title: section.title })}
          onClick={() => onMove(-1)}
        >
          ↑
        </button>
        <button
          type="button"
          id={`move-down-${section.id}`}
          disabled={last}
          aria-label={t('settings.sections.moveDown', { title: section.title })}
          onClick={() => onMove(1)}
        >
          ↓
        </button>
        {confirming ? (
          <span className="confirm">
            <button type="button" className="danger" onClick={() => void action.run(() => api('DELETE', url))}>
              {t('settings.sections.confirmRemove', { title: section.title })}
            </button>{' '}
            <button type="button" onClick={() => setConfirming(false)}>
              {t('common.cancel')}
            </button>
          </span>
        ) : (
          <button type="button" aria-label={t('settings.sections.removeLabel', { title: section.title })} onClick={() => setConfirming(true)}>
            {t('settings.sections.remove')}
          </button>
        )}
      </span>
      {others.length > 0 ? (
        <div className="inline-fields section-row-titles">
          {others.map((lang) => (
            <TranslatedTitle key={lang} url={url} section={section} lang={lang} />
          ))}
        </div>
      ) : null}
      <ActionError error={action.error} />
    </li>
  )
}

/** The section's title in one translation (issue 15): saved empty, readers in that language see the primary title. */
function TranslatedTitle({ url, section, lang }: { url: string; section: GovSection; lang: string }) {
  const { t, locale } = useI18n()
  const id = useId()
  const action = useAction()
  const saved = section.titles?.[lang] ?? ''
  const [value, setValue] = useState(saved)
  // Someone else's change (or this one, back through gov) shows in the field.
  useEffect(() => setValue(saved), [saved])
  const language = languageName(lang, locale)
  const submit = (event: FormEvent) => {
    event.preventDefault()
    void action.run(() => api('PATCH', url, { titles: { [lang]: value.trim() } }))
  }
  return (
    <form className="field grow" onSubmit={submit} data-lang={lang}>
      <label htmlFor={`${id}-title`}>{t('settings.sections.titleIn', { language })}</label>
      <span className="inline-fields">
        <input
          id={`${id}-title`}
          className="grow"
          lang={lang}
          value={value}
          maxLength={200}
          placeholder={section.title}
          aria-label={t('settings.sections.titleInLabel', { language, title: section.title })}
          onChange={(e) => setValue(e.target.value)}
        />
        <button
          type="submit"
          disabled={action.busy || value.trim() === saved}
          aria-label={t('settings.sections.saveTitleIn', { language, title: section.title })}
        >
          {t('common.save')}
        </button>
      </span>
      <ActionError error={action.error} />
    </form>
  )
}
