/**
 * /metrics in multi-instance mode (issue 17 item 5): the instance that
 * receives another's update over Redis records the Redis lag and the fan-out
 * on the `redis` path; the instance that accepted it records the `local` one.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { configFromEnv } from '../../server/config.js'
import { appendParagraph, connectClient, sectionText, waitFor, waitSynced, type Client } from '../helpers/clients.js'
import { parsePrometheusText, sample, type Family } from '../helpers/prometheus-text.js'
import { startPlank, type RunningPlank } from '../helpers/server.js'
import { createTestDatabase, dropTestDatabase, sharedRedis } from '../helpers/services.js'

const AUDIT_KEY = 'the audit key every instance of this deployment shares'

describe('metrics across two instances', () => {
  const instances: RunningPlank[] = []
  const clients: Client[] = []
  let databaseUrl: string | undefined
  afterAll(async () => {
    for (const c of clients) c.destroy()
    for (const instance of instances) await instance.close()
    if (databaseUrl) await dropTestDatabase(databaseUrl)
  })

  const scrape = async (instance: RunningPlank): Promise<Map<string, Family>> => {
    const res = await fetch(`${instance.url}/metrics`)
    expect(res.status).toBe(200)
    return parsePrometheusText(await res.text())
  }
  const redisLag = (f: Map<string, Family>) => sample(f, 'plank_redis_lag_seconds', 'plank_redis_lag_seconds_count')
  const fanOut = (f: Map<string, Family>, path: 'local' | 'redis') => sample(f, 'plank_fanout_seconds', `plank_fanout_seconds_count{path="${path}"}`)

  it('the receiving instance counts the Redis lag and a fan-out on the redis path', async () => {
    databaseUrl = await createTestDatabase('metrics')
    const metrics = configFromEnv({ PLANK_METRICS: '1' }, { clientDir: null }).metrics
    const config = { databaseUrl, redisUrl: sharedRedis().url, auditKey: AUDIT_KEY, metrics }
    instances.push(await startPlank({ config }))
    instances.push(await startPlank({ config }))
    const [a, b] = instances as [RunningPlank, RunningPlank]
    const { platformId, sectionIds } = a.sample
    const cookie = await a.cookieFor(a.person('facilitator').id)
    const writer = connectClient(a.wsUrl, platformId, { cookie })
    const watcherOnA = connectClient(a.wsUrl, platformId, { cookie })
    const reader = connectClient(b.wsUrl, platformId, { cookie })
    clients.push(writer, watcherOnA, reader)
    await Promise.all(clients.map(waitSynced))
    const [beforeA, beforeB] = [await scrape(a), await scrape(b)]

    appendParagraph(writer.doc, sectionIds[0]!, 'counted on both instances')
    await waitFor(() => sectionText(reader.doc, sectionIds[0]!).includes('counted on both instances'), 'the edit on B')
    await waitFor(() => sectionText(watcherOnA.doc, sectionIds[0]!).includes('counted on both instances'), 'the edit on A')
    const [afterA, afterB] = [await scrape(a), await scrape(b)]
    expect(redisLag(afterB)).toBeGreaterThan(redisLag(beforeB))
    expect(fanOut(afterB, 'redis')).toBeGreaterThan(fanOut(beforeB, 'redis'))
    expect(fanOut(afterA, 'local')).toBeGreaterThan(fanOut(beforeA, 'local'))
    // The accepting instance heard nothing of its own update back.
    expect(fanOut(afterA, 'redis')).toBe(fanOut(beforeA, 'redis'))
  })
})
