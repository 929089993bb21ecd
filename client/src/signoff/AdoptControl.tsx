import { useId, useRef, useState } from 'react'
import type { GovSection } from '../../../shared/gov.js'
import { languageName } from '../../../shared/languages.js'
import { ApiError, api, enc, errorText } from '../api.js'
import { FormError } from '../FormError.js'
import { useI18n } from '../i18n/index.js'

export interface StaleTranslation {
  sectionId: string
  lang: string
}

/** The stale translations a 409 named, or null for any other answer. */
function staleOf(e: unknown): StaleTranslation[] | null {
  if (!(e instanceof ApiError) || e.code !== 'translations_stale') return null
  const list = (e.body as { error?: { staleTranslations?: unknown } } | null)?.error?.staleTranslations
  return Array.isArray(list) ? (list as StaleTranslation[]) : []
}

/**
 * Adopting, behind a confirmation. When translations are not up to date with
 * their primary text (issue 15), the page says so before anyone asks (from
 * the live document: `known`), and the server refuses and names them all the
 * same; the facilitator may adopt anyway, giving a reason the audit log keeps.
 */
export function AdoptControl({
  platformId,
  ready,
  sections,
  known,
  onAdopted,
}: {
  platformId: string
  ready: boolean
  sections: GovSection[]
  /** The stale translations as this page computes them (null until it knows). */
  known: StaleTranslation[] | null
  onAdopted: () => void
}) {
  const { t, locale } = useI18n()
  const id = useId()
  const dialogRef = useRef<HTMLDialogElement>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  // The server's list, once it refused (it decides; the page's may lag an edit behind), else the page's own.
  const [named, setNamed] = useState<StaleTranslation[] | null>(null)
  const stale = named ?? (known && known.length > 0 ? known : null)
  const [reason, setReason] = useState('')
  const title = (sectionId: string) => sections.find((s) => s.id === sectionId)?.title ?? t('section.unknown')
  const adopt = async () => {
    setBusy(true)
    setError(null)
    try {
      const waiver = stale && reason.trim() ? { waiveStaleTranslations: reason.trim() } : undefined
      await api('POST', `/api/platforms/${enc(platformId)}/adopt`, waiver)
      dialogRef.current?.close()
      onAdopted()
    } catch (e) {
      const refused = staleOf(e)
      if (refused) setNamed(refused)
      else setError(e instanceof ApiError && e.code === 'not_ready' ? t('signoff.adopt.notReady') : errorText(e))
    } finally {
      setBusy(false)
    }
  }
  const close = () => {
    dialogRef.current?.close()
    setNamed(null)
    setReason('')
  }
  return (
    <div className="signoff-adopt">
      <button
        type="button"
        className="signoff-adopt-button"
        disabled={!ready}
        aria-describedby={ready ? undefined : 'signoff-adopt-why'}
        onClick={() => dialogRef.current?.showModal()}
      >
        {t('signoff.adopt.button')}
      </button>
      {ready ? null : (
        <span id="signoff-adopt-why" className="hint">
          {' '}
          {t('signoff.adopt.notYet')}
        </span>
      )}
      {ready && stale ? <p className="hint signoff-stale-hint">{t('signoff.adopt.staleHint', { count: stale.length })}</p> : null}
      <dialog ref={dialogRef} className="signoff-dialog" aria-labelledby="signoff-adopt-title" aria-describedby="signoff-adopt-body">
        <h2 id="signoff-adopt-title">{t('signoff.adopt.confirmTitle')}</h2>
        <p id="signoff-adopt-body">{t('signoff.adopt.confirmBody')}</p>
        {stale ? (
          <div className="signoff-stale-translations" role="alert">
            <p>{t('signoff.adopt.staleTranslations', { count: stale.length })}</p>
            <ul>
              {stale.map((s) => (
                <li key={`${s.sectionId}:${s.lang}`}>
                  {t('signoff.adopt.staleTranslation', { section: title(s.sectionId), language: languageName(s.lang, locale) })}
                </li>
              ))}
            </ul>
            <label htmlFor={`${id}-reason`}>{t('signoff.adopt.waiverLabel')}</label>
            <textarea id={`${id}-reason`} rows={3} maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} />
          </div>
        ) : null}
        <FormError error={error} />
        <p className="signoff-actions">
          <button type="button" disabled={busy || (stale !== null && reason.trim() === '')} onClick={() => void adopt()}>
            {stale ? t('signoff.adopt.confirmWaiving') : t('signoff.adopt.confirm')}
          </button>
          <button type="button" className="link-button" onClick={close}>
            {t('signoff.adopt.cancel')}
          </button>
        </p>
      </dialog>
    </div>
  )
}
