/**
 * Which cluster this instance is part of: none (one instance, the default),
 * or the instances sharing its PostgreSQL database, over Redis
 * (PLANK_REDIS_URL; config.ts refuses Redis without a shared database).
 */
import type { PlankConfig } from '../config.js'
import { ProbeFailure } from '../observability/health.js'
import type { RelayMetrics } from '../observability/relay-metrics.js'
import type { Store } from '../store/store.js'
import { SINGLE_INSTANCE, type Cluster } from './cluster.js'
import { connectRedisCluster } from './redis-cluster.js'

export async function joinCluster(config: PlankConfig, store: Store, metrics: Pick<RelayMetrics, 'observeRedisLag'>): Promise<Cluster> {
  if (!config.redisUrl) return SINGLE_INSTANCE
  if (store.deploymentId === null) throw new Error('PLANK_REDIS_URL needs PLANK_DATABASE_URL: instances must share one database')
  return connectRedisCluster({ url: config.redisUrl, deploymentId: store.deploymentId, log: config.log, metrics })
}

/** /healthz's Redis probe: a round trip, the subscription in place and publishing accepted (either alone does not make an instance live). */
export async function clusterProbe(cluster: Cluster): Promise<void> {
  if (!cluster.live) throw new ProbeFailure('not_live', 'not live across instances: not subscribed to the cluster channel, or Redis refuses to publish')
  await cluster.ping()
}
