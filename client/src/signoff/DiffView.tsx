import { useEffect, useMemo, useState } from 'react'
import type * as Y from 'yjs'
import type { GovSignoff } from '../../../shared/gov.js'
import { type DiffPart, wordDiff } from '../../../shared/word-diff.js'
import { api, enc, errorText } from '../api.js'
import { useI18n } from '../i18n/index.js'
import { useSectionText } from './live.js'
import './signoff.css'

/** A decision as GET …/sections/<sid>/signoffs returns it: the signoff's fields, and whether it still stands, with the text decided on. */
export interface DecisionRecord extends Omit<GovSignoff, 'sectionId'> {
  id: string
  current: boolean
  snapshotText: string
}

export interface SectionSignoffHistory {
  current: { hash: string; text: string }
  decisions: DecisionRecord[]
}

export const fetchHistory = (platformId: string, sectionId: string): Promise<SectionSignoffHistory> =>
  api<SectionSignoffHistory>('GET', `/api/platforms/${enc(platformId)}/sections/${enc(sectionId)}/signoffs`)

const countWords = (text: string): number => (text.match(/\S+/g) ?? []).length

/**
 * Word-level difference between two texts. Insertions are <ins>, deletions
 * <del>: underlined and struck through (not colour alone), each announced
 * by hidden text to screen readers.
 */
export function DiffView({ before, after, label }: { before: string; after: string; label: string }) {
  const parts = useMemo(() => wordDiff(before, after), [before, after])
  return <DiffParts parts={parts} label={label} same={before === after} />
}

/**
 * A difference already computed (the versions' compare endpoint, DiffView),
 * drawn the one way: counts, legend, <ins>/<del> with hidden words. `same`:
 * the texts are equal (say so); `lang`: the language of the text.
 */
export function DiffParts({ parts, label, same, lang, className }: { parts: DiffPart[]; label: string; same: boolean; lang?: string; className?: string }) {
  const { t } = useI18n()
  const added = parts.filter((p) => p.kind === 'added').reduce((n, p) => n + countWords(p.text), 0)
  const removed = parts.filter((p) => p.kind === 'removed').reduce((n, p) => n + countWords(p.text), 0)
  return (
    <figure className={className ? `signoff-diff ${className}` : 'signoff-diff'}>
      <figcaption>
        <span className="signoff-diff-label">{label}</span> <span className="signoff-diff-counts">{t('signoff.diff.counts', { added, removed })}</span>
        <span className="signoff-diff-legend" aria-hidden="true">
          <ins>{t('signoff.diff.legendAdded')}</ins> <del>{t('signoff.diff.legendRemoved')}</del>
        </span>
      </figcaption>
      {same ? <p className="muted">{t('signoff.diff.none')}</p> : null}
      <div className="signoff-diff-text" lang={lang}>
        {parts.map((part, i) => {
          if (part.kind === 'same') return <span key={i}>{part.text}</span>
          if (part.kind === 'added') {
            return (
              <ins key={i}>
                <span className="visually-hidden">{t('signoff.diff.addedStart')} </span>
                {part.text}
                <span className="visually-hidden"> {t('signoff.diff.addedEnd')}</span>
              </ins>
            )
          }
          return (
            <del key={i}>
              <span className="visually-hidden">{t('signoff.diff.removedStart')} </span>
              {part.text}
              <span className="visually-hidden"> {t('signoff.diff.removedEnd')}</span>
            </del>
          )
        })}
      </div>
    </figure>
  )
}

/**
 * What changed since an organization decided: the snapshot the server kept
 * with that decision against the section's live text.
 */
export function DecisionDiff({
  doc,
  platformId,
  sectionId,
  orgId,
  hash,
  orgName,
}: {
  doc: Y.Doc
  platformId: string
  sectionId: string
  orgId: string
  hash: string
  orgName: string
}) {
  const { t } = useI18n()
  const current = useSectionText(doc, sectionId)
  const [snapshot, setSnapshot] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    let alive = true
    setError(null)
    fetchHistory(platformId, sectionId)
      .then((history) => {
        const found = history.decisions.find((d) => d.orgId === orgId && d.hash === hash) ?? history.decisions.find((d) => d.orgId === orgId)
        if (alive) setSnapshot(found?.snapshotText ?? '')
      })
      .catch((e: unknown) => {
        if (alive) setError(errorText(e))
      })
    return () => {
      alive = false
    }
  }, [platformId, sectionId, orgId, hash])
  if (error !== null)
    return (
      <p className="form-error" role="alert">
        {t('signoff.diff.error', { message: error })}
      </p>
    )
  if (snapshot === null)
    return (
      <p className="loading" role="status">
        {t('signoff.diff.loading')}
      </p>
    )
  return <DiffView before={snapshot} after={current} label={t('signoff.diff.sinceDecision', { org: orgName })} />
}
