/**
 * The PostgreSQL and Redis that tests/setup/services-global.ts starts once per
 * vitest run, as test files reach them (vitest's provide/inject). A file
 * makes its own database with `createTestDatabase()`; a test that restarts
 * or kills a server starts a private one (postgres.ts, redis.ts) instead.
 */
import { inject } from 'vitest'
import { createDatabase, dropDatabase } from './postgres.js'

export interface ServiceAddress {
  host: string
  port: number
  /** postgres://postgres@127.0.0.1:<port>/postgres (the superuser, admin database), or redis://127.0.0.1:<port>. */
  url: string
}

export interface TestServices {
  postgres: ServiceAddress | null
  redis: ServiceAddress | null
  /** Why a service is null: it failed to start, or PLANK_TEST_SERVICES=0 turned them off. */
  errors: { postgres?: string; redis?: string }
  /** How long each took to start, for the report. */
  startupMs: { postgres?: number; redis?: number }
}

declare module 'vitest' {
  export interface ProvidedContext {
    plankServices: TestServices
  }
}

function services(): TestServices {
  const provided = inject('plankServices') as TestServices | undefined
  if (!provided) throw new Error('no test services: tests/setup/services-global.ts is not in vitest.config.ts globalSetup')
  return provided
}

/** The shared PostgreSQL (its superuser URL of the admin database); throws why it is not there. */
export function sharedPostgres(): ServiceAddress {
  const s = services()
  if (!s.postgres) throw new Error(`the test PostgreSQL is not running: ${s.errors.postgres ?? 'unknown reason'}`)
  return s.postgres
}

/** The shared Redis; throws why it is not there. Do not stop or flush it: other files use it too. */
export function sharedRedis(): ServiceAddress {
  const s = services()
  if (!s.redis) throw new Error(`the test Redis is not running: ${s.errors.redis ?? 'unknown reason'}`)
  return s.redis
}

/** A new empty database on the shared PostgreSQL for this test file; returns its URL. */
export const createTestDatabase = (prefix = 't'): Promise<string> => createDatabase(sharedPostgres().url, prefix)

/** Drops a database made by createTestDatabase (optional: the cluster goes at the end of the run). */
export const dropTestDatabase = (url: string): Promise<void> => dropDatabase(sharedPostgres().url, url)

export const testServicesStartup = (): TestServices['startupMs'] => services().startupMs
