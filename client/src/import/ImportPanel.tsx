import { type FormEvent, useEffect, useId, useRef, useState } from 'react'
import { MAX_IMPORT_FILE_BYTES } from '../../../shared/limits.js'
import { ApiError, api, errorText } from '../api.js'
import { FormError } from '../FormError.js'
import { importEn } from '../i18n/import.js'
import { registerEnglish, useI18n } from '../i18n/index.js'
import { platformPath } from '../routes.js'
import './import.css'

registerEnglish(importEn)

/** POST /api/platforms/import's answer (server/import/imports.ts ImportPreview). */
interface ImportPreview {
  importId: string
  fileName: string
  title: string
  headingLevel: number
  sections: Array<{ title: string; preview: string; words: number; intro?: true }>
  counts: { sections: number; words: number }
}

type State =
  | { kind: 'idle' }
  | { kind: 'uploading'; file: string }
  | { kind: 'preview'; preview: ImportPreview }
  | { kind: 'confirming'; preview: ImportPreview }
  | { kind: 'added'; sections: number }

const LEVELS = [1, 2, 3, 4, 5, 6] as const

/**
 * A platform, or more sections of one (`platformId`), from a .docx or .md
 * file: choose the file and the heading level, see the sections the server
 * found (nothing is created yet), then confirm or cancel. A new platform
 * opens once created; appended sections arrive on the page live (gov).
 */
export function ImportPanel({ platformId }: { platformId?: string }) {
  const { t } = useI18n()
  const id = useId()
  const fileInput = useRef<HTMLInputElement>(null)
  const previewHeading = useRef<HTMLHeadingElement>(null)
  const [file, setFile] = useState<File | null>(null)
  const [level, setLevel] = useState(1)
  const [title, setTitle] = useState('')
  const [state, setState] = useState<State>({ kind: 'idle' })
  const [error, setError] = useState<string | null>(null)
  const [suggested, setSuggested] = useState<number | null>(null)
  const appending = platformId !== undefined

  // The preview is announced by moving focus to its heading: the list below is what the person reads next.
  const previewShown = state.kind === 'preview' ? state.preview.importId : null
  useEffect(() => {
    if (previewShown) previewHeading.current?.focus()
  }, [previewShown])

  const upload = async (headingLevel: number) => {
    if (!file) return setError(t('import.noFile'))
    setError(null)
    setSuggested(null)
    setState({ kind: 'uploading', file: file.name })
    const form = new FormData()
    form.append('headingLevel', String(headingLevel))
    if (platformId) form.append('platformId', platformId)
    form.append('file', file)
    try {
      const preview = await api<ImportPreview>('POST', '/api/platforms/import', form)
      setTitle(preview.title)
      setState({ kind: 'preview', preview })
    } catch (e) {
      setState({ kind: 'idle' })
      setError(errorText(e))
      const level = e instanceof ApiError ? (e.body as { error?: { suggestedLevel?: unknown } } | null)?.error?.suggestedLevel : null
      setSuggested(typeof level === 'number' ? level : null)
    }
  }

  const submit = (event: FormEvent) => {
    event.preventDefault()
    void upload(level)
  }

  const tryLevel = (next: number) => {
    setLevel(next)
    void upload(next)
  }

  const cancel = () => {
    setState({ kind: 'idle' })
    setError(null)
    setFile(null)
    if (fileInput.current) {
      fileInput.current.value = ''
      fileInput.current.focus()
    }
  }

  const confirm = async (preview: ImportPreview) => {
    if (!appending && !title.trim()) return setError(t('import.titleRequired'))
    setError(null)
    setState({ kind: 'confirming', preview })
    try {
      const body = appending || title.trim() === preview.title ? {} : { title: title.trim() }
      const { id: created } = await api<{ id: string }>('POST', `/api/platforms/import/${encodeURIComponent(preview.importId)}/confirm`, body)
      if (!appending) return location.assign(platformPath(created))
      setState({ kind: 'added', sections: preview.counts.sections })
      setFile(null)
      if (fileInput.current) fileInput.current.value = ''
    } catch (e) {
      setState({ kind: 'preview', preview })
      setError(errorText(e))
    }
  }

  const busy = state.kind === 'uploading' || state.kind === 'confirming'
  const shown = state.kind === 'preview' || state.kind === 'confirming' ? state.preview : null

  return (
    <div className="import-panel">
      <form className="import-form" onSubmit={submit} noValidate aria-busy={state.kind === 'uploading'}>
        <div className="inline-fields">
          <div className="field grow">
            <label htmlFor={`${id}-file`}>{t('import.file', { max: MAX_IMPORT_FILE_BYTES / (1024 * 1024) })}</label>
            <input
              ref={fileInput}
              id={`${id}-file`}
              type="file"
              accept=".docx,.md,.markdown,application/vnd.openxmlformats-officedocument.wordprocessingml.document,text/markdown"
              onChange={(e) => {
                setFile(e.target.files?.[0] ?? null)
                setError(null)
                setSuggested(null)
              }}
              disabled={busy}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-level`}>{t('import.level')}</label>
            <select id={`${id}-level`} value={level} onChange={(e) => setLevel(Number(e.target.value))} disabled={busy}>
              {LEVELS.map((l) => (
                <option key={l} value={l}>
                  {t('import.levelOption', { level: l })}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" disabled={busy}>
            {t('import.previewButton')}
          </button>
        </div>
      </form>
      {state.kind === 'uploading' ? (
        <p className="loading" role="status">
          {t('import.uploading', { file: state.file })}
        </p>
      ) : null}
      <FormError error={error} />
      {suggested !== null && !busy ? (
        <button type="button" onClick={() => tryLevel(suggested)}>
          {t('import.tryLevel', { level: suggested })}
        </button>
      ) : null}
      {state.kind === 'added' ? (
        <p className="import-added" role="status">
          {t('import.added', { sections: state.sections })}
        </p>
      ) : null}
      {shown ? (
        <section className="import-preview" aria-labelledby={`${id}-preview`}>
          <h3 id={`${id}-preview`} ref={previewHeading} tabIndex={-1}>
            {appending ? t('import.previewAppendTitle') : t('import.previewTitle')}
          </h3>
          <p className="muted small">{t('import.summary', { sections: shown.counts.sections, words: shown.counts.words, file: shown.fileName })}</p>
          {appending ? null : (
            <div className="field">
              <label htmlFor={`${id}-title`}>{t('import.platformTitle')}</label>
              <input id={`${id}-title`} value={title} maxLength={200} onChange={(e) => setTitle(e.target.value)} disabled={busy} />
            </div>
          )}
          <ol className="import-sections">
            {shown.sections.map((s, i) => (
              // The list is the server's answer, fixed until the next upload: its order is its identity (two titles may be equal).
              <li key={i} className="import-section">
                <p className="import-section-title">
                  <span>{s.title}</span>
                  {s.intro ? <span className="muted small"> ({t('import.intro.badge')})</span> : null}
                  <span className="muted small import-words">{t('import.words', { words: s.words })}</span>
                </p>
                <p className="muted small import-section-text">{s.preview || t('import.emptySection')}</p>
              </li>
            ))}
          </ol>
          <p className="muted small">{t('import.owners')}</p>
          <div className="actions">
            <button type="button" className="primary" disabled={busy} onClick={() => void confirm(shown)}>
              {state.kind === 'confirming'
                ? t('import.confirming')
                : appending
                  ? t('import.confirmAppend', { sections: shown.counts.sections })
                  : t('import.confirm')}
            </button>
            <button type="button" disabled={busy} onClick={cancel}>
              {t('import.cancel')}
            </button>
          </div>
        </section>
      ) : null}
    </div>
  )
}

/** The home page's action: a card whose button opens the import (focus goes to its file field). */
export function ImportPlatform() {
  const { t } = useI18n()
  const id = useId()
  const [open, setOpen] = useState(false)
  const panel = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (open) panel.current?.querySelector('input')?.focus()
  }, [open])
  return (
    <section className="card import-card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('import.title')}</h2>
      <p className="muted small">{t('import.intro')}</p>
      {open ? (
        <div ref={panel}>
          <ImportPanel />
        </div>
      ) : (
        <button type="button" aria-expanded={false} onClick={() => setOpen(true)}>
          {t('import.open')}
        </button>
      )}
    </section>
  )
}

/** Settings → Sections: more sections for this platform. */
export function ImportSections({ platformId }: { platformId: string }) {
  const { t } = useI18n()
  const id = useId()
  return (
    <section className="card import-card" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('import.appendTitle')}</h3>
      <p className="muted small">{t('import.appendIntro')}</p>
      <ImportPanel platformId={platformId} />
    </section>
  )
}
