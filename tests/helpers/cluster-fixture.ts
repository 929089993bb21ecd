/**
 * What a multi-instance test starts and must stop: databases in the shared
 * PostgreSQL, private Redis servers, Plank instances and clients. close()
 * (in afterAll) ends them all, in the order that leaves nothing behind.
 */
import type { PlankConfig } from '../../server/config.js'
import type { Client } from './clients.js'
import { type RunningRedis, startRedis } from './redis.js'
import { type RunningPlank, startPlank } from './server.js'
import { createTestDatabase, dropTestDatabase } from './services.js'

/** Every instance of one deployment signs the shared audit log with the same key. */
export const CLUSTER_AUDIT_KEY = 'the audit key every instance of this deployment shares'

export class ClusterFixture {
  private readonly databases: string[] = []
  private readonly redises: RunningRedis[] = []
  private readonly instances: RunningPlank[] = []
  private readonly clients: Client[] = []

  async database(prefix: string): Promise<string> {
    const url = await createTestDatabase(prefix)
    this.databases.push(url)
    return url
  }

  /** A Redis of the test's own, to stop, kill, freeze or misconfigure without disturbing other files. */
  async redis(): Promise<RunningRedis> {
    const redis = await startRedis()
    this.redises.push(redis)
    return redis
  }

  async instance(config: Partial<PlankConfig>): Promise<RunningPlank> {
    const instance = await startPlank({ config: { auditKey: CLUSTER_AUDIT_KEY, ...config } })
    this.instances.push(instance)
    return instance
  }

  client(client: Client): Client {
    this.clients.push(client)
    return client
  }

  async close(): Promise<void> {
    for (const c of this.clients.splice(0)) c.destroy()
    for (const instance of this.instances.splice(0)) await instance.close()
    for (const redis of this.redises.splice(0)) {
      // A Redis a test froze (SIGSTOP) would not hear the stop.
      const pid = redis.pid()
      if (pid) process.kill(pid, 'SIGCONT')
      await redis.stop()
    }
    for (const url of this.databases.splice(0)) await dropTestDatabase(url)
  }
}
