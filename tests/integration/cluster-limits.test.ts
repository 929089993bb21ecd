/**
 * Abuse limits hold across instances (issue 17 item 4): they count in the
 * shared database, so spreading attempts over instances gains nothing.
 * Wrong passwords tried through three instances throttle the pair on all of
 * them; a ticket opens one connection, once, whichever instances it is tried
 * on (also at the same moment); the comment limit counts comments made
 * through every instance. Each limit counted per process would let the last
 * attempt through, so each test fails if the count is not shared.
 */
import type * as Y from 'yjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sectionRoot } from '../../shared/documents.js'
import { CloseCode } from '../../shared/protocol.js'
import { anchorInRoot } from '../helpers/anchors.js'
import { connectClient, nextTerminalClose, waitSynced, type Client } from '../helpers/clients.js'
import { api } from '../helpers/http.js'
import { startPlank, type RunningPlank } from '../helpers/server.js'
import { createTestDatabase, dropTestDatabase, sharedRedis } from '../helpers/services.js'

const AUDIT_KEY = 'the audit key every instance of this deployment shares'
const PASSWORD = 'a long enough password for Rosa'
const COMMENTS_PER_MINUTE = 3

describe('abuse limits across three instances', () => {
  let instances: RunningPlank[]
  let databaseUrl: string
  let platformId: string
  let facilitator: string
  const clients: Client[] = []
  const connect = (instance: RunningPlank, options: Parameters<typeof connectClient>[2]): Client => {
    const c = connectClient(instance.wsUrl, platformId, options)
    clients.push(c)
    return c
  }

  beforeAll(async () => {
    databaseUrl = await createTestDatabase('limits')
    const config = { databaseUrl, redisUrl: sharedRedis().url, auditKey: AUDIT_KEY, commentsPerMinute: COMMENTS_PER_MINUTE }
    instances = [await startPlank({ config })]
    instances.push(...(await Promise.all([startPlank({ config }), startPlank({ config })])))
    platformId = instances[0]!.sample.platformId
    facilitator = await instances[0]!.cookieFor(instances[0]!.person('facilitator').id)
  })
  afterAll(async () => {
    for (const c of clients) c.destroy()
    for (const instance of instances) await instance.close()
    await dropTestDatabase(databaseUrl)
  })

  it('five wrong passwords spread over the instances throttle the sixth attempt on any of them, and no session is made', async () => {
    const [a, b, c] = instances as [RunningPlank, RunningPlank, RunningPlank]
    const setup = await api(a.url, '/api/setup', {
      method: 'POST',
      body: { token: a.plank.setupToken, username: 'rosa', displayName: 'Rosa', password: PASSWORD },
    })
    expect(setup.status).toBe(201)
    const signIn = (instance: RunningPlank, password: string) =>
      fetch(`${instance.url}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ login: 'rosa', password }),
      })
    const statuses: number[] = []
    for (const [i, instance] of [a, b, c, a, b].entries()) statuses.push((await signIn(instance, `guess ${i}`)).status)
    expect(statuses).toEqual([401, 401, 401, 401, 401])
    // c saw one failure itself: only the shared count refuses it.
    const refused = await signIn(c, PASSWORD)
    expect(refused.status).toBe(429)
    expect(await refused.json()).toMatchObject({ error: { code: 'rate_limited' } })
    expect(refused.headers.getSetCookie()).toEqual([])
  })

  it('a ticket issued by one instance opens one connection on another, once; tried again anywhere it is refused', async () => {
    const [a, b, c] = instances as [RunningPlank, RunningPlank, RunningPlank]
    const issued = await api(a.url, '/api/tickets', { method: 'POST', body: { platformId }, cookie: facilitator })
    expect(issued.status).toBe(200)
    const { ticket } = issued.body as { ticket: string }
    const first = connect(b, { params: { ticket } })
    await waitSynced(first)
    for (const instance of [a, b, c]) {
      const again = connect(instance, { params: { ticket } })
      expect((await nextTerminalClose(again)).code).toBe(CloseCode.Unauthenticated)
      expect(again.provider.synced).toBe(false)
    }
  })

  it('a ticket tried on two instances at the same moment opens exactly one connection', async () => {
    const [a, b, c] = instances as [RunningPlank, RunningPlank, RunningPlank]
    for (let round = 0; round < 5; round++) {
      const issued = await api(a.url, '/api/tickets', { method: 'POST', body: { platformId }, cookie: facilitator })
      const { ticket } = issued.body as { ticket: string }
      const racers = [b, c].map((instance) => connect(instance, { params: { ticket } }))
      const outcomes = await Promise.all(
        racers.map((r) =>
          Promise.race([
            waitSynced(r).then(() => 'opened' as const),
            nextTerminalClose(r).then((close) => (close.code === CloseCode.Unauthenticated ? ('refused' as const) : ('other' as const))),
          ]),
        ),
      )
      expect(outcomes.sort()).toEqual(['opened', 'refused'])
    }
  })

  it('the comment limit counts comments made through every instance; the one over it is refused and not stored', async () => {
    const [a, b, c] = instances as [RunningPlank, RunningPlank, RunningPlank]
    const sectionId = a.sample.sectionIds[0]!
    const reader = connect(a, { cookie: facilitator })
    await waitSynced(reader)
    const post = (instance: RunningPlank, body: unknown) =>
      api(instance.url, `/api/platforms/${platformId}/comments`, { method: 'POST', body, cookie: facilitator })
    const thread = await post(a, { sectionId, ...anchorInRoot(reader.doc as Y.Doc, sectionRoot(sectionId), 0, 10), body: 'first, through A' })
    expect(thread.status).toBe(201)
    const parentId = (thread.body as { id: string }).id
    expect((await post(b, { parentId, body: 'second, through B' })).status).toBe(201)
    expect((await post(c, { parentId, body: 'third, through C' })).status).toBe(201)
    // A made one itself: only the shared count refuses the fourth.
    const over = await post(a, { parentId, body: 'fourth, through A' })
    expect(over.status).toBe(429)
    expect(over.body).toMatchObject({ error: { code: 'rate_limited' } })
    const listed = (await api(c.url, `/api/platforms/${platformId}/comments`, { cookie: facilitator })).body as { comments: Array<{ body: string }> }
    expect(listed.comments.map((comment) => comment.body).sort()).toEqual(['first, through A', 'second, through B', 'third, through C'])
  })
})
