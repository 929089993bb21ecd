import type { Editor } from '@tiptap/react'

/*
 * Taken when Ctrl/Cmd+K is pressed, in the editor's own chunk: the link
 * editor's form (LinkEditor.tsx) is fetched on first use, and the selection
 * must be read at the moment of the key press, not when the form arrives.
 */

/** What the link editor works on: a range of the text and the link it has now (if any). */
export interface LinkTarget {
  from: number
  to: number
  href: string | null
  /** Where the popover opens, relative to the editor's box. */
  top: number
  left: number
}

/** The range to link from the current selection: a whole existing link when the caret is inside one. */
export function linkTargetOf(editor: Editor, box: DOMRect): LinkTarget {
  takeSelectionFromPage(editor)
  if (editor.isActive('link')) editor.chain().extendMarkRange('link').run()
  const { from, to } = editor.state.selection
  const href = (editor.getAttributes('link').href as string | undefined) ?? null
  const coords = editor.view.coordsAtPos(to)
  const left = Math.max(0, Math.min(coords.left - box.left, box.width - 320))
  return { from, to, href, top: coords.bottom - box.top + 6, left }
}

/**
 * The browser tells ProseMirror of a moved caret a moment later
 * (selectionchange): Ctrl+K pressed right after an arrow key would link
 * what was selected before. Take the selection the person sees.
 */
function takeSelectionFromPage(editor: Editor): void {
  const dom = window.getSelection()
  const { view } = editor
  if (!dom?.anchorNode || !dom.focusNode || !view.dom.contains(dom.anchorNode) || !view.dom.contains(dom.focusNode)) return
  const anchor = view.posAtDOM(dom.anchorNode, dom.anchorOffset)
  const head = view.posAtDOM(dom.focusNode, dom.focusOffset)
  const { from, to } = editor.state.selection
  if (Math.min(anchor, head) !== from || Math.max(anchor, head) !== to)
    editor.commands.setTextSelection({ from: Math.min(anchor, head), to: Math.max(anchor, head) })
}
