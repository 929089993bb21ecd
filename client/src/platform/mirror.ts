import * as Y from 'yjs'

/** Origin of what the mirror receives from the live document. */
const FROM_LIVE = Symbol('plank-mirror')

const mirrors = new WeakMap<Y.Doc, Y.Doc>()

/**
 * A copy of a live document for editors of sections this person may not
 * write. y-prosemirror writes to the document it is bound to on its own (it
 * deletes content its schema cannot hold, merges text nodes); bound to this
 * mirror, whatever it does stays on this page: the mirror receives every
 * change of the live document and sends nothing back, is never stored, and
 * nothing is relayed from it. Item ids are the same as in the live document,
 * so relative positions (comment anchors, carets) mean the same in both.
 * One mirror per live document, shared by all its read-only editors.
 */
export function readOnlyMirror(live: Y.Doc): Y.Doc {
  const existing = mirrors.get(live)
  if (existing) return existing
  const mirror = new Y.Doc()
  Y.applyUpdate(mirror, Y.encodeStateAsUpdate(live), FROM_LIVE)
  const forward = (update: Uint8Array) => Y.applyUpdate(mirror, update, FROM_LIVE)
  live.on('update', forward)
  live.once('destroy', () => {
    live.off('update', forward)
    mirrors.delete(live)
    mirror.destroy()
  })
  mirrors.set(live, mirror)
  return mirror
}
