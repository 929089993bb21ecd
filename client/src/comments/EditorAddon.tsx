import { useEffect, useState } from 'react'
import { useEditorState, type Editor } from '@tiptap/react'
import { TextSelection } from '@tiptap/pm/state'
import { absolutePositionToRelativePosition, relativePositionToAbsolutePosition, ySyncPluginKey } from '@tiptap/y-tiptap'
import * as Y from 'yjs'
import { commentRoot, type CommentPlace } from '../../../shared/documents.js'
import { encodeAnchor } from '../../../shared/section-text.js'
import { useI18n } from '../i18n/index.js'
import { useComments, pendingShow } from './context.js'
import { ACTIVATE_EVENT, CommentHighlights, threadIdsAt, type ActivateDetail } from './highlights.js'
import { bytesFromBase64, inPlace } from './model.js'
import './comments.css'

/** The editor extension that highlights the threads of a section's text or of an amendment's. */
export const commentExtensions = (doc: Y.Doc, place: CommentPlace) => [CommentHighlights.configure({ doc, place })]

type Mapping = Map<Y.AbstractType<unknown>, unknown>
const bindingMapping = (editor: Editor): Mapping | null =>
  (ySyncPluginKey.getState(editor.state) as { binding?: { mapping: Mapping } } | undefined)?.binding?.mapping ?? null

/**
 * Beside a section's (or an amendment's) editor: the "Comment" button for a
 * selection (also in read-only editors), Ctrl+Alt+M, and selecting a
 * thread's text on request.
 */
export function CommentEditorAddon({ editor, place, doc }: { editor: Editor | null; place: CommentPlace; doc: Y.Doc }) {
  const { sectionId } = place
  const amendmentId = place.amendmentId ?? null
  const lang = place.lang ?? null
  const root = commentRoot(place)
  const comments = useComments()
  const { t } = useI18n()
  const selection = useEditorState({
    editor,
    selector: ({ editor: e }) => (e ? { from: e.state.selection.from, to: e.state.selection.to, focused: e.isFocused } : null),
  })
  const [coords, setCoords] = useState<{ top: number; left: number } | null>(null)

  // The selection a thread was just started on: no second button for it.
  const [startedFor, setStartedFor] = useState<string | null>(null)
  const selectionKey = selection ? `${selection.from}:${selection.to}` : null
  const canStart = !!comments?.can('comment.create') && !!selection && selection.to > selection.from && startedFor !== selectionKey

  useEffect(() => {
    if (!editor || !canStart || !selection) {
      setCoords(null)
      return
    }
    try {
      const container = editor.view.dom.closest('.editor') as HTMLElement | null
      const end = editor.view.coordsAtPos(selection.to)
      const box = container?.getBoundingClientRect()
      if (!box) return
      setCoords({ top: end.bottom - box.top + 4, left: Math.min(Math.max(0, end.left - box.left), box.width - 120) })
    } catch {
      setCoords(null)
    }
  }, [editor, canStart, selection])

  const start = () => {
    if (!editor || !comments) return
    const { from, to } = editor.state.selection
    const mapping = bindingMapping(editor)
    if (to <= from) {
      // In a highlight with no selection: go to its thread.
      const id = threadIdsAt(editor.state, from)[0]
      if (id) window.dispatchEvent(new CustomEvent<ActivateDetail>(ACTIVATE_EVENT, { detail: { threadId: id, sectionId, from: 'text', focus: true } }))
      return
    }
    if (!mapping) return
    const fragment = doc.getXmlFragment(root)
    const startPos = absolutePositionToRelativePosition(from, fragment, mapping as never) as Y.RelativePosition
    const endPos = absolutePositionToRelativePosition(to, fragment, mapping as never) as Y.RelativePosition
    setStartedFor(`${from}:${to}`)
    comments.startThread({
      sectionId,
      amendmentId,
      lang,
      start: encodeAnchor(startPos),
      end: encodeAnchor(endPos),
      quote: editor.state.doc.textBetween(from, to, '\n'),
    })
  }

  // Ctrl+Alt+M in the editor.
  useEffect(() => {
    if (!editor || !comments?.can('comment.create')) return
    const dom = editor.view.dom
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey && e.altKey && (e.key === 'm' || e.key === 'M' || e.code === 'KeyM')) {
        e.preventDefault()
        start()
      }
    }
    dom.addEventListener('keydown', onKey)
    return () => dom.removeEventListener('keydown', onKey)
  })

  // A thread asked for its text: select it and bring it into view.
  useEffect(() => {
    if (!editor) return
    const show = (threadId: string) => {
      const mapping = bindingMapping(editor)
      const thread = comments?.comments.find((c) => c.id === threadId)
      if (!thread?.start || !thread.end || !inPlace(thread, { sectionId, amendmentId, lang }) || !mapping) return false
      const fragment = doc.getXmlFragment(root)
      let from: number | null = null
      let to: number | null = null
      try {
        from = relativePositionToAbsolutePosition(doc, fragment, Y.decodeRelativePosition(bytesFromBase64(thread.start)), mapping as never)
        to = relativePositionToAbsolutePosition(doc, fragment, Y.decodeRelativePosition(bytesFromBase64(thread.end)), mapping as never)
      } catch {
        return false
      }
      if (from === null || to === null || to <= from) return false
      // The text is selected to show it, not to comment on it: no "Comment" button over it.
      setStartedFor(`${from}:${to}`)
      const tr = editor.state.tr.setSelection(TextSelection.create(editor.state.doc, from, to)).scrollIntoView()
      editor.view.dispatch(tr)
      editor.view.focus()
      pendingShow.threadId = null
      return true
    }
    const onActivate = (e: Event) => {
      const detail = (e as CustomEvent<ActivateDetail>).detail
      if (detail.from === 'thread' && detail.sectionId === sectionId) show(detail.threadId)
    }
    if (pendingShow.threadId) show(pendingShow.threadId)
    window.addEventListener(ACTIVATE_EVENT, onActivate)
    return () => window.removeEventListener(ACTIVATE_EVENT, onActivate)
  }, [editor, sectionId, amendmentId, lang, root, doc, comments?.comments])

  if (!canStart || !coords) return null
  return (
    <button
      type="button"
      className="comment-add-button"
      style={{ top: coords.top, left: coords.left }}
      title={t('comments.addHint')}
      aria-keyshortcuts="Control+Alt+M"
      onMouseDown={(e) => e.preventDefault()}
      onClick={start}
    >
      {t('comments.add')}
    </button>
  )
}
