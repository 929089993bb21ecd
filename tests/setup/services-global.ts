/**
 * vitest globalSetup: one throwaway PostgreSQL cluster and one Redis for the
 * whole run (tests/helpers/postgres.ts, redis.ts), on loopback in temporary
 * folders, stopped and removed at the end. Test files reach them through
 * tests/helpers/services.ts (provide/inject).
 *
 * A server that fails to start does not fail the run: its error is provided
 * instead, and the tests that need it fail with it. PLANK_TEST_SERVICES=0
 * starts neither (for running unit tests quickly).
 */
import type { TestProject } from 'vitest/node'
import { type RunningPostgres, startPostgres } from '../helpers/postgres.js'
import { type RunningRedis, startRedis } from '../helpers/redis.js'
import type { TestServices } from '../helpers/services.js'

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const services: TestServices = { postgres: null, redis: null, errors: {}, startupMs: {} }
  let postgres: RunningPostgres | null = null
  let redis: RunningRedis | null = null
  if (process.env.PLANK_TEST_SERVICES === '0') {
    services.errors.postgres = services.errors.redis = 'PLANK_TEST_SERVICES=0'
  } else {
    const timed = async <T>(start: () => Promise<T>): Promise<{ value: T; ms: number }> => {
      const t0 = performance.now()
      const value = await start()
      return { value, ms: Math.round(performance.now() - t0) }
    }
    const [pg, rd] = await Promise.allSettled([timed(() => startPostgres()), timed(() => startRedis())])
    if (pg.status === 'fulfilled') {
      postgres = pg.value.value
      services.postgres = { host: postgres.host, port: postgres.port, url: postgres.url() }
      services.startupMs.postgres = pg.value.ms
    } else {
      services.errors.postgres = String(pg.reason instanceof Error ? pg.reason.message : pg.reason)
      console.warn(`services-global: PostgreSQL did not start; tests that need it will fail.\n${services.errors.postgres}`)
    }
    if (rd.status === 'fulfilled') {
      redis = rd.value.value
      services.redis = { host: redis.host, port: redis.port, url: redis.url }
      services.startupMs.redis = rd.value.ms
    } else {
      services.errors.redis = String(rd.reason instanceof Error ? rd.reason.message : rd.reason)
      console.warn(`services-global: Redis did not start; tests that need it will fail.\n${services.errors.redis}`)
    }
  }
  project.provide('plankServices', services)
  return async () => {
    await Promise.allSettled([postgres?.stop(), redis?.stop()])
  }
}
