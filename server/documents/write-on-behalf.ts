import * as Y from 'yjs'
import { SERVER_ORIGIN } from '../relay/hooks.js'
import type { Store } from '../store/store.js'

/**
 * Runs `edit` as a server change of `doc` (stored and relayed like any edit)
 * and records that the items it created were written for `personId`: an
 * accepted amendment's words are its author's, a restored text its
 * restorer's, in "who wrote which words" (server/versions/authorship.ts).
 * The server's client id writes them, so no person's client id is used.
 */
export function writeOnBehalf(store: Pick<Store, 'recordServerWrite'>, docName: string, doc: Y.Doc, personId: string, edit: () => void): void {
  const client = doc.clientID
  const from = Y.getState(doc.store, client)
  doc.transact(edit, SERVER_ORIGIN)
  const to = Y.getState(doc.store, client)
  if (to === from) return
  try {
    store.recordServerWrite(docName, client, from, to, personId)
  } catch {
    // The edit is stored; only its attribution is lost (the words show as the server's).
  }
}
