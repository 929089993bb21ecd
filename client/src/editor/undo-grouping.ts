/**
 * Undo by word, as Google Docs and Word do. The Yjs undo manager behind
 * Ctrl/Cmd+Z merges every change made less than 500 ms after the previous one
 * (its captureTimeout), so a fluent burst of typing became one undo step that
 * took a whole sentence away. Here a new step starts when a word starts (a
 * letter typed after a space or at the start of a block) and when a block is
 * split or joined (Enter, Backspace at a block's start); a pause longer than
 * the capture timeout still ends a step, as before.
 */
import { Extension } from '@tiptap/core'
import { Plugin, PluginKey, type EditorState, type Transaction } from '@tiptap/pm/state'
import { ReplaceStep } from '@tiptap/pm/transform'
import { ySyncPluginKey, yUndoPluginKey } from '@tiptap/y-tiptap'

const WORD_BOUNDARY = /[\s\u00a0]/

/** Whether this transaction begins a new undo step. */
export function startsUndoStep(tr: Transaction, before: EditorState): boolean {
  if (!tr.docChanged || tr.getMeta(ySyncPluginKey) !== undefined || tr.getMeta('addToHistory') === false) return false
  for (const step of tr.steps) {
    if (!(step instanceof ReplaceStep)) return true
    const { from, to, slice } = step as ReplaceStep & { from: number; to: number }
    // Structure changes (a split, a join, a pasted block) are steps of their own.
    if (slice.openStart > 0 || slice.openEnd > 0 || slice.content.childCount > 1) return true
    if (slice.content.childCount === 1 && !slice.content.firstChild!.isText) return true
    const $from = before.doc.resolve(Math.min(from, before.doc.content.size))
    if (to > from && !before.doc.resolve(to).sameParent($from)) return true
    const inserted = slice.content.textBetween(0, slice.content.size)
    if (inserted.length === 0) continue
    const prev = $from.parentOffset === 0 ? '' : before.doc.textBetween(from - 1, from)
    if (!WORD_BOUNDARY.test(inserted[0]!) && (prev === '' || WORD_BOUNDARY.test(prev))) return true
  }
  return false
}

export const UndoByWord = Extension.create({
  name: 'undoByWord',

  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: new PluginKey('undoByWord'),
        // Runs before the sync plugin writes the transaction into Yjs, so the write opens the new step.
        filterTransaction(tr, state) {
          if (startsUndoStep(tr, state)) {
            const undoManager = yUndoPluginKey.getState(state)?.undoManager as { stopCapturing(): void } | undefined
            undoManager?.stopCapturing()
          }
          return true
        },
      }),
    ]
  },
})
