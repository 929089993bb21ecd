import { join, resolve } from 'node:path'
import {
  DEFAULT_COMPACT_AFTER_UPDATES,
  DEFAULT_MAX_BUFFERED_BYTES,
  DEFAULT_MAX_MESSAGE_BYTES,
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
  /**
   * Benchmarks only: false skips the relay's per-update permission check so
   * that its cost can be measured. Never turn it off for real use.
   */
  checkUpdates: boolean
  commentMaxChars: number
  commentsPerMinute: number
  /** How long a sign-in lasts. */
  sessionTtlMs: number
  /** Express "trust proxy": set when behind a reverse proxy, so Secure cookies and client addresses are right. */
  trustProxy: boolean
  /** Built client to serve; null serves none (API and relay only). */
  clientDir: string | null
  log: (line: string) => void
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
    checkUpdates: env.PLANK_BENCH_SKIP_UPDATE_CHECK !== '1',
    commentMaxChars: int(env.PLANK_COMMENT_MAX_CHARS, 10_000, 'PLANK_COMMENT_MAX_CHARS'),
    commentsPerMinute: int(env.PLANK_COMMENTS_PER_MINUTE, 30, 'PLANK_COMMENTS_PER_MINUTE'),
    sessionTtlMs: int(env.PLANK_SESSION_DAYS, 14, 'PLANK_SESSION_DAYS') * 24 * 60 * 60 * 1000,
    trustProxy: env.PLANK_TRUST_PROXY === '1',
    clientDir: defaults.clientDir,
    log: (line) => console.log(line),
  }
}

export const databaseFile = (config: Pick<PlankConfig, 'dataDir'>): string => join(config.dataDir, 'plank.sqlite')
