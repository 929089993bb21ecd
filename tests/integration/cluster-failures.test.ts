/**
 * Multi-instance mode when parts fail (issue 17 item 3). An instance killed
 * with SIGKILL in the middle of writes loses nothing it acknowledged, and its
 * clients converge through another instance. Redis going away turns each
 * instance "not live across instances" (told to its clients, reported by
 * /healthz, still saving); when Redis returns the instances resync from the
 * shared database and every client converges.
 */
import { rmSync } from 'node:fs'
import * as decoding from 'lib0/decoding'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { CloseCode, MessageType, ServerStatus } from '../../shared/protocol.js'
import { openPostgresStore } from '../../server/store/postgres/open.js'
import { appendParagraph, connectClient, nextTerminalClose, sectionText, storedDoc, savedUpTo, waitFor, waitSynced, type Client } from '../helpers/clients.js'
import { api, demoCookie } from '../helpers/http.js'
import { CLUSTER_AUDIT_KEY, ClusterFixture } from '../helpers/cluster-fixture.js'
import { redisCommand } from '../helpers/redis.js'
import { spawnPlank, type ServerProcess } from '../helpers/server-process.js'
import { tempDataDir, type RunningPlank } from '../helpers/server.js'
import { createTestDatabase, dropTestDatabase, sharedRedis } from '../helpers/services.js'

const SAVE_ACKS = { saveAcks: '1' }

const clients: Client[] = []
const track = (c: Client): Client => {
  clients.push(c)
  return c
}
afterEach(() => {
  for (const c of clients.splice(0)) c.provider.destroy()
})

/** Every ServerStatus value the relay sent this client, in order. */
function statusLog(client: Client): number[] {
  const seen: number[] = []
  client.provider.messageHandlers[MessageType.ServerStatus] = (_encoder, decoder: decoding.Decoder) => {
    seen.push(decoding.readVarUint(decoder))
  }
  return seen
}

const allText = (client: Client, sectionIds: string[]): string => sectionIds.map((id) => sectionText(client.doc, id)).join('\n')

describe('an instance killed with SIGKILL during writes', () => {
  const made: { dirs: string[]; databases: string[]; processes: ServerProcess[] } = { dirs: [], databases: [], processes: [] }
  afterAll(async () => {
    for (const p of made.processes) p.child.kill('SIGKILL')
    await Promise.all(made.processes.map((p) => p.exited))
    for (const dir of made.dirs) rmSync(dir, { recursive: true, force: true })
    for (const url of made.databases) await dropTestDatabase(url)
  })

  it('loses nothing it acknowledged, and its writer converges with everyone through another instance', async () => {
    const databaseUrl = await createTestDatabase('kill')
    made.databases.push(databaseUrl)
    const env = { PLANK_DATABASE_URL: databaseUrl, PLANK_REDIS_URL: sharedRedis().url, PLANK_AUDIT_KEY: CLUSTER_AUDIT_KEY }
    const spawn = async (): Promise<ServerProcess> => {
      const dir = tempDataDir()
      made.dirs.push(dir)
      const p = await spawnPlank(dir, env)
      made.processes.push(p)
      return p
    }
    const doomed = await spawn()
    const survivor = await spawn()

    const { people } = (await (await fetch(`${doomed.url}/api/demo/people`)).json()) as { people: Array<{ id: string; role: string }> }
    const cookie = await demoCookie(doomed.url, people.find((p) => p.role === 'facilitator')!.id)
    const { platforms } = (await (await fetch(`${doomed.url}/api/platforms`, { headers: { cookie } })).json()) as { platforms: Array<{ id: string }> }
    const platformId = platforms[0]!.id
    const detail = (await (await fetch(`${doomed.url}/api/platforms/${platformId}`, { headers: { cookie } })).json()) as { sections: Array<{ id: string }> }
    const sectionIds = detail.sections.map((s) => s.id)

    const writer = track(connectClient(doomed.wsUrl, platformId, { cookie, params: SAVE_ACKS }))
    const watcher = track(connectClient(survivor.wsUrl, platformId, { cookie }))
    await Promise.all([waitSynced(writer), waitSynced(watcher)])

    // Writes keep coming; every few lines the writer asks what is stored. The
    // kill lands while lines are in flight, some acknowledged, some not.
    const acknowledged: string[] = []
    const sent: string[] = []
    let check = 0
    let killed = false
    const killAfterMs = 400
    const started = Date.now()
    while (!killed) {
      const batch: string[] = []
      for (let i = 0; i < 5; i++) {
        const line = `line ${sent.length} written before the kill`
        appendParagraph(writer.doc, sectionIds[sent.length % sectionIds.length]!, line)
        sent.push(line)
        batch.push(line)
      }
      if (Date.now() - started > killAfterMs) {
        // No wait for an acknowledgement: these lines are in flight.
        doomed.child.kill('SIGKILL')
        killed = true
        break
      }
      await savedUpTo(writer, ++check)
      acknowledged.push(...batch)
    }
    expect(await doomed.exited).toBe('SIGKILL')
    expect(acknowledged.length).toBeGreaterThan(10)
    expect(sent.length).toBeGreaterThan(acknowledged.length)

    // Everything acknowledged is in the shared database, and reached the other instance.
    const outside = openPostgresStore(databaseUrl)
    const stored = storedDoc(outside, platformId)
    const storedText = sectionIds.map((id) => sectionText(stored, id)).join('\n')
    await outside.close()
    for (const line of acknowledged) expect(storedText, 'stored in PostgreSQL').toContain(line)
    await waitFor(() => acknowledged.every((line) => allText(watcher, sectionIds).includes(line)), 'the other instance relayed every acknowledged line')

    // The writer's client reconnects, as through a load balancer, to the survivor:
    // what the dead instance never stored is sent again, and everyone converges.
    writer.provider.destroy()
    const reconnected = track(connectClient(survivor.wsUrl, platformId, { cookie, params: SAVE_ACKS, doc: writer.doc }))
    await waitSynced(reconnected)
    await savedUpTo(reconnected, 1)
    await waitFor(() => allText(watcher, sectionIds) === allText(reconnected, sectionIds), 'watcher and writer converge')
    for (const line of sent) expect(allText(watcher, sectionIds)).toContain(line)

    const fresh = track(connectClient(survivor.wsUrl, platformId, { cookie }))
    await waitSynced(fresh)
    expect(allText(fresh, sectionIds)).toBe(allText(reconnected, sectionIds))
  })
})

/** Two instances on a fresh database and a Redis of their own, a facilitator connected to each (acknowledged saves), and what the relay told each. */
async function pairOnOwnRedis(fixture: ClusterFixture, prefix: string) {
  const redis = await fixture.redis()
  const config = { databaseUrl: await fixture.database(prefix), redisUrl: redis.url }
  const a = await fixture.instance(config)
  const b = await fixture.instance(config)
  const { platformId, sectionIds } = a.sample
  const cookie = await a.cookieFor(a.person('facilitator').id)
  const onA = track(connectClient(a.wsUrl, platformId, { cookie, params: SAVE_ACKS }))
  const onB = track(connectClient(b.wsUrl, platformId, { cookie, params: SAVE_ACKS }))
  const statusA = statusLog(onA)
  const statusB = statusLog(onB)
  await Promise.all([waitSynced(onA), waitSynced(onB)])
  return { redis, a, b, platformId, sectionIds, cookie, onA, onB, statusA, statusB }
}

describe('Redis stopped and restarted mid-session', () => {
  const fixture = new ClusterFixture()
  afterAll(() => fixture.close())

  it('warns every client, keeps saving, reports the dependency, and converges when Redis returns', async () => {
    const { redis, a, b, platformId, sectionIds, cookie, onA, onB, statusA, statusB } = await pairOnOwnRedis(fixture, 'redis')
    const health = async (
      instance: RunningPlank,
    ): Promise<{ status: number; body: { ok: boolean; degraded?: string[]; dependencies: Record<string, { ok: boolean; code?: string }> } }> => {
      const response = await fetch(`${instance.url}/healthz`)
      return { status: response.status, body: (await response.json()) as never }
    }
    expect((await health(a)).body.dependencies.redis).toMatchObject({ ok: true })

    await redis.kill()
    await waitFor(
      () => statusA.includes(ServerStatus.notLiveAcrossInstances) && statusB.includes(ServerStatus.notLiveAcrossInstances),
      'both instances warn their clients',
    )
    const down = await health(a)
    expect(down.status).toBe(200)
    expect(down.body).toMatchObject({ ok: true, degraded: ['redis'], dependencies: { redis: { ok: false }, store: { ok: true } } })

    // Saving goes on while Redis is away: each side's writes are acknowledged.
    appendParagraph(onA.doc, sectionIds[0]!, 'written on A while Redis was away')
    appendParagraph(onB.doc, sectionIds[1]!, 'written on B while Redis was away')
    await Promise.all([savedUpTo(onA, 1), savedUpTo(onB, 1)])
    // And reaches the other instance, late, through the store.
    await waitFor(() => sectionText(onA.doc, sectionIds[1]!).includes('written on B while Redis was away'), 'B’s edit on A while Redis is away')

    // A member removed through B while Redis is away loses the connection A holds for them, and writes nothing.
    const delegate = a.person('delegate')
    const held = track(connectClient(a.wsUrl, platformId, { cookie: await a.cookieFor(delegate.id) }))
    await waitSynced(held)
    const removedClose = nextTerminalClose(held)
    expect((await api(b.url, `/api/platforms/${platformId}/members/${delegate.id}`, { method: 'DELETE', cookie })).status).toBe(204)
    expect((await removedClose).code).toBe(CloseCode.UnknownPlatform)

    await redis.restart()
    await waitFor(() => statusA.at(-1) === ServerStatus.live && statusB.at(-1) === ServerStatus.live, 'both instances say they are live again', 30_000)
    await waitFor(() => allText(onA, sectionIds) === allText(onB, sectionIds), 'clients on both instances converge')
    expect(allText(onA, sectionIds)).toContain('written on B while Redis was away')
    expect(allText(onB, sectionIds)).toContain('written on A while Redis was away')
    expect((await health(b)).body.dependencies.redis).toMatchObject({ ok: true })

    // And the channel carries new edits again.
    appendParagraph(onB.doc, sectionIds[2]!, 'written on B after Redis returned')
    await waitFor(() => sectionText(onA.doc, sectionIds[2]!).includes('written on B after Redis returned'), 'a new edit crosses instances')
  })
})

describe('Redis refusing to publish on a healthy connection', () => {
  const fixture = new ClusterFixture()
  afterAll(() => fixture.close())

  it('warns the refused instance’s clients, keeps saving, and resyncs once publishing works again', async () => {
    const { redis, a, sectionIds, onA, onB, statusA } = await pairOnOwnRedis(fixture, 'refuse')

    // The connections stay up; only PUBLISH is refused (NOPERM), so no close or reconnect tells the instance.
    expect(await redisCommand(redis.port, ['ACL', 'SETUSER', 'default', '-publish'])).toBe('+OK')
    appendParagraph(onA.doc, sectionIds[0]!, 'written on A while Redis refused to publish')
    await savedUpTo(onA, 1)
    await waitFor(() => statusA.at(-1) === ServerStatus.notLiveAcrossInstances, 'A warns its client')
    const down = (await (await fetch(`${a.url}/healthz`)).json()) as { degraded?: string[] }
    expect(down.degraded).toEqual(['redis'])
    expect(sectionText(onB.doc, sectionIds[0]!)).not.toContain('written on A while Redis refused to publish')

    expect(await redisCommand(redis.port, ['ACL', 'SETUSER', 'default', '+publish'])).toBe('+OK')
    await waitFor(() => statusA.at(-1) === ServerStatus.live, 'A is live again', 30_000)
    await waitFor(
      () => sectionText(onB.doc, sectionIds[0]!).includes('written on A while Redis refused to publish'),
      'what A wrote meanwhile reaches B through the resync',
    )
  })
})

describe('Redis hanging (frozen with SIGSTOP) with its connections open', () => {
  const fixture = new ClusterFixture()
  afterAll(() => fixture.close())

  it('is noticed: clients are warned, edits still cross through the store, and all is live again when it answers', async () => {
    const { redis, sectionIds, onA, onB, statusA, statusB } = await pairOnOwnRedis(fixture, 'hang')

    process.kill(redis.pid()!, 'SIGSTOP')
    // Nobody publishes: the heartbeat alone must notice.
    await waitFor(
      () => statusA.at(-1) === ServerStatus.notLiveAcrossInstances && statusB.at(-1) === ServerStatus.notLiveAcrossInstances,
      'both instances warn their clients',
      15_000,
    )
    appendParagraph(onB.doc, sectionIds[0]!, 'written on B while Redis hung')
    await savedUpTo(onB, 1)
    await waitFor(() => sectionText(onA.doc, sectionIds[0]!).includes('written on B while Redis hung'), 'B’s edit on A through the store', 15_000)

    process.kill(redis.pid()!, 'SIGCONT')
    await waitFor(() => statusA.at(-1) === ServerStatus.live && statusB.at(-1) === ServerStatus.live, 'both live again', 30_000)
    appendParagraph(onA.doc, sectionIds[1]!, 'written on A after Redis answered again')
    await waitFor(() => sectionText(onB.doc, sectionIds[1]!).includes('written on A after Redis answered again'), 'a new edit crosses instances')
  })
})

describe('a client reconnecting to an instance that has not yet heard of an edit it holds', () => {
  const fixture = new ClusterFixture()
  afterAll(() => fixture.close())

  it('is judged by what the deployment stored: accepted, not refused as writing under another person’s client id', async () => {
    const databaseUrl = await fixture.database('behind')
    const otherRedis = await fixture.redis()
    // The same database; B listens on another Redis, so it hears nothing of A (held open, the window every reconnect races with).
    const a = await fixture.instance({ databaseUrl, redisUrl: sharedRedis().url })
    const b = await fixture.instance({ databaseUrl, redisUrl: otherRedis.url })
    const { platformId } = a.sample
    const sectionId = a.plank.store.listSections(platformId).find((s) => s.ownerOrgId !== null)!.id
    const writer = a.person('delegate', { ownerOf: sectionId })
    const readerCookie = await a.cookieFor(a.person('facilitator').id)
    const onA = track(connectClient(a.wsUrl, platformId, { cookie: await a.cookieFor(writer.id), params: SAVE_ACKS }))
    const reader = track(connectClient(a.wsUrl, platformId, { cookie: readerCookie }))
    await Promise.all([waitSynced(onA), waitSynced(reader)])
    // B has the document open, from before the edit.
    const early = track(connectClient(b.wsUrl, platformId, { cookie: readerCookie }))
    await waitSynced(early)

    appendParagraph(onA.doc, sectionId, 'written by the owner on A')
    await savedUpTo(onA, 1)
    await waitFor(() => sectionText(reader.doc, sectionId).includes('written by the owner on A'), 'the reader has the edit')
    expect(sectionText(b.plank.rooms.get(platformId)!.doc, sectionId)).not.toContain('written by the owner on A')

    // The reader's connection moves to B (a load balancer without sticky sessions), carrying the edit in its sync.
    reader.provider.disconnect()
    const moved = track(connectClient(b.wsUrl, platformId, { cookie: readerCookie, doc: reader.doc, params: SAVE_ACKS }))
    let closedWith: number | null = null
    moved.provider.on('connection-close', (event: CloseEvent | null) => {
      closedWith ??= event?.code ?? null
    })
    await waitSynced(moved)
    await waitFor(() => sectionText(b.plank.rooms.get(platformId)!.doc, sectionId).includes('written by the owner on A'), 'B caught up')
    appendParagraph(moved.doc, sectionIds(a, platformId)[0]!, 'written by the reader on B')
    await savedUpTo(moved, 1)
    expect(closedWith).toBeNull()
    expect(sectionText(early.doc, sectionId)).toContain('written by the owner on A')
  })
})

const sectionIds = (instance: RunningPlank, platformId: string): string[] =>
  instance.plank.store
    .listSections(platformId)
    .filter((s) => s.ownerOrgId === null && !s.locked)
    .map((s) => s.id)
