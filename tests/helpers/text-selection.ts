import type { Locator } from 'playwright-core'

/**
 * Selects `length` characters from `offset` in the first paragraph of an
 * editor (a section's or an amendment's), as a mouse drag would; returns the
 * selected text. Highlights split the text into several nodes: both ends are
 * found by character offset.
 */
export async function selectInEditor(editor: Locator, offset: number, length: number): Promise<string> {
  const paragraph = editor.locator('p').first()
  await paragraph.click({ position: { x: 2, y: 2 } })
  return paragraph.evaluate(
    (p, [from, len]) => {
      const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT)
      const range = document.createRange()
      let seen = 0
      for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
        const length = node.data.length
        if (from! >= seen && from! <= seen + length) range.setStart(node, from! - seen)
        if (from! + len! >= seen && from! + len! <= seen + length) {
          range.setEnd(node, from! + len! - seen)
          break
        }
        seen += length
      }
      const sel = window.getSelection()!
      sel.removeAllRanges()
      sel.addRange(range)
      return range.toString()
    },
    [offset, length],
  )
}
