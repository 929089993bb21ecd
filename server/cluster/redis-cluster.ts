/**
 * Multi-instance mode over Redis pub/sub (PLANK_REDIS_URL): every instance
 * sharing one PostgreSQL database publishes its cluster events on one
 * channel, named after the database's deployment id (so two deployments
 * sharing a Redis never hear each other), and hears everyone else's.
 *
 * Redis carries nothing durable. An event is published after what it tells
 * of is committed in PostgreSQL; while Redis is away events are dropped (no
 * offline queue: a backlog replayed late would only be stale), `live` turns
 * false, and when the subscription is back every instance resyncs from the
 * store what it holds in memory (app.ts). Two connections, as Redis wants:
 * a subscribed connection can do nothing else.
 */
import { randomUUID } from 'node:crypto'
import { Redis } from 'ioredis'
import type { RelayMetrics } from '../observability/relay-metrics.js'
import type { Cluster, ClusterEvent } from './cluster.js'
import { decodeClusterMessage, encodeClusterMessage } from './cluster-messages.js'

export interface RedisClusterOptions {
  url: string
  /** The shared database's deployment id (Store.deploymentId). */
  deploymentId: string
  log: (line: string) => void
  metrics: Pick<RelayMetrics, 'observeRedisLag'>
  /** How long start-up waits for the first subscription; past it the instance serves, not live, and keeps trying. */
  connectTimeoutMs?: number
}

/** How long a reconnecting connection waits between attempts (ms): quick at first, then at most 2 s. */
const retryDelay = (attempt: number): number => Math.min(100 * attempt, 2000)

/** How long a Redis command may take before the instance counts Redis as away (ms). */
const COMMAND_TIMEOUT_MS = 2000
/** How often a live instance checks that Redis still answers on both connections, publishing or not (ms). */
const HEARTBEAT_MS = 1000

export const clusterChannel = (deploymentId: string): string => `plank:${deploymentId}:events`

export async function connectRedisCluster(options: RedisClusterOptions): Promise<Cluster & { readonly instanceId: string }> {
  const instanceId = randomUUID()
  const channel = clusterChannel(options.deploymentId)
  // commandTimeout: a Redis that hangs (overloaded, frozen, cut off without a reset) keeps its
  // connections open; without an answer in time a command fails, and the instance goes not live.
  const common = {
    retryStrategy: retryDelay,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    lazyConnect: true,
    commandTimeout: COMMAND_TIMEOUT_MS,
  } as const
  const pub = new Redis(options.url, { ...common, connectionName: `plank-pub-${instanceId}` })
  // Subscribed by hand on every 'ready' below, so `live` turns true only once the subscription is in place.
  const sub = new Redis(options.url, { ...common, autoResubscribe: false, connectionName: `plank-sub-${instanceId}` })
  const handlers: Array<(event: ClusterEvent, sentAt: number) => void> = []
  const liveHandlers: Array<(live: boolean) => void> = []
  let live = false
  let closed = false
  let lastError = ''
  /** Events were dropped since the last time live (or the instance served before its first subscription). */
  let dropped = false

  const setLive = (next: boolean): void => {
    if (live === next || closed) return
    live = next
    if (!next) dropped = true
    else if (dropped) {
      dropped = false
      // What this instance published while cut off never arrived: everyone reloads from the store.
      publish({ kind: 'resync' })
    }
    options.log(
      next ? 'cluster: live across instances (Redis subscribed)' : `cluster: NOT live across instances: Redis unreachable${lastError ? ` (${lastError})` : ''}`,
    )
    for (const handler of liveHandlers) {
      try {
        handler(next)
      } catch (error) {
        options.log(`cluster: FAULT in a live-change handler: ${(error as Error).stack ?? String(error)}`)
      }
    }
  }

  for (const connection of [pub, sub]) {
    // Without a listener ioredis would throw its errors into the event loop.
    connection.on('error', (error: Error) => {
      lastError = error.message
    })
    connection.on('close', () => setLive(false))
  }
  sub.on('ready', () => {
    sub.subscribe(channel).then(
      () => setLive(pub.status === 'ready'),
      (error: Error) => {
        lastError = error.message
        sub.disconnect(true)
      },
    )
  })
  // The publishing side coming back second also makes the instance live again.
  pub.on('ready', () => {
    if (sub.status === 'ready') setLive(true)
  })
  sub.on('messageBuffer', (from: Buffer, bytes: Buffer) => {
    if (from.toString() !== channel) return
    const message = decodeClusterMessage(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength))
    if (message === null) {
      options.log(`cluster: dropped a message on ${channel} that this version cannot read (${bytes.byteLength} bytes)`)
      return
    }
    if (message.from === instanceId) return
    options.metrics.observeRedisLag(Date.now() - message.sentAt)
    for (const handler of handlers) {
      try {
        handler(message.event, message.sentAt)
      } catch (error) {
        options.log(`cluster: FAULT handling a ${message.event.kind} event: ${(error as Error).stack ?? String(error)}`)
      }
    }
  })

  const send = (event: ClusterEvent): Promise<number> => {
    const bytes = encodeClusterMessage({ from: instanceId, sentAt: Date.now(), event })
    return pub.publish(channel, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))
  }

  /**
   * A command failed. If the connection is failing, 'close' follows and
   * 'ready' resyncs; if Redis refused it on a healthy connection (an ACL, a
   * misconfigured proxy) or did not answer in time (it hangs), no event will,
   * so the instance is not live until a publish goes through again.
   */
  const failed = (error: Error): void => {
    lastError = error.message
    setLive(false)
    probeUntilPublished()
  }

  function publish(event: ClusterEvent): void {
    if (!live) return
    send(event).catch(failed)
  }

  // Both connections answer, even while nothing is published (a subscribed connection may PING).
  const heartbeat = setInterval(() => {
    if (live) Promise.all([pub.ping(), sub.ping()]).catch(failed)
  }, HEARTBEAT_MS)
  heartbeat.unref()

  let probe: NodeJS.Timeout | null = null
  /** While connected but refused: tries a resync every second; once one is published, the instance is live again. */
  function probeUntilPublished(): void {
    if (probe || closed) return
    probe = setTimeout(() => {
      probe = null
      // Not connected: the 'ready' handlers make it live again, with its resync.
      if (closed || pub.status !== 'ready' || sub.status !== 'ready') return
      send({ kind: 'resync' }).then(
        () => {
          dropped = false
          setLive(true)
        },
        (error: Error) => {
          lastError = error.message
          probeUntilPublished()
        },
      )
    }, 1000)
    probe.unref()
  }

  const started = new Promise<void>((resolve) => {
    const done = (): void => resolve()
    liveHandlers.push(function once(next) {
      if (!next) return
      liveHandlers.splice(liveHandlers.indexOf(once), 1)
      done()
    })
    setTimeout(() => {
      if (!live) dropped = true
      done()
    }, options.connectTimeoutMs ?? 5000).unref()
  })
  // connect() rejects on a first failure; the retry strategy goes on trying regardless.
  pub.connect().catch(() => {})
  sub.connect().catch(() => {})
  await started
  if (!live)
    options.log(
      `cluster: started NOT live across instances: Redis at ${new URL(options.url).host} did not answer${lastError ? ` (${lastError})` : ''}; retrying`,
    )

  return {
    instanceId,
    shared: true,
    get live() {
      return live
    },
    publish,
    onEvent(handler) {
      handlers.push(handler)
    },
    onLive(handler) {
      liveHandlers.push(handler)
    },
    async ping() {
      await pub.ping()
    },
    async close() {
      closed = true
      live = false
      clearInterval(heartbeat)
      if (probe) clearTimeout(probe)
      pub.disconnect()
      sub.disconnect()
    },
  }
}
