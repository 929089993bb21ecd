import { join, resolve } from 'node:path'
import {
  DEFAULT_COMPACT_AFTER_UPDATES,
  DEFAULT_MAX_BUFFERED_BYTES,
  DEFAULT_MAX_MESSAGE_BYTES,
  DEFAULT_MAX_SOCKETS_PER_ADDRESS,
  DEFAULT_MAX_SOCKETS_PER_SESSION,
  DEFAULT_MAX_WAL_BYTES,
  DEFAULT_HEARTBEAT_MS,
  DEFAULT_PLATFORMS_PER_HOUR,
  DEFAULT_SETUP_LINK_HOURS,
  DEFAULT_UNLOAD_GRACE_MS,
} from '../shared/limits.js'
import type { Durability } from './store/sqlite/open.js'

/** Everything the server can be configured with; see README "Configuration". */
export interface PlankConfig {
  /** 0 picks a free port. */
  port: number
  host: string
  /** Holds plank.sqlite. */
  dataDir: string
  /** Create and show the sample platform. */
  demo: boolean
  maxMessageBytes: number
  maxBufferedBytes: number
  compactAfterUpdates: number
  unloadGraceMs: number
  durability: Durability
  /** PLANK_WAL_MAX_MB: the SQLite write-ahead log is kept under this many bytes. */
  maxWalBytes: number
  /** PLANK_HEARTBEAT_MS: how often the relay pings; a connection silent for a whole interval is dropped. */
  heartbeatMs: number
  commentMaxChars: number
  commentsPerMinute: number
  /** How long a sign-in lasts. */
  sessionTtlMs: number
  /** PLANK_VERSION_PAUSE_SECONDS: a section's writing paused this long gets a version (issue 16). */
  versionPauseMs: number
  /**
   * Express "trust proxy", from PLANK_TRUST_PROXY: false (unset or "0"); a
   * number of proxy hops in front of Plank ("1": one reverse proxy); or a
   * comma-separated list of proxy addresses/subnets ("loopback, 10.0.0.0/8").
   * Decides the client address (req.ip: sign-in throttling, connection caps)
   * and whether X-Forwarded-Proto https makes the session cookie Secure.
   */
  trustProxy: TrustProxy
  /** Relay connections open at once per session and per client address. */
  maxSocketsPerSession: number
  maxSocketsPerAddress: number
  /** Platforms one person may create per hour. */
  platformsPerHour: number
  /** How long an uploaded import waits for confirmation (default IMPORT_TTL_MS; tests shorten it). */
  importTtlMs?: number
  /** How long a first-run setup link is valid after it was issued. */
  setupLinkTtlMs: number
  /** PLANK_AUDIT_KEY: the audit log's signing key; null reads (or creates) `audit.key` in the data folder. */
  auditKey: string | null
  /** PLANK_METRICS, PLANK_METRICS_TOKEN: who may read GET /metrics (parseMetricsAccess). */
  metrics: MetricsAccess
  /** PLANK_DATABASE_URL: a postgres:// URL selects PostgreSQL for every store; null keeps SQLite in dataDir. */
  databaseUrl: string | null
  /** PLANK_REDIS_URL: a redis:// URL joins the instances sharing the database (multi-instance mode); null is one instance. */
  redisUrl: string | null
  /** Built client to serve; null serves none (API and relay only). */
  clientDir: string | null
  log: (line: string) => void
}

export type TrustProxy = false | number | string[]

/** GET /metrics: off (404), open to whoever reaches the port, or only with `Authorization: Bearer <token>`. */
export type MetricsAccess = { served: false } | { served: true; token: string | null }

/** Short tokens are guessable by whoever can reach the port. */
const MIN_METRICS_TOKEN_CHARS = 16

/**
 * PLANK_METRICS_TOKEN set: /metrics needs it as a bearer token. PLANK_METRICS=1
 * without a token: served to anyone who reaches the port (a private network, a
 * proxy that does not forward /metrics). Neither, or PLANK_METRICS=0: not
 * served. Off by default: counts of connections, rooms and refusals are
 * nobody's personal data, but a public deployment need not publish them.
 */
export function parseMetricsAccess(env: NodeJS.ProcessEnv): MetricsAccess {
  const switched = env.PLANK_METRICS ?? ''
  if (switched !== '' && switched !== '0' && switched !== '1') throw new Error(`PLANK_METRICS must be "0" or "1", got "${switched}"`)
  const token = env.PLANK_METRICS_TOKEN || null
  if (token !== null && token.length < MIN_METRICS_TOKEN_CHARS) throw new Error(`PLANK_METRICS_TOKEN must be at least ${MIN_METRICS_TOKEN_CHARS} characters`)
  if (switched === '0' || (switched === '' && token === null)) return { served: false }
  return { served: true, token }
}

/**
 * PLANK_DATABASE_URL and PLANK_REDIS_URL: the services instances share.
 * Redis without PostgreSQL would relay between instances that each keep
 * their own SQLite file, so it is refused; so is a shared database without
 * PLANK_AUDIT_KEY, since every instance must sign the one audit log with the
 * same key (a key file per data folder would make each other's entries
 * unverifiable).
 */
export function parseSharedServices(env: NodeJS.ProcessEnv): Pick<PlankConfig, 'databaseUrl' | 'redisUrl'> {
  const databaseUrl = env.PLANK_DATABASE_URL || null
  const redisUrl = env.PLANK_REDIS_URL || null
  if (databaseUrl !== null && !/^postgres(ql)?:\/\//.test(databaseUrl)) throw new Error('PLANK_DATABASE_URL must be a postgres:// or postgresql:// URL')
  if (redisUrl !== null && !/^rediss?:\/\//.test(redisUrl)) throw new Error('PLANK_REDIS_URL must be a redis:// or rediss:// URL')
  if (redisUrl !== null && databaseUrl === null) throw new Error('PLANK_REDIS_URL needs PLANK_DATABASE_URL: instances must share one database')
  if (databaseUrl !== null && !env.PLANK_AUDIT_KEY)
    throw new Error('PLANK_DATABASE_URL needs PLANK_AUDIT_KEY: every instance signs the shared audit log with the same key')
  return { databaseUrl, redisUrl }
}

/** PLANK_TRUST_PROXY: "" or "0" off, a hop count, or a list of trusted proxy addresses. */
export function parseTrustProxy(value: string | undefined): TrustProxy {
  const text = (value ?? '').trim()
  if (text === '' || text === '0' || text === 'false') return false
  if (/^\d+$/.test(text)) return Number(text)
  const list = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  if (list.length === 0) return false
  return list
}

const int = (value: string | undefined, fallback: number, name: string): number => {
  if (value === undefined || value === '') return fallback
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got "${value}"`)
  return n
}

export function configFromEnv(env: NodeJS.ProcessEnv, defaults: { clientDir: string | null }): PlankConfig {
  const durability = env.PLANK_DURABILITY ?? 'process'
  if (durability !== 'process' && durability !== 'power') {
    throw new Error(`PLANK_DURABILITY must be "process" or "power", got "${durability}"`)
  }
  return {
    port: int(env.PORT, 3000, 'PORT'),
    host: env.HOST ?? '0.0.0.0',
    dataDir: resolve(env.PLANK_DATA_DIR ?? './data'),
    demo: env.PLANK_DEMO !== '0',
    maxMessageBytes: int(env.PLANK_MAX_MESSAGE_BYTES, DEFAULT_MAX_MESSAGE_BYTES, 'PLANK_MAX_MESSAGE_BYTES'),
    maxBufferedBytes: int(env.PLANK_MAX_BUFFERED_BYTES, DEFAULT_MAX_BUFFERED_BYTES, 'PLANK_MAX_BUFFERED_BYTES'),
    compactAfterUpdates: int(env.PLANK_COMPACT_AFTER, DEFAULT_COMPACT_AFTER_UPDATES, 'PLANK_COMPACT_AFTER'),
    unloadGraceMs: int(env.PLANK_UNLOAD_GRACE_MS, DEFAULT_UNLOAD_GRACE_MS, 'PLANK_UNLOAD_GRACE_MS'),
    durability,
    heartbeatMs: int(env.PLANK_HEARTBEAT_MS, DEFAULT_HEARTBEAT_MS, 'PLANK_HEARTBEAT_MS'),
    maxWalBytes: int(env.PLANK_WAL_MAX_MB, DEFAULT_MAX_WAL_BYTES / (1024 * 1024), 'PLANK_WAL_MAX_MB') * 1024 * 1024,
    commentMaxChars: int(env.PLANK_COMMENT_MAX_CHARS, 10_000, 'PLANK_COMMENT_MAX_CHARS'),
    commentsPerMinute: int(env.PLANK_COMMENTS_PER_MINUTE, 30, 'PLANK_COMMENTS_PER_MINUTE'),
    sessionTtlMs: int(env.PLANK_SESSION_DAYS, 14, 'PLANK_SESSION_DAYS') * 24 * 60 * 60 * 1000,
    versionPauseMs: int(env.PLANK_VERSION_PAUSE_SECONDS, DEFAULT_VERSION_PAUSE_SECONDS, 'PLANK_VERSION_PAUSE_SECONDS') * 1000,
    trustProxy: parseTrustProxy(env.PLANK_TRUST_PROXY),
    maxSocketsPerSession: int(env.PLANK_MAX_SOCKETS_PER_SESSION, DEFAULT_MAX_SOCKETS_PER_SESSION, 'PLANK_MAX_SOCKETS_PER_SESSION'),
    maxSocketsPerAddress: int(env.PLANK_MAX_SOCKETS_PER_ADDRESS, DEFAULT_MAX_SOCKETS_PER_ADDRESS, 'PLANK_MAX_SOCKETS_PER_ADDRESS'),
    platformsPerHour: int(env.PLANK_PLATFORMS_PER_HOUR, DEFAULT_PLATFORMS_PER_HOUR, 'PLANK_PLATFORMS_PER_HOUR'),
    setupLinkTtlMs: int(env.PLANK_SETUP_LINK_HOURS, DEFAULT_SETUP_LINK_HOURS, 'PLANK_SETUP_LINK_HOURS') * 60 * 60 * 1000,
    auditKey: env.PLANK_AUDIT_KEY || null,
    metrics: parseMetricsAccess(env),
    ...parseSharedServices(env),
    clientDir: defaults.clientDir,
    log: (line) => console.log(line),
  }
}

/** A minute without writing: a thought finished, not a word. */
export const DEFAULT_VERSION_PAUSE_SECONDS = 60

export const databaseFile = (config: Pick<PlankConfig, 'dataDir'>): string => join(config.dataDir, 'plank.sqlite')
