/**
 * Where the relay asks the rest of the server. The relay speaks the Yjs
 * protocol, checks the shape of every update, stores before it relays and
 * keeps presence honest; what a person is, what they may write and what a
 * document holds besides text is decided behind these hooks, which app.ts
 * fills (governance: server/gov/relay-hooks.ts). In the spirit of
 * Hocuspocus's Extension (one named hook per moment of a connection's and a
 * document's life), but synchronous: every decision here runs in the same
 * step as the change it guards, with no edit able to land in between.
 *
 * `C` is the connection's context, the principal: the relay carries it,
 * hands it to the hooks and never looks inside it.
 */
import type { IncomingMessage } from 'node:http'
import type * as Y from 'yjs'

/** Origin of the changes the server makes itself (a hook's, such as the gov projection): no connection's. */
export const SERVER_ORIGIN = Symbol('plank-server')
/**
 * Origin of changes another instance accepted, stored and published
 * (multi-instance mode): already judged, stored and watched there, so here
 * they are only applied and relayed to this instance's connections.
 */
export const REMOTE_ORIGIN = Symbol('plank-remote')

/** The authenticate hook's answer: a connection is admitted with its context, or closed with a code. */
export type Admission<C> =
  | {
      ok: true
      /**
       * Who writes: the Yjs client ids a connection uses are claimed for this
       * id, and a presence state claiming another id is ignored.
       */
      userId: string
      context: C
      /** The sign-in it came with: signing out closes it (Rooms.closeSession), and the heartbeat asks sessionAlive. */
      sessionKey: string
      /** Epoch ms when the sign-in ends: the relay closes the socket then (4401). */
      expiresAt: number
    }
  | { ok: false; code: number; reason: string }

export interface DocumentPayload {
  documentName: string
  document: Y.Doc
}

export interface ConnectionPayload<C> extends DocumentPayload {
  userId: string
  context: C
}

export interface RelayHooks<C> {
  /** On upgrade, before any frame: who is connecting to `documentName`, with the upgrade's query parameters. */
  authenticate(request: IncomingMessage, documentName: string, params: URLSearchParams): Admission<C>
  /** At each heartbeat: is the sign-in still valid? A connection whose session ended is closed 4401. */
  sessionAlive(sessionKey: string): boolean
  /**
   * Once per update a connection sends, before it is applied: which roots
   * the connection may write, as the document is now. The update guard asks
   * it for every root the update touches, and the transaction audit for
   * every item and deletion the integrated update actually made; one `false`
   * refuses the whole update (4403).
   */
  authorizeWrites(payload: DocumentPayload & { context: C }): (root: string) => boolean
  /**
   * A document was loaded from the store, before any connection sees it.
   * Changes made here (origin SERVER_ORIGIN) are stored like any other; if
   * storing fails the document is not opened (1011).
   */
  afterLoadDocument(payload: DocumentPayload): void
  /**
   * A document is about to leave memory: no connection for the grace
   * period, the server closing, or its store failing (then it runs inside
   * the document's update event: change nothing in the document here).
   */
  beforeUnloadDocument(payload: DocumentPayload): void
  /**
   * The `user` field of a presence state, replacing whatever the client
   * claimed (`claimed`: the client's own `user`, if an object). The relay
   * has already ignored a state whose `user.personId` is not the
   * connection's userId.
   */
  identify(payload: ConnectionPayload<C> & { claimed: Record<string, unknown> | null }): Record<string, unknown>
  /** Who a connection is, for log lines ("person p1 (delegate)"). */
  describe(userId: string, context: C): string
}
