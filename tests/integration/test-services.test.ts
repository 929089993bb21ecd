/**
 * The PostgreSQL and Redis that the global setup starts (tests/setup/services-global.ts)
 * answer, each test file gets a database of its own, and the helpers that start private
 * servers can crash and restart them as the multi-instance tests need.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { createDatabase, startPostgres, withClient } from '../helpers/postgres.js'
import { redisCommand, redisPing, startRedis } from '../helpers/redis.js'
import { createTestDatabase, dropTestDatabase, sharedPostgres, sharedRedis, testServicesStartup } from '../helpers/services.js'

describe('the shared test services', () => {
  const made: string[] = []
  afterAll(async () => {
    for (const url of made) await dropTestDatabase(url)
  })

  it('PostgreSQL answers SELECT 1 on loopback, with fsync on and room for 200 connections', async () => {
    const { url, host } = sharedPostgres()
    expect(host).toBe('127.0.0.1')
    const row = await withClient(url, async (c) => {
      const r = await c.query<{ one: number; fsync: string; max: string; addresses: string; version: string }>(
        `SELECT 1 AS one, current_setting('fsync') AS fsync, current_setting('max_connections') AS max,
                current_setting('listen_addresses') AS addresses, current_setting('server_version_num') AS version`,
      )
      return r.rows[0]!
    })
    expect(row).toMatchObject({ one: 1, fsync: 'on', max: '200', addresses: '127.0.0.1' })
    expect(Number(row.version)).toBeGreaterThanOrEqual(150000)
    console.log(`test services started in: PostgreSQL ${testServicesStartup().postgres} ms, Redis ${testServicesStartup().redis} ms`)
  })

  it('gives each test file a fresh UTF-8 database of its own', async () => {
    const a = await createTestDatabase()
    const b = await createTestDatabase()
    made.push(a, b)
    expect(a).not.toBe(b)
    await withClient(a, (c) => c.query('CREATE TABLE t (v text)').then(() => c.query("INSERT INTO t VALUES ('only in a')")))
    const tables = await withClient(b, (c) => c.query("SELECT count(*)::int AS n FROM pg_tables WHERE tablename = 't'"))
    expect(tables.rows[0]).toEqual({ n: 0 })
    const encoding = await withClient(a, (c) =>
      c.query<{ e: string }>('SELECT pg_encoding_to_char(encoding) AS e FROM pg_database WHERE datname = current_database()'),
    )
    expect(encoding.rows[0]!.e).toBe('UTF8')
  })

  it('sorts text as a production locale does, not by code point (so order-dependent queries show it)', async () => {
    const url = await createTestDatabase()
    made.push(url)
    const sorted = await withClient(url, (c) => c.query<{ v: string }>("SELECT v FROM (VALUES ('beta'), ('Alpha'), ('Zeta'), ('alpha')) AS t(v) ORDER BY v"))
    expect(sorted.rows.map((r) => r.v)).toEqual(['alpha', 'Alpha', 'beta', 'Zeta'])
  })

  it('Redis answers PING and keeps a value', async () => {
    const { port, host } = sharedRedis()
    expect(host).toBe('127.0.0.1')
    expect(await redisPing(port)).toBe(true)
    const key = `test-services:${process.pid}:${Date.now()}`
    expect(await redisCommand(port, ['SET', key, 'v', 'EX', '60'])).toBe('+OK')
    expect(await redisCommand(port, ['EXISTS', key])).toBe(':1')
  })
})

describe('private servers for tests that crash or restart them', () => {
  it('a private Redis restarts on the same port, empty, and stays down after kill() until restarted', async () => {
    const redis = await startRedis()
    try {
      expect(redis.url).toBe(`redis://127.0.0.1:${redis.port}`)
      expect(await redisCommand(redis.port, ['SET', 'k', 'v'])).toBe('+OK')
      await redis.restart()
      expect(await redisPing(redis.port)).toBe(true)
      // No persistence: a restarted Redis has forgotten everything, as in production without it.
      expect(await redisCommand(redis.port, ['EXISTS', 'k'])).toBe(':0')
      await redis.kill()
      expect(redis.pid()).toBeNull()
      expect(await redisPing(redis.port)).toBe(false)
      await redis.restart()
      expect(await redisPing(redis.port)).toBe(true)
      expect(await redisPing(sharedRedis().port)).toBe(true)
    } finally {
      await redis.stop()
    }
    expect(await redisPing(redis.port)).toBe(false)
  })

  it('a private PostgreSQL keeps committed rows through kill -9 of every process and a restart', async () => {
    const t0 = performance.now()
    const postgres = await startPostgres({ maxConnections: 20 })
    const startMs = Math.round(performance.now() - t0)
    try {
      const url = await createDatabase(postgres.url(), 'crash')
      await withClient(url, async (c) => {
        await c.query('CREATE TABLE t (v int)')
        await c.query('INSERT INTO t SELECT generate_series(1, 1000)')
      })
      const pid = postgres.pid()
      expect(pid).toBeGreaterThan(0)
      await postgres.kill9()
      expect(postgres.pid()).toBeNull()
      await expect(withClient(url, (c) => c.query('SELECT 1'))).rejects.toThrow()
      const t1 = performance.now()
      await postgres.restart()
      const recoverMs = Math.round(performance.now() - t1)
      const count = await withClient(url, (c) => c.query<{ n: number }>('SELECT count(*)::int AS n FROM t'))
      expect(count.rows[0]!.n).toBe(1000)
      expect(postgres.logTail(200)).toMatch(/not properly shut down|automatic recovery/)
      console.log(`private PostgreSQL: started in ${startMs} ms, recovered from kill -9 in ${recoverMs} ms`)
    } finally {
      await postgres.stop()
    }
  })
})
