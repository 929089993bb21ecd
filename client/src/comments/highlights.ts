import { Extension } from '@tiptap/core'
import { Plugin, PluginKey, type EditorState, type Transaction } from '@tiptap/pm/state'
import { Decoration, DecorationSet, type EditorView } from '@tiptap/pm/view'
import { relativePositionToAbsolutePosition, ySyncPluginKey } from '@tiptap/y-tiptap'
import * as Y from 'yjs'
import { commentRoot, type CommentPlace } from '../../../shared/documents.js'
import { govMap } from '../../../shared/gov.js'
import { recordMeasure } from '../shell/perf-measure.js'
import { bytesFromBase64, placeThreads, type AnchorInfo } from './model.js'

/** The performance measure every decoration computation is recorded under (read by the benchmark). */
export const DECORATION_MEASURE = 'plank:comment-decorations'
/** Local typing maps decorations at once; the exact positions from Yjs follow after this quiet time. */
const LOCAL_RECOMPUTE_MS = 250

interface HighlightState {
  decorations: DecorationSet
  active: string | null
}

type Meta = { decorations?: DecorationSet; active?: string | null }

export const commentHighlightsKey = new PluginKey<HighlightState>('plankCommentHighlights')

/** Decorations of every open thread (resolved ones faint), from the anchors' Yjs relative positions. */
function computeDecorations(state: EditorState, doc: Y.Doc, fragment: Y.XmlFragment, anchors: AnchorInfo[], active: string | null): DecorationSet {
  const binding = (ySyncPluginKey.getState(state) as { binding?: { mapping: Map<Y.AbstractType<unknown>, unknown> } } | undefined)?.binding
  if (!binding) return DecorationSet.empty
  const decorations: Decoration[] = []
  const size = state.doc.content.size
  for (const a of anchors) {
    let from: number | null
    let to: number | null
    try {
      from = relativePositionToAbsolutePosition(doc, fragment, Y.decodeRelativePosition(bytesFromBase64(a.start)), binding.mapping as never)
      to = relativePositionToAbsolutePosition(doc, fragment, Y.decodeRelativePosition(bytesFromBase64(a.end)), binding.mapping as never)
    } catch {
      continue
    }
    if (from === null || to === null) continue
    from = Math.max(0, Math.min(from, size))
    to = Math.max(0, Math.min(to, size))
    if (to <= from) continue
    const classes = ['comment-highlight']
    if (a.resolved) classes.push('comment-highlight-resolved')
    if (a.id === active) classes.push('comment-highlight-active')
    decorations.push(Decoration.inline(from, to, { class: classes.join(' '), 'data-comment-id': a.id }, { threadId: a.id, inclusiveEnd: true }))
  }
  return DecorationSet.create(state.doc, decorations)
}

export interface CommentHighlightsOptions {
  doc: Y.Doc | null
  /** The text the editor shows: a section's, or an amendment's (of that section). */
  place: CommentPlace
}

/** Window events that connect editors and the comments interface without shared React state. */
export const ACTIVATE_EVENT = 'plank:comment-activate'
export const ACTIVE_EVENT = 'plank:comment-active'
/** Sent after an editor redrew its highlights, so margins can realign. */
export const DECORATED_EVENT = 'plank:comment-decorated'
export interface ActivateDetail {
  threadId: string
  sectionId: string
  /** Where the request came from: a highlight (show the thread) or a thread (select the text). */
  from: 'text' | 'thread'
  /** Move the focus to the thread (not while someone is writing in an editable editor). */
  focus?: boolean
}

export function threadIdsAt(state: EditorState, pos: number): string[] {
  const s = commentHighlightsKey.getState(state)
  if (!s) return []
  return s.decorations.find(pos, pos).map((d) => (d.spec as { threadId: string }).threadId)
}

/**
 * Highlights of anchored comment threads as ProseMirror decorations (never
 * marks in the document): recomputed from the Yjs relative positions when a
 * remote change or a comment change arrives, mapped through local typing.
 */
export const CommentHighlights = Extension.create<CommentHighlightsOptions>({
  name: 'plankCommentHighlights',
  addOptions() {
    return { doc: null, place: { sectionId: '' } }
  },
  addProseMirrorPlugins() {
    const { doc, place } = this.options
    const { sectionId } = place
    if (!doc) return []
    const fragment = doc.getXmlFragment(commentRoot(place))
    return [
      new Plugin<HighlightState>({
        key: commentHighlightsKey,
        state: {
          init: () => ({ decorations: DecorationSet.empty, active: null }),
          apply(tr: Transaction, value: HighlightState): HighlightState {
            const meta = tr.getMeta(commentHighlightsKey) as Meta | undefined
            if (meta?.decorations) return { decorations: meta.decorations, active: meta.active !== undefined ? meta.active : value.active }
            let { decorations, active } = value
            if (meta && meta.active !== undefined) active = meta.active
            if (tr.docChanged && decorations !== DecorationSet.empty) {
              const start = performance.now()
              decorations = decorations.map(tr.mapping, tr.doc)
              recordMeasure(DECORATION_MEASURE, start)
            }
            return { decorations, active }
          },
        },
        props: {
          decorations: (state) => commentHighlightsKey.getState(state)?.decorations ?? null,
          handleClick(view, pos) {
            const ids = threadIdsAt(view.state, pos)
            if (ids.length === 0) return false
            const current = commentHighlightsKey.getState(view.state)?.active ?? null
            // Several threads over one place: each click moves to the next.
            const next = ids[(ids.indexOf(current ?? '') + 1) % ids.length]!
            window.dispatchEvent(
              new CustomEvent<ActivateDetail>(ACTIVATE_EVENT, { detail: { threadId: next, sectionId, from: 'text', focus: !view.editable } }),
            )
            return false
          },
        },
        view(view: EditorView) {
          let anchors = placeThreads(doc, place)
          let anchorsKey = JSON.stringify(anchors)
          let timer: ReturnType<typeof setTimeout> | null = null
          let destroyed = false
          const recompute = () => {
            if (destroyed) return
            timer = null
            const start = performance.now()
            const active = commentHighlightsKey.getState(view.state)?.active ?? null
            const decorations = computeDecorations(view.state, doc, fragment, anchors, active)
            recordMeasure(DECORATION_MEASURE, start)
            view.dispatch(view.state.tr.setMeta(commentHighlightsKey, { decorations } satisfies Meta).setMeta('addToHistory', false))
            window.dispatchEvent(new CustomEvent(DECORATED_EVENT, { detail: { sectionId } }))
          }
          const schedule = (ms: number) => {
            if (timer) clearTimeout(timer)
            timer = setTimeout(recompute, ms)
          }
          const onGov = () => {
            const next = placeThreads(doc, place)
            const key = JSON.stringify(next)
            if (key === anchorsKey) return
            anchors = next
            anchorsKey = key
            schedule(0)
          }
          const onActive = (e: Event) => {
            const detail = (e as CustomEvent<{ threadId: string | null }>).detail
            const current = commentHighlightsKey.getState(view.state)?.active ?? null
            if (current === detail.threadId) return
            view.dispatch(view.state.tr.setMeta(commentHighlightsKey, { active: detail.threadId } satisfies Meta))
            schedule(0)
          }
          govMap(doc).observeDeep(onGov)
          window.addEventListener(ACTIVE_EVENT, onActive)
          schedule(0)
          return {
            update(v, prev) {
              if (v.state.doc === prev.doc) return
              // The binding has updated its mapping by now: exact positions from Yjs,
              // at once for a remote change, after a quiet moment while typing here.
              const remote = (ySyncPluginKey.getState(v.state) as { isChangeOrigin?: boolean } | undefined)?.isChangeOrigin === true
              schedule(remote ? 0 : LOCAL_RECOMPUTE_MS)
            },
            destroy() {
              destroyed = true
              if (timer) clearTimeout(timer)
              govMap(doc).unobserveDeep(onGov)
              window.removeEventListener(ACTIVE_EVENT, onActive)
            },
          }
        },
      }),
    ]
  },
})
