/**
 * The relay's wire protocol: the standard y-websocket message types, plus
 * Plank's own extras. A stock y-websocket client never sends the extras and is
 * never sent one unless it asked (a stock client logs unknown types as errors).
 */
export const MessageType = {
  /** y-protocols sync (step 1, step 2, update). */
  Sync: 0,
  /** y-protocols awareness update. */
  Awareness: 1,
  /** y-protocols auth (permission denied). */
  Auth: 2,
  /** Ask the other side to send its awareness states. */
  QueryAwareness: 3,
  /**
   * "Saved up to here": the client sends a number after its updates; the
   * relay answers with the same number once every update that arrived before
   * it on this connection is durably stored. Messages on one websocket arrive
   * in order, so the echo proves everything sent earlier is on disk.
   */
  SaveCheck: 100,
  /**
   * The relay refused an update (not applied, stored or relayed); carries a
   * reason code. The connection is then closed with CloseCode.Forbidden.
   */
  Refused: 101,
  /**
   * Sent to Plank's own client (SAVE_ACK_PARAM connections) in
   * multi-instance mode: whether edits still reach people connected to the
   * other instances (ServerStatus below). Sent on connecting while not live,
   * and on every change. Saving is unaffected either way.
   */
  ServerStatus: 102,
} as const

/** A ServerStatus message's value. */
export const ServerStatus = {
  /** Edits reach everyone, on every instance. */
  live: 0,
  /** This instance lost Redis: edits are saved, but reach people on other instances only once it is back (or they reconnect). */
  notLiveAcrossInstances: 1,
} as const
export type ServerStatusValue = (typeof ServerStatus)[keyof typeof ServerStatus]

/**
 * Every close code the relay sends, in one place (as Hocuspocus's
 * CloseEvents.ts). Each says who sends it, when, and what the client does.
 * The rule the clients follow is y-websocket's: 4400–4499 mean "do not
 * reconnect" (the provider stops and emits `closed`); every other code is
 * transient and the provider reconnects with backoff, then resyncs, so
 * nothing acknowledged is lost. Plank's own client (client/src/platform/
 * connection.ts, PlatformShell) also shows a screen for each permanent code.
 *
 * Not sent as a code: a connection that stops reading (its unsent data
 * passes PLANK_MAX_BUFFERED_BYTES) or misses a heartbeat is terminated
 * without a close frame (the client sees 1006 and reconnects). A refused
 * websocket upgrade (not under /ws/, or a cross-site page) is an HTTP 404 or
 * 403, before any websocket exists.
 */
export const CloseCode = {
  /**
   * 4400, permanent. Relay (relay.ts, messages.ts, client-updates.ts): the
   * client broke the protocol — a text frame, an unknown message type, bytes
   * that do not decode, an update the guard cannot read (dependency cycles,
   * deleted ranges out of order…). A client bug: reconnecting would repeat it.
   */
  Malformed: 4400,
  /**
   * 4401, permanent. Authenticate hook (identity/connection-auth.ts) on
   * upgrade: no session cookie, ticket or token, or a dead one. Relay
   * (relay.ts) later: the session expired (at that moment, and for any
   * message after it) or ended (heartbeat asks sessionAlive); Rooms.
   * closeSession: the person signed out. Plank's client sends the person to
   * sign in; a script fetches a new ticket.
   */
  Unauthenticated: 4401,
  /**
   * 4403, permanent. Relay (client-updates.ts): an update was refused —
   * it writes a root the authorizeWrites hook forbids, holds content the
   * editor cannot show, exceeds the shape bounds, or writes under another
   * person's Yjs client id. Preceded by a Refused frame when the client asked
   * for save acks. Nothing of it was applied, stored or relayed, and none of
   * that client's later updates could apply, so Plank's client starts over on
   * a fresh Y.Doc (reconnecting itself) and keeps its refused text as a
   * recovered draft; a stock client stops.
   */
  Forbidden: 4403,
  /**
   * 4404, permanent. Authenticate hook on upgrade: no such platform, not a
   * member, or a ticket or token for another platform (one answer, so a
   * platform's existence is not revealed). Governance (gov/context.ts
   * refreshPrincipals): the person was removed from the platform while
   * connected. Plank's client shows "no access".
   */
  UnknownPlatform: 4404,
  /**
   * 4413, permanent. ws, on a frame over PLANK_MAX_MESSAGE_BYTES (it would
   * close 1009; relay.ts maps that to 4413). Resending the same frame would
   * fail again.
   */
  TooLarge: 4413,
  /**
   * 4429, permanent. Relay (relay.ts) on upgrade: the session or the client
   * address already has PLANK_MAX_SOCKETS_PER_SESSION / _PER_ADDRESS
   * connections open. A reconnect loop would only add to them.
   */
  TooManyConnections: 4429,
  /** 4508, transient. Reserved, not sent today: a client that cannot keep up is terminated instead (see above). */
  SlowConsumer: 4508,
  /**
   * 1011, transient. Relay: the document could not be opened safely (its
   * store refused a write, relay.ts), or an unexpected fault of ours while
   * handling a message (messages.ts; logged as "relay: FAULT #n" with the
   * person, platform and message type, and counted). Reconnect later.
   */
  ServerError: 1011,
  /**
   * 1013, transient. Relay (client-updates.ts): too many updates wait for
   * structs not sent yet, on this connection or platform. The client
   * reconnects and its sync resends them.
   */
  TryAgainLater: 1013,
  /**
   * 1001, transient. Server shutting down (app.ts close → every connection),
   * or the platform's store refused a write after the document was open
   * (rooms.ts: the room is dropped). The client reconnects and resyncs from
   * what is stored.
   */
  GoingAway: 1001,
} as const

/** Query-string parameter by which Plank's own client asks for SaveCheck answers. */
export const SAVE_ACK_PARAM = 'saveAcks'

/** Websocket path prefix: `ws://host/ws/<platformId>`. */
export const WS_PATH_PREFIX = '/ws/'

/**
 * Why the relay refused an update (carried by a Refused message):
 * `forbidden` it writes what the person's role does not allow; `invalid` it
 * holds content the editor cannot show; `tooLarge` it exceeds the shape bounds
 * of shared/limits.ts (structs, clients, deleted ranges per update).
 */
export type RefusalReason = 'forbidden' | 'invalid' | 'tooLarge'
