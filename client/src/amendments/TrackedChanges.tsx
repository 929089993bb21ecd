import { useEffect, useState, type CSSProperties, type ReactNode } from 'react'
import type * as Y from 'yjs'
import type { TrackedNode } from '../../../shared/amendments.js'
import { trackedChanges } from '../../../shared/amendment-merge.js'
import { sectionJson } from '../../../shared/content-hash.js'
import { amendmentRoot, sectionRoot } from '../../../shared/documents.js'
import { useI18n, type TFunction } from '../i18n/index.js'
import { markedText, nodeElement } from '../platform/node-elements.js'
import { recordMeasure } from '../shell/perf-measure.js'
import { tintOf } from './tint.js'

/** Deeper elements are not drawn (as StaticText: an old document must not overflow the stack). */
const MAX_DEPTH = 64

/** The performance measure of each recomputation (read by bench/scenarios/tracked-changes.ts). */
export const TRACKED_CHANGES_MEASURE = 'plank:tracked-changes'

/**
 * The tracked-changes view, recomputed when the section or the amendment
 * changes, at most once per animation frame (a burst of keystrokes or a
 * remote paste costs one diff per frame, not one per Yjs event).
 */
export function useTrackedChanges(doc: Y.Doc, sectionId: string, amendmentId: string): TrackedNode[] {
  const compute = () => {
    const start = performance.now()
    const nodes = trackedChanges(sectionJson(doc.getXmlFragment(sectionRoot(sectionId))), sectionJson(doc.getXmlFragment(amendmentRoot(amendmentId))))
    recordMeasure(TRACKED_CHANGES_MEASURE, start)
    return nodes
  }
  const [nodes, setNodes] = useState<TrackedNode[]>(compute)
  // biome-ignore lint/correctness/useExhaustiveDependencies: compute reads only doc, sectionId and amendmentId
  useEffect(() => {
    const section = doc.getXmlFragment(sectionRoot(sectionId))
    const amendment = doc.getXmlFragment(amendmentRoot(amendmentId))
    let frame = 0
    const schedule = () => {
      if (frame !== 0) return
      frame = requestAnimationFrame(() => {
        frame = 0
        setNodes(compute())
      })
    }
    section.observeDeep(schedule)
    amendment.observeDeep(schedule)
    schedule()
    return () => {
      section.unobserveDeep(schedule)
      amendment.unobserveDeep(schedule)
      if (frame !== 0) cancelAnimationFrame(frame)
    }
  }, [doc, sectionId, amendmentId])
  return nodes
}

interface Counts {
  added: number
  removed: number
}

const countWords = (text: string): number => (text.match(/\S+/g) ?? []).length

function countChanges(nodes: TrackedNode[], into: Counts = { added: 0, removed: 0 }, depth = 0): Counts {
  if (depth > MAX_DEPTH) return into
  for (const n of nodes) {
    if ('text' in n) {
      if (n.change === 'added') into.added += countWords(n.text)
      else if (n.change === 'removed') into.removed += countWords(n.text)
    } else countChanges(n.content, into, depth + 1)
  }
  return into
}

type Run = Extract<TrackedNode, { text: string }>

/** One run's text with its marks, as the editor draws them. */
const renderMarks = (run: Run, key: string): ReactNode => <span key={key}>{markedText(run.text, run.marks)}</span>

/** Neighbouring runs of one change (words the diff gives one by one, or differently formatted) are one mark: one announcement. */
function renderChange(runs: Run[], key: string, t: TFunction): ReactNode {
  const change = runs[0]?.change ?? 'same'
  const content = runs.map((run, i) => renderMarks(run, `${key}.${i}`))
  if (change === 'added') {
    return (
      <ins key={key} className="tracked-ins">
        <span className="visually-hidden">{t('amendments.tracked.insertedStart')} </span>
        {content}
        <span className="visually-hidden"> {t('amendments.tracked.insertedEnd')}</span>
      </ins>
    )
  }
  if (change === 'removed') {
    return (
      <del key={key} className="tracked-del">
        <span className="visually-hidden">{t('amendments.tracked.deletedStart')} </span>
        {content}
        <span className="visually-hidden"> {t('amendments.tracked.deletedEnd')}</span>
      </del>
    )
  }
  return <span key={key}>{content}</span>
}

function renderNodes(nodes: TrackedNode[], key: string, depth: number, t: TFunction): ReactNode[] {
  if (depth > MAX_DEPTH) return []
  const out: ReactNode[] = []
  let group: Run[] = []
  const flush = () => {
    if (group.length > 0) out.push(renderChange(group, `${key}.${out.length}`, t))
    group = []
  }
  for (const n of nodes) {
    if ('text' in n) {
      if (group.length > 0 && group[0]?.change !== n.change) flush()
      group.push(n)
    } else {
      flush()
      out.push(renderElement(n, `${key}.${out.length}`, depth + 1, t))
    }
  }
  flush()
  return out
}

function renderElement(el: Extract<TrackedNode, { type: string }>, key: string, depth: number, t: TFunction): ReactNode {
  // The level only: this view draws table cells without their colspan and rowspan, as it always has.
  const attr = (name: string): unknown => (name === 'level' ? el.attrs.level : undefined)
  return nodeElement(el.type, attr, renderNodes(el.content, key, depth, t), key)
}

/**
 * The amendment's text with what it changes in the section marked in place:
 * insertions underlined, deletions struck through, both in the proposing
 * organization's colour on a light tint of it (the text itself stays dark,
 * for contrast), and announced to screen readers by hidden words.
 */
export function TrackedChangesView({ doc, sectionId, amendmentId, color }: { doc: Y.Doc; sectionId: string; amendmentId: string; color: string }) {
  const { t } = useI18n()
  const nodes = useTrackedChanges(doc, sectionId, amendmentId)
  const counts = countChanges(nodes)
  const style = { '--change-color': color, '--change-tint': tintOf(color, 0.14) } as CSSProperties
  return (
    <div className="tracked-changes" style={style}>
      <p className="tracked-legend small">
        <span className="tracked-counts" data-added={counts.added} data-removed={counts.removed}>
          {t('amendments.tracked.counts', { added: counts.added, removed: counts.removed })}
        </span>{' '}
        <span aria-hidden="true">
          <ins className="tracked-ins">{t('amendments.tracked.legendInserted')}</ins> <del className="tracked-del">{t('amendments.tracked.legendDeleted')}</del>
        </span>
      </p>
      <div className="section-text static-text tracked-text">
        {nodes.length === 0 ? <p className="empty">{t('amendments.tracked.empty')}</p> : renderNodes(nodes, 't', 0, t)}
      </div>
    </div>
  )
}
