/** Defaults shared by server configuration and documentation. */
export const DEFAULT_MAX_MESSAGE_BYTES = 8 * 1024 * 1024
/** A connection whose unsent data exceeds this is disconnected (it resyncs on reconnect). */
export const DEFAULT_MAX_BUFFERED_BYTES = 16 * 1024 * 1024
/** Stored updates per document before the log is compacted into one state row. */
export const DEFAULT_COMPACT_AFTER_UPDATES = 500
/** How long a document with no clients stays in memory. */
export const DEFAULT_UNLOAD_GRACE_MS = 30_000
/** Presence older than this is shown as idle. */
export const IDLE_AFTER_MS = 60_000
