/**
 * The relay's second line of defence: after Yjs integrated a client's update
 * and before the change is stored or relayed, look at what the transaction
 * actually did to the server's document — every new item, where it is linked,
 * every deletion — and check it against the sender's rights once more.
 * If this ever disagrees with the update guard, the guard has a hole: the
 * change is neither stored nor relayed and the room is reloaded from the store.
 */
import * as Y from 'yjs'
import { DocTypes, type ParentShape } from './update-guard.js'

export interface AuditRules {
  mayWrite(root: string): boolean
  /** Why this content may not be placed here, or null. */
  contentRefusal(content: Y.Item['content'], parent: ParentShape, parentSub: string | null): string | null
}

/** What the transaction did that the rules forbid, or null. */
export function auditTransaction(transaction: Y.Transaction, rules: AuditRules): string | null {
  const doc = transaction.doc
  // A client update the guard passed never leaves anything waiting inside Yjs.
  if (doc.store.pendingStructs !== null || doc.store.pendingDs !== null) return 'left structs pending in the document'
  if (transaction.subdocsAdded.size > 0 || transaction.subdocsLoaded.size > 0) return 'added a subdocument'
  const types = new DocTypes(doc)
  const rootOf = (type: Y.AbstractType<unknown>): { root: string | null; shape: ParentShape } => types.describe(type)

  for (const [client, after] of transaction.afterState) {
    const before = transaction.beforeState.get(client) ?? 0
    if (after <= before) continue
    const structs = doc.store.clients.get(client)!
    for (let i = Y.findIndexSS(structs, before); i < structs.length; i++) {
      const struct = structs[i]!
      if (!(struct instanceof Y.Item)) continue // GC'd on arrival: changes nothing
      const parent = struct.parent
      if (!(parent instanceof Y.AbstractType)) return `item ${client}:${struct.id.clock} has no parent type`
      // Linked into the list of the type it claims as parent, nowhere else.
      if ((struct.left !== null && struct.left.parent !== parent) || (struct.right !== null && struct.right.parent !== parent)) {
        return `item ${client}:${struct.id.clock} is linked into another type`
      }
      const { root, shape } = rootOf(parent as Y.AbstractType<unknown>)
      if (root === null || !rules.mayWrite(root)) return `inserted into ${root ?? 'an unnamed type'}`
      const refusal = rules.contentRefusal(struct.content, shape, struct.parentSub)
      if (refusal !== null) return `inserted into ${root}: ${refusal}`
    }
  }

  let deletion: string | null = null
  Y.iterateDeletedStructs(transaction, transaction.deleteSet, (struct) => {
    if (deletion !== null || !(struct instanceof Y.Item)) return
    const parent = struct.parent
    if (!(parent instanceof Y.AbstractType)) return
    const { root } = rootOf(parent as Y.AbstractType<unknown>)
    if (root === null || !rules.mayWrite(root)) deletion = `deleted from ${root ?? 'an unnamed type'}`
  })
  return deletion
}
