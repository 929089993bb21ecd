import * as Y from 'yjs'
import { encodeAnchor } from '../../shared/section-text.js'

/** A comment anchor over `length` characters of the first paragraph of a root (a section's text or an amendment's), from `from`. */
export function anchorInRoot(doc: Y.Doc, root: string, from: number, length: number): { start: string; end: string } {
  const paragraph = doc
    .getXmlFragment(root)
    .toArray()
    .find((n) => n instanceof Y.XmlElement && n.nodeName === 'paragraph') as Y.XmlElement
  const text = paragraph.get(0) as Y.XmlText
  return {
    start: encodeAnchor(Y.createRelativePositionFromTypeIndex(text, from)),
    end: encodeAnchor(Y.createRelativePositionFromTypeIndex(text, from + length)),
  }
}
