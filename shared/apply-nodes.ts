/**
 * PLACEHOLDER with the final signature (issue 14): replaces the whole
 * fragment. The real one (branch h14-m) makes the smallest edit, so that
 * carets, comment anchors and undo survive where the text did not change.
 */
import * as Y from 'yjs'
import type { SectionNode } from './content-hash.js'
/** Y types for a node list (text runs joined into one Y.XmlText, as y-prosemirror stores them). */
const build = (nodes: SectionNode[]): Array<Y.XmlElement | Y.XmlText> => {
  const out: Array<Y.XmlElement | Y.XmlText> = []
  for (const n of nodes) {
    if ('text' in n) {
      const last = out.at(-1)
      const t = last instanceof Y.XmlText ? last : new Y.XmlText()
      if (t !== last) out.push(t)
      t.insert(t.length, n.text, n.marks)
    } else {
      const el = new Y.XmlElement(n.type)
      for (const [k, v] of Object.entries(n.attrs)) el.setAttribute(k, v as string)
      el.insert(0, build(n.content))
      out.push(el)
    }
  }
  return out
}
export function applyNodes(fragment: Y.XmlFragment, target: SectionNode[]): void {
  fragment.delete(0, fragment.length)
  fragment.insert(0, build(target))
}
