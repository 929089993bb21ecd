/**
 * /metrics in multi-instance mode (issue 17 item 5): the instance that
 * receives another's update over Redis records the Redis lag and the fan-out
 * on the `redis` path; the instance that accepted it records the `local` one.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { configFromEnv } from '../../server/config.js'
import { appendParagraph, connectClient, sectionText, waitFor, waitSynced, type Client } from '../helpers/clients.js'
import { parsePrometheusText, sample, type Family } from '../helpers/prometheus-text.js'
import { ClusterFixture } from '../helpers/cluster-fixture.js'
import type { RunningPlank } from '../helpers/server.js'
import { sharedRedis } from '../helpers/services.js'

describe('metrics across two instances', () => {
  const fixture = new ClusterFixture()
  afterAll(() => fixture.close())

  const scrape = async (instance: RunningPlank): Promise<Map<string, Family>> => {
    const res = await fetch(`${instance.url}/metrics`)
    expect(res.status).toBe(200)
    return parsePrometheusText(await res.text())
  }
  const redisLag = (f: Map<string, Family>) => sample(f, 'plank_redis_lag_seconds', 'plank_redis_lag_seconds_count')
  const fanOut = (f: Map<string, Family>, path: 'local' | 'redis') => sample(f, 'plank_fanout_seconds', `plank_fanout_seconds_count{path="${path}"}`)

  it('the receiving instance counts the Redis lag and a fan-out on the redis path', async () => {
    const metrics = configFromEnv({ PLANK_METRICS: '1' }, { clientDir: null }).metrics
    const config = { databaseUrl: await fixture.database('metrics'), redisUrl: sharedRedis().url, metrics }
    const a = await fixture.instance(config)
    const b = await fixture.instance(config)
    const { platformId, sectionIds } = a.sample
    const cookie = await a.cookieFor(a.person('facilitator').id)
    const [writer, watcherOnA, reader] = [a, a, b].map((instance) => fixture.client(connectClient(instance.wsUrl, platformId, { cookie }))) as [
      Client,
      Client,
      Client,
    ]
    await Promise.all([writer, watcherOnA, reader].map(waitSynced))
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
