import { useEffect, useId, useState, type ReactNode } from 'react'
import { languageName } from '../../../shared/languages.js'
import type { VersionDetail, VersionEntry } from '../../../shared/versions.js'
import { errorText } from '../api.js'
import { useI18n } from '../i18n/index.js'
import { fetchVersion } from './api.js'
import { AuthorLegend, AuthorshipText } from './AuthorshipText.js'
import { ChangedBy, ReasonText, type Members } from './labels.js'
import { VersionText } from './VersionText.js'
import { useFormatWhen } from './when.js'

/**
 * One version: when and why it was kept, who changed the text, its text in
 * every language (or coloured by who wrote it), and the controls the page
 * passes in (name, restore, compare).
 */
export function VersionPanel({
  platformId,
  entry,
  entries,
  members,
  primaryLang,
  controls,
  after,
}: {
  platformId: string
  entry: VersionEntry
  entries: readonly VersionEntry[]
  members: Members
  primaryLang: string
  /** Above the text: naming and restoring. */
  controls: ReactNode
  /** Below it: comparing. */
  after: ReactNode
}) {
  const { t, locale } = useI18n()
  const id = useId()
  const formatWhen = useFormatWhen()
  const [byAuthor, setByAuthor] = useState(false)
  const [load, setLoad] = useState<{ kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; detail: VersionDetail }>({ kind: 'loading' })
  const [attempt, setAttempt] = useState(0)
  // biome-ignore lint/correctness/useExhaustiveDependencies: attempt is the trigger of a retry
  useEffect(() => {
    const abort = new AbortController()
    setLoad({ kind: 'loading' })
    fetchVersion(platformId, entry.sectionId, entry.id, abort.signal).then(
      (detail) => setLoad({ kind: 'ready', detail }),
      (error: unknown) => {
        if (!abort.signal.aborted) setLoad({ kind: 'error', message: errorText(error) })
      },
    )
    return () => abort.abort()
  }, [platformId, entry.sectionId, entry.id, attempt])

  const languages = load.kind === 'ready' ? load.detail.languages : []
  const several = languages.length > 1
  return (
    <article className="history-version" aria-labelledby={`${id}-title`} data-version-id={entry.id}>
      <h3 id={`${id}-title`}>{t('history.version.title', { time: formatWhen(entry.at) })}</h3>
      <p className="history-version-why">
        <span className="history-reason" data-reason={entry.reason}>
          <ReasonText entry={entry} members={members} entries={entries} />
        </span>
        {' · '}
        <ChangedBy entry={entry} members={members} first={entry.id === entries.at(-1)?.id} />
      </p>
      {controls}
      {load.kind === 'loading' ? (
        <p className="loading" role="status">
          {t('history.version.loading')}
        </p>
      ) : null}
      {load.kind === 'error' ? (
        <div role="alert">
          <p className="form-error">{t('history.version.loadFailed', { message: load.message })}</p>
          <button type="button" onClick={() => setAttempt((a) => a + 1)}>
            {t('history.retry')}
          </button>
        </div>
      ) : null}
      {load.kind === 'ready' ? (
        <>
          <p className="history-authors-toggle">
            <label>
              <input type="checkbox" checked={byAuthor} onChange={(e) => setByAuthor(e.target.checked)} /> {t('history.authors.toggle')}
            </label>
          </p>
          {byAuthor ? <AuthorLegend texts={languages.map((l) => l.authors)} members={members} /> : null}
          {languages.map((l) => (
            <section key={l.lang} className="history-language" aria-label={several ? languageName(l.lang, locale) : undefined}>
              {several ? <h4 className="history-language-title">{languageName(l.lang, locale)}</h4> : null}
              {byAuthor ? (
                <AuthorshipText lang={l.lang || primaryLang} authors={l.authors} members={members} emptyText={t('history.version.emptyText')} />
              ) : (
                <VersionText lang={l.lang || primaryLang} json={l.json} emptyText={t('history.version.emptyText')} />
              )}
            </section>
          ))}
        </>
      ) : null}
      {after}
    </article>
  )
}
