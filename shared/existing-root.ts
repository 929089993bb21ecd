import * as Y from 'yjs'

/**
 * Root types of a Y.Doc without creating them. `doc.get(name)`,
 * `doc.getXmlFragment(name)` and friends create the root when it is absent,
 * so a request naming an unknown id would grow the live document (and its
 * memory) by one root each time. Read paths use these instead.
 */
// biome-ignore lint/suspicious/noExplicitAny: Yjs types are generic over their event type
export const existingRoot = (doc: Y.Doc, name: string): Y.AbstractType<any> | null => doc.share.get(name) ?? null

/**
 * The root `name` as an XmlFragment if the document has it, else null. A root
 * loaded from an update is untyped until first asked for; typing it does not
 * add a root. A root of another type (only a crafted update could make one)
 * is no section text: null.
 */
export function existingXmlFragment(doc: Y.Doc, name: string): Y.XmlFragment | null {
  const root = existingRoot(doc, name)
  if (root === null) return null
  if (root instanceof Y.XmlFragment) return root
  return root.constructor === Y.AbstractType ? doc.getXmlFragment(name) : null
}
