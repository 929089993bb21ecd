import type { Editor } from '@tiptap/react'

/**
 * Gives the focus back to the text at once. Tiptap's focus command waits for
 * the next animation frame; keys typed before it (the control that had the
 * focus is gone, so they go to the page) are lost.
 */
export function focusNow(editor: Editor): void {
  if (!editor.isDestroyed) editor.view.focus()
}
