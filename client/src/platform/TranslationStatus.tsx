import { useId, useState } from 'react'
import type * as Y from 'yjs'
import type { GovSection } from '../../../shared/gov.js'
import { languageName } from '../../../shared/languages.js'
import { ApiError, api, enc, errorText } from '../api.js'
import { FormError } from '../FormError.js'
import { useI18n } from '../i18n/index.js'
import { useLazyPart } from '../shell/lazy-part.js'
import { diffPart } from './lazy-parts.js'
import { usePrimaryHashes } from './primary-hash.js'

interface Changes {
  reviewedText: string | null
  text: string
}

/**
 * One translation's state beside the section (issue 15): up to date with the
 * primary text, or stale since the primary changed, with what changed in it
 * (a word-level difference against the text last reviewed) and, for those
 * who may write the section, a way to mark it up to date.
 */
export function TranslationStatus({
  doc,
  platformId,
  section,
  lang,
  primary,
  canReview,
}: {
  doc: Y.Doc
  platformId: string
  section: GovSection
  lang: string
  primary: string
  canReview: boolean
}) {
  const { t, locale } = useI18n()
  const id = useId()
  const hash = usePrimaryHashes(doc, [section.id])[section.id] ?? null
  const review = section.translations?.[lang] ?? null
  const [changes, setChanges] = useState<Changes | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [announce, setAnnounce] = useState('')
  // The difference view's code arrives when first asked for (a chunk of its own, preloaded when idle).
  const diff = useLazyPart(diffPart, changes !== null)
  const names = { language: languageName(lang, locale), primary: languageName(primary, locale) }
  // Until the primary is hashed, nothing is claimed.
  if (hash === null) return null
  const stale = review?.upToDateWith !== hash
  const base = `/api/platforms/${enc(platformId)}/sections/${enc(section.id)}/translations/${enc(lang)}`

  const toggleChanges = async () => {
    if (changes) return setChanges(null)
    setError(null)
    try {
      setChanges(await api<Changes>('GET', base))
    } catch (e) {
      setError(errorText(e))
    }
  }
  const markUpToDate = async () => {
    setBusy(true)
    setError(null)
    try {
      await api('POST', `${base}/up-to-date`, { hash })
      setChanges(null)
      setAnnounce(t('translation.marked', names))
    } catch (e) {
      setError(e instanceof ApiError && e.code === 'stale_hash' ? t('translation.changedMeanwhile', names) : errorText(e))
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className="translation-status" data-lang={lang} data-stale={stale ? 'true' : 'false'}>
      <p className={stale ? 'translation-stale' : 'translation-current'}>
        {stale ? t(review ? 'translation.stale' : 'translation.never', names) : t('translation.upToDate', names)}
        {stale ? (
          <>
            {' '}
            <button type="button" className="link-button" aria-expanded={changes !== null} aria-controls={`${id}-changes`} onClick={() => void toggleChanges()}>
              {changes ? t('translation.hideChanges') : t('translation.showChanges', names)}
            </button>
          </>
        ) : null}
        {stale && canReview ? (
          <>
            {' '}
            <button type="button" className="small-button" disabled={busy} onClick={() => void markUpToDate()}>
              {t('translation.markUpToDate', names)}
            </button>
          </>
        ) : null}
      </p>
      <div id={`${id}-changes`}>
        {changes ? (
          changes.reviewedText === null ? (
            <p className="muted small">{t('translation.noEarlier', names)}</p>
          ) : diff ? (
            <diff.DiffView before={changes.reviewedText} after={changes.text} label={t('translation.changesTitle', names)} />
          ) : null
        ) : null}
      </div>
      <FormError error={error} />
      <p className="visually-hidden" role="status">
        {announce}
      </p>
    </div>
  )
}
