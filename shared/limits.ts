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
/** A presence (awareness) state larger than this (its JSON, in bytes) is not relayed. */
export const PRESENCE_MAX_STATE_BYTES = 4 * 1024
/** Presence updates relayed per connection and second; the excess is coalesced (only the latest kept), never closing the connection. */
export const PRESENCE_MAX_UPDATES_PER_SECOND = 20
/** Presence client ids one connection may announce (one per tab and doc; more are ignored). */
export const PRESENCE_MAX_CLIENTS_PER_CONNECTION = 4
/** The presence bar shows this many people; the rest are counted ("N more"). */
export const PRESENCE_SHOWN_MAX = 12
/**
 * Shape bounds of one client update (the relay refuses larger ones). Generous
 * for a day of offline drafting on one device; small enough that the worst
 * update Yjs can be made to integrate stays in the tens of milliseconds (see
 * bench/results: "worst-case update").
 */
export const MAX_UPDATE_STRUCTS = 20_000
export const MAX_UPDATE_CLIENTS = 64
export const MAX_UPDATE_DELETE_RANGES = 50_000
/**
 * Bounds of a client update as sent, before it is cut down to what the server
 * lacks. Looser: a page that loads its device copy while its first sync is
 * still under way sends its whole stored history (every client, every struct).
 */
export const MAX_RAW_UPDATE_STRUCTS = 100_000
export const MAX_RAW_UPDATE_CLIENTS = 2_000
export const MAX_RAW_UPDATE_DELETE_RANGES = 200_000
/** Elements nested inside one another in a section (lists in quotes in lists…). */
export const MAX_NESTING_DEPTH = 48
/** The most columns or rows one table cell may span (colspan, rowspan). */
export const MAX_TABLE_SPAN = 1000
/** Updates one connection may have waiting for structs it has not sent yet (and their bytes). */
export const MAX_PARKED_UPDATES = 64
export const MAX_PARKED_BYTES = 4 * 1024 * 1024
/** The same, for all connections of one platform together. */
export const MAX_PARKED_UPDATES_PER_ROOM = 512
export const MAX_PARKED_BYTES_PER_ROOM = 16 * 1024 * 1024
/** Milliseconds spent retrying parked updates in one turn of the event loop; the rest wait for the next. */
export const PARKED_RETRY_BUDGET_MS = 10
/** Open relay connections per session (tabs and windows of one sign-in) and per client address. */
export const DEFAULT_MAX_SOCKETS_PER_SESSION = 20
export const DEFAULT_MAX_SOCKETS_PER_ADDRESS = 2_000
/** Platforms one person may create per hour. */
export const DEFAULT_PLATFORMS_PER_HOUR = 20
/** How long the first-run setup link stays valid after it was issued. */
export const DEFAULT_SETUP_LINK_HOURS = 24
/**
 * The SQLite write-ahead log is kept under this size (PLANK_WAL_MAX_MB): once
 * it grows past a quarter of it, a checkpoint empties it (TRUNCATE), and
 * SQLite's journal_size_limit is that quarter too.
 */
export const DEFAULT_MAX_WAL_BYTES = 64 * 1024 * 1024
/** Personal access tokens one person may hold (not revoked, not expired) at once. */
export const MAX_ACCESS_TOKENS_PER_PERSON = 50
/** The relay pings every connection this often; one from which nothing (pong or message) arrived since the last ping is dropped. */
export const DEFAULT_HEARTBEAT_MS = 30_000
/**
 * After an edit, how long the server waits for the writing to pause before it
 * checks which approvals the edit made stale (server/signoff/stale-approvals.ts).
 */
export const STALE_APPROVAL_CHECK_MS = 500
/**
 * Importing a platform from a .docx or .md file (server/import/). The upload
 * itself; what a .docx's zip may unpack to (its text parts, pictures aside:
 * they are never read), so a zip bomb stops at this many bytes; the HTML the
 * conversion may produce; how deep its elements may nest before the rest is
 * flattened to text (the editor allows MAX_NESTING_DEPTH, lists and tables
 * add levels of their own); and the sections one import may hold.
 */
export const MAX_IMPORT_FILE_BYTES = 10 * 1024 * 1024
export const MAX_IMPORT_UNZIPPED_BYTES = 32 * 1024 * 1024
export const MAX_IMPORT_ZIP_ENTRIES = 2_000
export const MAX_IMPORT_HTML_CHARS = 2 * 1024 * 1024
export const MAX_IMPORT_HTML_DEPTH = 24
export const MAX_IMPORT_SECTIONS = 300
/** How long an uploaded import waits for its confirmation, and how many one person may hold at once (the oldest goes). */
export const IMPORT_TTL_MS = 30 * 60_000
export const MAX_HELD_IMPORTS_PER_PERSON = 5
