/**
 * Plank's Prometheus metrics (issue 17, point 5), served at GET /metrics
 * (metrics-route.ts). One registry per Plank instance: several instances
 * can run in one process (the tests, the multi-instance tests), and each
 * must count only its own connections and updates. The process's own
 * metrics (CPU, memory, event loop, GC) are one set per process, shared by
 * every instance's registry.
 *
 * The relay's counts are plain numbers that the counters read when
 * scraped: the hot path adds one to a number and allocates nothing. The
 * histograms are observed once per stored turn, not per update.
 */
import type { RequestHandler } from 'express'
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client'
import { type FanOutPath, REFUSED_REASONS, type RefusedReason, type RelayMetrics } from './relay-metrics.js'

/** What the gauges read when scraped (nothing is counted as it happens). */
export interface MetricsSources {
  openConnections(): number
  roomsLoaded(): number
}

export interface PlankMetrics extends RelayMetrics {
  readonly registry: Registry
  /** Express middleware: counts every HTTP answer by method and status class. */
  readonly countRequests: RequestHandler
}

/** Seconds; SQLite appends take tens of microseconds, an fsync or a PostgreSQL round trip milliseconds. */
const LATENCY_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]
/** Seconds; across machines, clock skew adds to it (Date.now() on both ends). */
const REDIS_LAG_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

/** Methods outside this list count as "other": the label stays bounded whatever a client sends. */
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'])
const STATUS_CLASSES = ['1xx', '2xx', '3xx', '4xx', '5xx'] as const

let processMetrics: Registry | null = null

/** prom-client's default metrics, registered once per process (they watch the process, not an instance). */
function processRegistry(): Registry {
  if (!processMetrics) {
    processMetrics = new Registry()
    collectDefaultMetrics({ register: processMetrics })
  }
  return processMetrics
}

export function createMetrics(sources: MetricsSources): PlankMetrics {
  const own = new Registry()
  const registers = [own]

  new Gauge({
    name: 'plank_websocket_connections',
    help: 'Relay websocket connections open now (admitted: authenticated, under the caps, on an existing platform).',
    registers,
    collect() {
      this.set(sources.openConnections())
    },
  })
  new Gauge({
    name: 'plank_rooms_loaded',
    help: 'Platform documents loaded in memory (a room stays loaded for PLANK_UNLOAD_GRACE_MS after its last connection).',
    registers,
    collect() {
      this.set(sources.roomsLoaded())
    },
  })

  let accepted = 0
  const refused = Object.fromEntries(REFUSED_REASONS.map((reason) => [reason, 0])) as Record<RefusedReason, number>
  new Counter({
    name: 'plank_updates_accepted_total',
    help: 'Client document updates that passed the update guard and the transaction audit and were applied (then stored before being relayed).',
    registers,
    collect() {
      this.reset()
      this.inc(accepted)
    },
  })
  new Counter({
    name: 'plank_updates_refused_total',
    help: 'Client document updates refused: not applied, stored or relayed. reason: forbidden, client_id, invalid, too_large, malformed, audit, backlog.',
    labelNames: ['reason'],
    registers,
    collect() {
      this.reset()
      for (const reason of REFUSED_REASONS) this.inc({ reason }, refused[reason])
    },
  })

  const storeWrite = new Histogram({
    name: 'plank_store_write_seconds',
    help: "Time to append one turn's accepted updates of a document to the store (one transaction, committed).",
    buckets: LATENCY_BUCKETS,
    registers,
  })
  const fanOut = new Histogram({
    name: 'plank_fanout_seconds',
    help: "Time from the relay starting to judge a client's update to handing it, stored, to every other connection's socket. path: local (this instance's connections) or redis (another instance's).",
    labelNames: ['path'],
    buckets: LATENCY_BUCKETS,
    registers,
  })
  const fanOutBy = { local: fanOut.labels('local'), redis: fanOut.labels('redis') } satisfies Record<FanOutPath, unknown>
  // Both series exist from the start, so a rate() over them never starts from nothing.
  fanOut.zero({ path: 'local' })
  fanOut.zero({ path: 'redis' })
  const redisLag = new Histogram({
    name: 'plank_redis_lag_seconds',
    help: 'Time from one instance publishing an update on Redis to another receiving it (multi-instance mode; empty without PLANK_REDIS_URL).',
    buckets: REDIS_LAG_BUCKETS,
    registers,
  })

  const httpRequests = new Counter({
    name: 'plank_http_requests_total',
    help: 'HTTP answers by method (GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, other) and status class (1xx to 5xx). Websocket upgrades are counted as connections instead.',
    labelNames: ['method', 'status'],
    registers,
  })
  const countRequests: RequestHandler = (req, res, next) => {
    res.once('finish', () => {
      const method = METHODS.has(req.method) ? req.method : 'other'
      httpRequests.inc({ method, status: STATUS_CLASSES[Math.floor(res.statusCode / 100) - 1] ?? 'other' })
    })
    next()
  }

  return {
    // Merged once every metric exists: a snapshot of both registries' metric objects, which go on counting.
    registry: Registry.merge([processRegistry(), own]),
    countRequests,
    updateAccepted() {
      accepted++
    },
    updateRefused(reason) {
      refused[reason]++
    },
    observeStoreWrite(ms) {
      storeWrite.observe(ms / 1000)
    },
    observeFanOut(ms, path = 'local') {
      fanOutBy[path].observe(ms / 1000)
    },
    observeRedisLag(ms) {
      // A negative lag is clock skew between machines, not time travel.
      redisLag.observe(Math.max(0, ms) / 1000)
    },
  }
}
