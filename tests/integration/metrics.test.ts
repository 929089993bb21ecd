/**
 * Issue 17, point 5: GET /metrics (Prometheus text) and GET /healthz with
 * each dependency, over the wire, against a real server, real y-websocket
 * clients and a real SQLite store.
 */
import { rmSync } from 'node:fs'
import * as Y from 'yjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { configFromEnv, parseMetricsAccess } from '../../server/config.js'
import { ProbeFailure } from '../../server/observability/health.js'
import { CloseCode } from '../../shared/protocol.js'
import { appendParagraph, connectClient, sectionText, storedDoc, waitFor, waitSynced, type Client } from '../helpers/clients.js'
import { type Family, parsePrometheusText, sample } from '../helpers/prometheus-text.js'
import { closed, openRaw, sendCrafted } from '../helpers/raw-socket.js'
import { startPlank, type RunningPlank } from '../helpers/server.js'
import { syncUpdateFrame, updateOn } from '../helpers/updates.js'

const TOKEN = 'metrics-token-for-the-test-0123456789'
const withToken = { authorization: `Bearer ${TOKEN}` }

describe('GET /metrics', () => {
  let plank: RunningPlank
  const clients: Client[] = []
  beforeAll(async () => {
    // Through the environment parser, as a deployment sets it; rooms unload soon so the gauge can be seen going down.
    plank = await startPlank({ config: { metrics: configFromEnv({ PLANK_METRICS_TOKEN: TOKEN }, { clientDir: null }).metrics, unloadGraceMs: 200 } })
  })
  afterAll(async () => {
    for (const c of clients) c.destroy()
    await plank.close()
  })

  const scrape = async (): Promise<Map<string, Family>> => {
    const res = await fetch(`${plank.url}/metrics`, { headers: withToken })
    expect(res.status).toBe(200)
    return parsePrometheusText(await res.text())
  }
  const refusedBy = (families: Map<string, Family>, reason: string): number =>
    sample(families, 'plank_updates_refused_total', `plank_updates_refused_total{reason="${reason}"}`)
  const facilitatorClient = async (): Promise<Client> => {
    const client = connectClient(plank.wsUrl, plank.sample.platformId, { cookie: await plank.cookieFor(plank.person('facilitator').id) })
    clients.push(client)
    await waitSynced(client)
    return client
  }

  it('answers in the Prometheus text format, every line HELP, TYPE or a sample', async () => {
    const res = await fetch(`${plank.url}/metrics`, { headers: withToken })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8')
    expect(res.headers.get('cache-control')).toBe('no-store')
    const text = await res.text()
    // A few lines exactly as a scraper reads them.
    expect(text).toMatch(/^# HELP plank_websocket_connections \S.*$/m)
    expect(text).toMatch(/^# TYPE plank_websocket_connections gauge$/m)
    expect(text).toMatch(/^plank_websocket_connections \d+$/m)
    expect(text).toMatch(/^# TYPE plank_updates_refused_total counter$/m)
    expect(text).toMatch(/^plank_updates_refused_total\{reason="forbidden"\} \d+$/m)
    expect(text).toMatch(/^# TYPE plank_store_write_seconds histogram$/m)
    expect(text).toMatch(/^plank_store_write_seconds_bucket\{le="\+Inf"\} \d+$/m)
    expect(text).toMatch(/^plank_fanout_seconds_bucket\{le="0\.001",path="local"\} \d+$/m)
    expect(text).toMatch(/^plank_fanout_seconds_count\{path="redis"\} 0$/m)
    expect(text).toMatch(/^plank_redis_lag_seconds_count 0$/m)
    expect(text).toMatch(/^process_cpu_seconds_total \d+(\.\d+)?(e[+-]?\d+)?$/m)

    const families = parsePrometheusText(text)
    for (const name of [
      'plank_websocket_connections',
      'plank_rooms_loaded',
      'plank_updates_accepted_total',
      'plank_updates_refused_total',
      'plank_store_write_seconds',
      'plank_fanout_seconds',
      'plank_redis_lag_seconds',
      'plank_http_requests_total',
    ]) {
      expect(families.get(name)?.help, name).toMatch(/\S/)
    }
    expect(families.get('nodejs_eventloop_lag_seconds')?.type).toBe('gauge')
    // Refusal reasons are a fixed set, each series there from the start.
    expect([...families.get('plank_updates_refused_total')!.samples.keys()].sort()).toEqual(
      ['audit', 'backlog', 'client_id', 'forbidden', 'invalid', 'malformed', 'too_large'].map((r) => `plank_updates_refused_total{reason="${r}"}`),
    )
  })

  it('counts connections and rooms, accepted updates, store writes and fan-out as real clients write', async () => {
    await waitFor(() => plank.plank.rooms.size === 0, 'no room loaded yet')
    const before = await scrape()
    expect(sample(before, 'plank_websocket_connections')).toBe(0)
    expect(sample(before, 'plank_rooms_loaded')).toBe(0)

    const writer = await facilitatorClient()
    const reader = await facilitatorClient()
    // A client's own sync answer crosses its socket while the scrape crosses another: wait for both to be in, then count exactly.
    let connected = await scrape()
    for (let tries = 0; sample(connected, 'plank_updates_accepted_total') - sample(before, 'plank_updates_accepted_total') < 2 && tries < 100; tries++) {
      await new Promise((r) => setTimeout(r, 20))
      connected = await scrape()
    }
    expect(sample(connected, 'plank_websocket_connections')).toBe(2)
    expect(sample(connected, 'plank_rooms_loaded')).toBe(1)
    // Each stock client answers the server's sync step 1 with its own (empty) update: judged and accepted like any.
    const acceptedOnSync = sample(connected, 'plank_updates_accepted_total') - sample(before, 'plank_updates_accepted_total')
    expect(acceptedOnSync).toBe(2)

    const sectionId = plank.sample.sectionIds[0]!
    appendParagraph(writer.doc, sectionId, 'counted once')
    await waitFor(() => sectionText(reader.doc, sectionId).includes('counted once'), 'the reader has the paragraph')
    expect(sectionText(storedDoc(plank.plank.store, plank.sample.platformId), sectionId)).toContain('counted once')

    const after = await scrape()
    expect(sample(after, 'plank_updates_accepted_total') - sample(connected, 'plank_updates_accepted_total')).toBe(1)
    for (const reason of ['forbidden', 'malformed']) expect(refusedBy(after, reason)).toBe(refusedBy(before, reason))
    const stored =
      sample(after, 'plank_store_write_seconds', 'plank_store_write_seconds_count') -
      sample(before, 'plank_store_write_seconds', 'plank_store_write_seconds_count')
    expect(stored).toBeGreaterThanOrEqual(1)
    const fanOuts = (f: Map<string, Family>) => sample(f, 'plank_fanout_seconds', 'plank_fanout_seconds_count{path="local"}')
    expect(fanOuts(after) - fanOuts(connected)).toBe(1)
    const fanOutSeconds =
      sample(after, 'plank_fanout_seconds', 'plank_fanout_seconds_sum{path="local"}') -
      sample(connected, 'plank_fanout_seconds', 'plank_fanout_seconds_sum{path="local"}')
    // Measured, not made up: more than nothing, less than the test took.
    expect(fanOutSeconds).toBeGreaterThan(0)
    expect(fanOutSeconds).toBeLessThan(5)
    expect(sample(after, 'plank_fanout_seconds', 'plank_fanout_seconds_count{path="redis"}')).toBe(0)

    writer.destroy()
    reader.destroy()
    await waitFor(() => plank.plank.rooms.size === 0, 'the room unloads')
    const gone = await scrape()
    expect(sample(gone, 'plank_websocket_connections')).toBe(0)
    expect(sample(gone, 'plank_rooms_loaded')).toBe(0)
  })

  it('counts refused updates by reason: a write to gov is forbidden, unreadable bytes are malformed', async () => {
    const cookie = await plank.cookieFor(plank.person('facilitator').id)
    const url = `${plank.wsUrl}/${plank.sample.platformId}`
    const before = await scrape()

    const forbidden = await sendCrafted(
      url,
      cookie,
      updateOn(new Y.Doc(), (doc) => doc.getMap('gov').set('platform', 'hijacked')),
    )
    expect(forbidden).toEqual({ code: CloseCode.Forbidden, refused: true })
    const socket = await openRaw(url, cookie)
    const close = closed(socket)
    socket.send(syncUpdateFrame(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff])))
    expect((await close).code).toBe(CloseCode.Malformed)

    const after = await scrape()
    expect(refusedBy(after, 'forbidden') - refusedBy(before, 'forbidden')).toBe(1)
    expect(refusedBy(after, 'malformed') - refusedBy(before, 'malformed')).toBe(1)
    for (const reason of ['client_id', 'invalid', 'too_large', 'audit', 'backlog']) expect(refusedBy(after, reason), reason).toBe(refusedBy(before, reason))
    expect(sample(after, 'plank_updates_accepted_total')).toBe(sample(before, 'plank_updates_accepted_total'))
  })

  it('counts HTTP answers by method and status class, any other method as "other"', async () => {
    const count = (f: Map<string, Family>, method: string, status: string): number =>
      f.get('plank_http_requests_total')?.samples.get(`plank_http_requests_total{method="${method}",status="${status}"}`) ?? 0
    const before = await scrape()
    await fetch(`${plank.url}/api/platforms/nope`)
    await fetch(`${plank.url}/healthz`, { method: 'PROPFIND' })
    const after = await scrape()
    expect(count(after, 'GET', '4xx') - count(before, 'GET', '4xx')).toBe(1)
    expect(count(after, 'other', '4xx') - count(before, 'other', '4xx')).toBe(1)
    // The scrape before this one, answered 200.
    expect(count(after, 'GET', '2xx') - count(before, 'GET', '2xx')).toBe(1)
    expect([...after.get('plank_http_requests_total')!.samples.keys()].some((k) => k.includes('PROPFIND'))).toBe(false)
  })

  it('refuses without the token, with a wrong one, or one in the wrong scheme', async () => {
    const cases: Array<Record<string, string>> = [
      {},
      { authorization: 'Bearer wrong-token-of-some-length-0000000' },
      { authorization: `Bearer ${TOKEN}x` },
      { authorization: `Basic ${TOKEN}` },
    ]
    for (const headers of cases) {
      const res = await fetch(`${plank.url}/metrics`, { headers })
      expect(res.status, JSON.stringify(headers)).toBe(401)
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="plank-metrics"')
      const body = (await res.json()) as { error: { code: string; message: string } }
      expect(body.error.code).toBe('unauthenticated')
      expect(body.error.message).not.toContain(TOKEN)
    }
  })
})

describe('who may read /metrics, from the environment', () => {
  it('nobody by default (404, as any unknown address); anyone with PLANK_METRICS=1; PLANK_METRICS=0 wins over a token', async () => {
    for (const [env, status] of [
      [{}, 404],
      [{ PLANK_METRICS: '0', PLANK_METRICS_TOKEN: TOKEN }, 404],
      [{ PLANK_METRICS: '1' }, 200],
    ] as const) {
      const plank = await startPlank({ config: { metrics: configFromEnv(env, { clientDir: null }).metrics } })
      try {
        const res = await fetch(`${plank.url}/metrics`, { headers: withToken })
        expect(res.status, JSON.stringify(env)).toBe(status)
        if (status === 404) expect(await res.json()).toEqual({ error: { code: 'not_found', message: 'Not found.' } })
      } finally {
        await plank.close()
      }
    }
  })

  it('refuses a short token or an unknown switch at start', () => {
    expect(() => parseMetricsAccess({ PLANK_METRICS_TOKEN: 'short' })).toThrow(/at least 16 characters/)
    expect(() => parseMetricsAccess({ PLANK_METRICS: 'yes' })).toThrow(/PLANK_METRICS must be "0" or "1"/)
  })
})

describe('GET /healthz', () => {
  it('reports the store with its engine and latency, and 200 {"ok":true} as the contract says', async () => {
    const plank = await startPlank()
    try {
      const res = await fetch(`${plank.url}/healthz`)
      expect(res.status).toBe(200)
      expect(res.headers.get('cache-control')).toBe('no-store')
      const body = (await res.json()) as { ok: boolean; dependencies: { store: Record<string, unknown> } }
      expect(body).toEqual({ ok: true, dependencies: { store: { ok: true, engine: 'sqlite', latencyMs: expect.any(Number) } } })
      expect(body.dependencies.store.latencyMs).toBeGreaterThanOrEqual(0)
      expect(body.dependencies.store.latencyMs).toBeLessThan(1000)
    } finally {
      await plank.close()
    }
  })

  it('answers 503 naming the store when its probe fails, and logs why once', async () => {
    const log: string[] = []
    const plank = await startPlank({ config: { log: (line) => log.push(line) } })
    try {
      // The store's connection is gone for real: every query throws, as after the database layer broke.
      await plank.plank.store.close()
      for (let i = 0; i < 2; i++) {
        const res = await fetch(`${plank.url}/healthz`)
        expect(res.status).toBe(503)
        expect(await res.json()).toEqual({
          ok: false,
          failing: ['store'],
          dependencies: { store: { ok: false, engine: 'sqlite', code: 'probe_failed', latencyMs: expect.any(Number) } },
        })
      }
      expect(log.filter((line) => line.startsWith('health: '))).toEqual(['health: store failing (probe_failed): The database connection is not open'])
    } finally {
      // plank.close() would close the store a second time: close the sockets and the server only.
      plank.plank.rooms.closeAll()
      plank.plank.server.closeAllConnections()
      await new Promise((resolve) => plank.plank.server.close(resolve))
      rmSync(plank.dataDir, { recursive: true, force: true })
    }
  })

  it('takes dependencies registered at start: a failing critical one is 503, a non-critical one degrades, a silent one times out', async () => {
    const plank = await startPlank()
    try {
      const health = plank.plank.health
      let redisUp = false
      health.register({
        name: 'redis',
        critical: false,
        probe: () => {
          if (!redisUp) throw new ProbeFailure('unreachable', 'connect ECONNREFUSED 127.0.0.1:6379')
        },
      })
      const degraded = await fetch(`${plank.url}/healthz`)
      expect(degraded.status).toBe(200)
      expect(await degraded.json()).toMatchObject({
        ok: true,
        degraded: ['redis'],
        dependencies: { store: { ok: true }, redis: { ok: false, code: 'unreachable' } },
      })
      redisUp = true
      expect(await (await fetch(`${plank.url}/healthz`)).json()).toEqual({
        ok: true,
        dependencies: { store: expect.objectContaining({ ok: true }), redis: { ok: true, latencyMs: expect.any(Number) } },
      })

      health.register({ name: 'search', probe: () => new Promise<void>(() => {}) })
      expect(() => health.register({ name: 'search', probe: () => {} })).toThrow(/registered twice/)
      const started = Date.now()
      const hung = await fetch(`${plank.url}/healthz`)
      expect(Date.now() - started).toBeLessThan(5000)
      expect(hung.status).toBe(503)
      expect(await hung.json()).toMatchObject({ ok: false, failing: ['search'], dependencies: { search: { ok: false, code: 'timeout' } } })
    } finally {
      await plank.close()
    }
  })
})
