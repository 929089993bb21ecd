/** PLANK_DATABASE_URL and PLANK_REDIS_URL (server/config.ts parseSharedServices): what starts, and what is refused before anything opens. */
import { describe, expect, it } from 'vitest'
import { parseSharedServices } from '../../server/config.js'

const KEY = { PLANK_AUDIT_KEY: 'k'.repeat(40) }

describe('shared services configuration', () => {
  it('keeps SQLite and one instance when neither is set', () => {
    expect(parseSharedServices({})).toEqual({ databaseUrl: null, redisUrl: null })
    expect(parseSharedServices({ PLANK_DATABASE_URL: '', PLANK_REDIS_URL: '' })).toEqual({ databaseUrl: null, redisUrl: null })
  })

  it('selects PostgreSQL, and Redis beside it', () => {
    expect(parseSharedServices({ ...KEY, PLANK_DATABASE_URL: 'postgres://db/plank' })).toEqual({ databaseUrl: 'postgres://db/plank', redisUrl: null })
    expect(parseSharedServices({ ...KEY, PLANK_DATABASE_URL: 'postgresql://db/plank', PLANK_REDIS_URL: 'rediss://cache:6380' })).toEqual({
      databaseUrl: 'postgresql://db/plank',
      redisUrl: 'rediss://cache:6380',
    })
  })

  it.each([
    [{ ...KEY, PLANK_DATABASE_URL: 'mysql://db/plank' }, /postgres:\/\//],
    [{ ...KEY, PLANK_DATABASE_URL: 'postgres://db/plank', PLANK_REDIS_URL: 'http://cache' }, /redis:\/\//],
    [{ ...KEY, PLANK_REDIS_URL: 'redis://cache' }, /needs PLANK_DATABASE_URL/],
    [{ PLANK_DATABASE_URL: 'postgres://db/plank' }, /needs PLANK_AUDIT_KEY/],
  ])('refuses %j', (env, message) => {
    expect(() => parseSharedServices(env)).toThrow(message)
  })
})
