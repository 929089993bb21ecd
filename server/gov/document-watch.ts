import type * as Y from 'yjs'
import type { GovernanceHooks } from './relay-hooks.js'

/** What follows each loaded document's edits (approvals an edit makes stale, the versions it calls for). */
export interface DocumentWatcher {
  watch(platformId: string, doc: Y.Doc): void
  /** The document leaves memory: what is pending runs now, then watching stops. */
  unwatch(platformId: string): void
}

/** The governance hooks, with `watcher` following each document from its load to its unload. */
export function withDocumentWatch(hooks: GovernanceHooks, watcher: () => DocumentWatcher): GovernanceHooks {
  return {
    ...hooks,
    afterLoadDocument(payload) {
      hooks.afterLoadDocument(payload)
      watcher().watch(payload.documentName, payload.document)
    },
    beforeUnloadDocument(payload) {
      watcher().unwatch(payload.documentName)
      hooks.beforeUnloadDocument(payload)
    },
  }
}
