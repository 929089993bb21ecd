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
} as const

/**
 * Close codes. 4400–4499 tell a y-websocket client not to reconnect; others
 * are transient.
 */
export const CloseCode = {
  Malformed: 4400,
  Unauthenticated: 4401,
  Forbidden: 4403,
  UnknownPlatform: 4404,
  TooLarge: 4413,
  /** Too many open connections for this session or address (PLANK_MAX_SOCKETS_PER_*); do not reconnect. */
  TooManyConnections: 4429,
  /** Transient: the client could not keep up; it may reconnect and resync. */
  SlowConsumer: 4508,
  /**
   * Transient: the server could not handle this — the document could not be
   * opened safely (its store refused a write), or an unexpected fault while
   * handling a message (logged and counted); reconnect later.
   */
  ServerError: 1011,
  /**
   * Transient: too many updates wait for structs not sent yet (on this
   * connection or platform); reconnect, and the sync resends them.
   */
  TryAgainLater: 1013,
  /** Transient: the server is shutting down; reconnect later. */
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
