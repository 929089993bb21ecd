import type { Editor, TiptapEditorHTMLElement } from '@tiptap/core'

/** One occurrence of the searched text, in one section's rendered text (its editor or its static rendering). */
export interface FindMatch {
  sectionId: string
  /** Its place among the section's matches (keeps "the current match" across re-renders). */
  indexInSection: number
  range: Range
}

/** Elements whose text is not the section's (remote carets and their name labels, the empty-section hint). */
const SKIP = '[contenteditable="false"], .collaboration-carets__caret, .static-text > .empty'
/** Text never matches across these: each is a block of its own. */
const BLOCK = 'p, h1, h2, h3, h4, h5, h6, li, pre, blockquote, td, th, div'

/** Lower-cases one UTF-16 unit at a time, keeping every offset (a case change that alters the length keeps the unit). */
function foldCase(text: string, locale: string): string {
  let out = ''
  for (const unit of text) {
    const lower = unit.toLocaleLowerCase(locale)
    out += lower.length === unit.length ? lower : unit
  }
  return out
}

interface Piece {
  node: Text
  /** Offset of this node's first unit in the run's text. */
  at: number
}

/** Runs of text that read as one line: the text nodes of one block, split at line breaks. */
function textRuns(container: Element): Piece[][] {
  const runs: Piece[][] = []
  let run: Piece[] = []
  let runBlock: Element | null = null
  let length = 0
  const flush = () => {
    if (run.length > 0) runs.push(run)
    run = []
    length = 0
  }
  const walker = document.createTreeWalker(container, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
    acceptNode: (node) => (node instanceof Element && node.matches(SKIP) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
  })
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node instanceof HTMLBRElement) {
      flush()
      continue
    }
    if (!(node instanceof Text) || node.data.length === 0) continue
    const block = node.parentElement?.closest(BLOCK) ?? container
    if (block !== runBlock) {
      flush()
      runBlock = block
    }
    run.push({ node, at: length })
    length += node.data.length
  }
  flush()
  return runs
}

function pointAt(run: Piece[], offset: number, end: boolean): { node: Text; offset: number } {
  // An end point at a node boundary stays in the earlier node (the range ends where the match does).
  for (let i = run.length - 1; i >= 0; i--) {
    const piece = run[i]!
    if (end ? offset > piece.at : offset >= piece.at) return { node: piece.node, offset: offset - piece.at }
  }
  return { node: run[0]!.node, offset: 0 }
}

/** The container of a section's text: its editor (`.ProseMirror`) or its static rendering. */
export function sectionTextOf(section: Element): Element | null {
  return section.querySelector('.section-text')
}

/** Every match of `query` (case folded) in the sections under `root`, in page order. */
export function findMatches(root: Element, query: string, locale: string): FindMatch[] {
  if (query === '') return []
  const needle = foldCase(query, locale)
  const matches: FindMatch[] = []
  for (const section of root.querySelectorAll('[data-section-id]')) {
    const sectionId = section.getAttribute('data-section-id') ?? ''
    const container = sectionTextOf(section)
    if (!container) continue
    let indexInSection = 0
    for (const run of textRuns(container)) {
      const text = foldCase(run.map((p) => p.node.data).join(''), locale)
      for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length)) {
        const start = pointAt(run, at, false)
        const end = pointAt(run, at + needle.length, true)
        const range = document.createRange()
        range.setStart(start.node, start.offset)
        range.setEnd(end.node, end.offset)
        matches.push({ sectionId, indexInSection: indexInSection++, range })
      }
    }
  }
  return matches
}

/** The Tiptap editor whose view renders this section's text (null: the section shows its static rendering). */
export function sectionEditor(root: Element, sectionId: string): Editor | null {
  const section = root.querySelector(`[data-section-id="${CSS.escape(sectionId)}"]`)
  const dom = section?.querySelector('.ProseMirror') as TiptapEditorHTMLElement | null | undefined
  return dom?.editor && !dom.editor.isDestroyed ? dom.editor : null
}

/**
 * Replaces these matches (all in `editor`'s section) with `replacement` in one
 * transaction of the editor: a normal edit, bound to the live document and
 * checked by the server like any typing. Returns how many were replaced.
 */
export function replaceInEditor(editor: Editor, matches: FindMatch[], query: string, replacement: string, locale: string): number {
  const { view } = editor
  const needle = foldCase(query, locale)
  const spans: Array<{ from: number; to: number }> = []
  for (const m of matches) {
    try {
      const from = view.posAtDOM(m.range.startContainer, m.range.startOffset)
      const to = view.posAtDOM(m.range.endContainer, m.range.endOffset)
      // Only what still reads as the searched text (the DOM may lag a remote change by a moment).
      if (to > from && foldCase(view.state.doc.textBetween(from, to), locale) === needle) spans.push({ from, to })
    } catch {
      // a node that left the editor meanwhile: not replaced
    }
  }
  if (spans.length === 0) return 0
  const tr = view.state.tr
  // Last first: earlier positions stay valid.
  for (const { from, to } of spans.sort((a, b) => b.from - a.from)) tr.insertText(replacement, from, to)
  view.dispatch(tr)
  return spans.length
}
