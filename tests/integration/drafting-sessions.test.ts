import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { remainingMs, serverClockOffset, type DraftingSession } from '../../shared/drafting.js'
import { readDraftingSessions } from '../../shared/gov.js'
import { CloseCode } from '../../shared/protocol.js'
import { appendParagraph, connectClient, nextTerminalClose, sectionText, waitFor, waitSynced, type Client } from '../helpers/clients.js'
import { api } from '../helpers/http.js'
import { startPlank, type DemoPerson, type RunningPlank } from '../helpers/server.js'

// Sessions as clients render them: their gov entries (session, hands, polls, answers) put together.
const sessionsOf = (client: Client): Record<string, DraftingSession> => Object.fromEntries(readDraftingSessions(client.doc).map((s) => [s.id, s]))

describe('drafting sessions', () => {
  let plank: RunningPlank
  let platformId: string
  let facilitator: string
  let watcher: Client
  let openSection: string
  let sessionId: string
  const cookies = new Map<string, string>()
  let delegates: DemoPerson[]

  beforeAll(async () => {
    plank = await startPlank()
    platformId = plank.sample.platformId
    facilitator = await plank.cookieFor(plank.person('facilitator').id)
    delegates = plank.people.filter((p) => p.role === 'delegate')
    for (const p of plank.people) cookies.set(p.id, await plank.cookieFor(p.id))
    openSection = plank.plank.store.listSections(platformId).find((s) => s.ownerOrgId === null)!.id
    watcher = connectClient(plank.wsUrl, platformId, { cookie: facilitator })
    await waitSynced(watcher)
  })
  afterAll(async () => {
    watcher.destroy()
    await plank.close()
  })

  const call = (path: string, cookie: string, body?: unknown, method = 'POST') =>
    api(plank.url, `/api/platforms/${platformId}/sessions${path}`, { method, body, cookie })
  const draftingState = () =>
    JSON.stringify(
      plank.plank.store
        .listDraftingSessions(platformId)
        .map((s) => ({ s, hands: plank.plank.store.hands(s.id), polls: plank.plank.store.polls(s.id), events: plank.plank.store.sessionEvents(s.id) })),
    )

  it('a facilitator plans a session with an agenda of sections and free items', async () => {
    const res = await call('', facilitator, {
      title: 'Convention drafting, day 1',
      progressive: true,
      agenda: [
        { kind: 'free', title: 'Opening', minutes: 5 },
        { kind: 'section', sectionId: openSection, minutes: 20 },
        { kind: 'free', title: 'Break', minutes: 10 },
      ],
    })
    expect(res.status).toBe(201)
    sessionId = (res.body as { id: string }).id
    await waitFor(() => sessionsOf(watcher)[sessionId]?.agenda.length === 3, 'session in gov')
    expect(sessionsOf(watcher)[sessionId]!.agenda[1]!.title).toBe(plank.plank.store.getSection(platformId, openSection)!.title)
  })

  it('refuses every facilitator-only action to other roles, storing nothing', async () => {
    const others = ['observer', 'delegate', 'boardRep'].map((role) => cookies.get(plank.person(role).id)!)
    const actions: Array<[string, unknown]> = [
      ['', { title: 'x', agenda: [{ kind: 'free', title: 'x', minutes: 1 }] }],
      [`/${sessionId}/start`, undefined],
      [`/${sessionId}/pause`, undefined],
      [`/${sessionId}/resume`, undefined],
      [`/${sessionId}/extend`, { minutes: 5 }],
      [`/${sessionId}/next`, undefined],
      [`/${sessionId}/end`, undefined],
      [`/${sessionId}/follow`, { sectionId: openSection }],
      [`/${sessionId}/call-next`, undefined],
      [`/${sessionId}/polls`, { kind: 'consent', question: 'x' }],
      [`/${sessionId}/pen`, { personId: delegates[0]!.id }],
    ]
    const before = draftingState()
    for (const cookie of others) {
      for (const [path, body] of actions) {
        const res = await call(path, cookie, body)
        expect(res.status, path).toBe(403)
      }
      expect((await call(`/${sessionId}/notes`, cookie, { notes: 'x' }, 'PUT')).status).toBe(403)
    }
    expect(draftingState()).toBe(before)
  })

  it('runs on the server’s clock: two clients’ countdowns agree within a second; pause and extend work', async () => {
    expect((await call(`/${sessionId}/start`, facilitator)).status).toBe(200)
    const second = connectClient(plank.wsUrl, platformId, { cookie: cookies.get(delegates[0]!.id)! })
    await waitSynced(second)
    await waitFor(() => sessionsOf(second)[sessionId]?.status === 'running', 'running everywhere')
    const offsetOf = async (): Promise<number> => {
      const sent = Date.now()
      const { now } = (await (await fetch(`${plank.url}/api/time`)).json()) as { now: number }
      return serverClockOffset(sent, Date.now(), now)
    }
    const [o1, o2] = [await offsetOf(), await offsetOf()]
    const r1 = remainingMs(sessionsOf(watcher)[sessionId]!, Date.now() + o1)!
    const r2 = remainingMs(sessionsOf(second)[sessionId]!, Date.now() + o2)!
    expect(Math.abs(r1 - r2)).toBeLessThan(1000)
    expect(r1).toBeGreaterThan(4 * 60_000)
    expect(r1).toBeLessThanOrEqual(5 * 60_000)

    await call(`/${sessionId}/pause`, facilitator)
    await waitFor(() => sessionsOf(second)[sessionId]?.clock.pausedAt !== null, 'paused')
    const paused = remainingMs(sessionsOf(second)[sessionId]!, Date.now() + o2)!
    await new Promise((r) => setTimeout(r, 300))
    expect(remainingMs(sessionsOf(second)[sessionId]!, Date.now() + o2)).toBe(paused)
    await call(`/${sessionId}/resume`, facilitator)
    await call(`/${sessionId}/extend`, facilitator, { minutes: 5 })
    await waitFor(() => sessionsOf(second)[sessionId]?.clock.extraMs === 5 * 60_000, 'extended')
    expect(remainingMs(sessionsOf(second)[sessionId]!, Date.now() + o2)!).toBeGreaterThan(9 * 60_000)
    second.destroy()
  })

  it('orders the speaking queue progressively: organizations that have not spoken in this item first', async () => {
    const [a1, b1] = [delegates[0]!, delegates[1]!]
    const a2 = plank.people.find((p) => p.role === 'boardRep' && p.orgId === a1.orgId)!
    for (const person of [a1, a2, b1]) {
      expect((await call(`/${sessionId}/hand`, cookies.get(person.id)!, { raised: true })).status).toBe(200)
      await new Promise((r) => setTimeout(r, 5))
    }
    const queue = () => sessionsOf(watcher)[sessionId]!.queue.map((q) => q.personId)
    await waitFor(() => queue().length === 3, 'three hands')
    // Nobody has spoken yet: time order.
    expect(queue()).toEqual([a1.id, a2.id, b1.id])
    expect((await call(`/${sessionId}/call-next`, facilitator)).body).toMatchObject({ speaker: a1.id })
    // a1's organization has spoken: b1 goes before a2.
    await waitFor(() => sessionsOf(watcher)[sessionId]!.speaker?.personId === a1.id, 'speaker')
    expect(queue()).toEqual([b1.id, a2.id])
    // Lowering a hand takes it out; observers cannot raise one.
    await call(`/${sessionId}/hand`, cookies.get(a2.id)!, { raised: false })
    await waitFor(() => queue().length === 1, 'lowered')
    expect((await call(`/${sessionId}/hand`, cookies.get(plank.person('observer').id)!, { raised: true })).status).toBe(403)
  })

  it('takes one answer per person per poll, changeable until closed, with results by organization', async () => {
    const res = await call(`/${sessionId}/polls`, facilitator, { kind: 'consent', question: 'Ready to move on?' })
    expect(res.status).toBe(201)
    const pollId = (res.body as { id: string }).id
    const [a, b] = delegates
    expect((await call(`/${sessionId}/polls/${pollId}/answer`, cookies.get(a!.id)!, { value: 'concerns' })).status).toBe(200)
    expect((await call(`/${sessionId}/polls/${pollId}/answer`, cookies.get(a!.id)!, { value: 'support' })).status).toBe(200)
    expect((await call(`/${sessionId}/polls/${pollId}/answer`, cookies.get(b!.id)!, { value: 'block' })).status).toBe(200)
    expect((await call(`/${sessionId}/polls/${pollId}/answer`, cookies.get(b!.id)!, { value: 'maybe' })).status).toBe(400)
    expect((await call(`/${sessionId}/polls/${pollId}/answer`, cookies.get(plank.person('observer').id)!, { value: 'support' })).status).toBe(403)
    const poll = plank.plank.store.polls(sessionId).find((p) => p.id === pollId)!
    expect(poll.answers.map((x) => [x.personId, x.value]).sort()).toEqual(
      [
        [a!.id, 'support'],
        [b!.id, 'block'],
      ].sort(),
    )
    await call(`/${sessionId}/polls/${pollId}/close`, facilitator)
    expect((await call(`/${sessionId}/polls/${pollId}/answer`, cookies.get(a!.id)!, { value: 'block' })).status).toBe(409)
    await waitFor(() => sessionsOf(watcher)[sessionId]!.polls.find((p) => p.id === pollId)?.closedAt !== null, 'closed in gov')
  })

  it('enforces the pen in the relay: only the holder writes the section; the pen goes back when the item ends', async () => {
    await call(`/${sessionId}/next`, facilitator)
    await waitFor(() => sessionsOf(watcher)[sessionId]!.currentItem === 1, 'on the section item')
    const [holder, other] = delegates
    expect((await call(`/${sessionId}/pen`, facilitator, { personId: holder!.id })).status).toBe(200)
    const holderClient = connectClient(plank.wsUrl, platformId, { cookie: cookies.get(holder!.id)! })
    const otherClient = connectClient(plank.wsUrl, platformId, { cookie: cookies.get(other!.id)! })
    await Promise.all([waitSynced(holderClient), waitSynced(otherClient)])
    await waitFor(() => sessionsOf(otherClient)[sessionId]!.pen?.personId === holder!.id, 'pen in gov')

    const refused = nextTerminalClose(otherClient)
    appendParagraph(otherClient.doc, openSection, 'not the pen holder')
    expect((await refused).code).toBe(CloseCode.Forbidden)
    const room = plank.plank.rooms.get(platformId)!
    expect(sectionText(room.doc, openSection)).not.toContain('not the pen holder')
    appendParagraph(holderClient.doc, openSection, 'written by the pen holder')
    await waitFor(() => sectionText(room.doc, openSection).includes('written by the pen holder'), 'holder edit stored')

    await call(`/${sessionId}/next`, facilitator)
    await waitFor(() => sessionsOf(watcher)[sessionId]!.pen === null, 'pen returned')
    const again = connectClient(plank.wsUrl, platformId, { cookie: cookies.get(other!.id)! })
    await waitSynced(again)
    appendParagraph(again.doc, openSection, 'after the pen went back')
    await waitFor(() => sectionText(room.doc, openSection).includes('after the pen went back'), 'other edits again')
    for (const c of [holderClient, otherClient, again]) c.destroy()
  })

  it('follow mode tells everyone where to go; the minutes record what happened', async () => {
    await call(`/${sessionId}/follow`, facilitator, { sectionId: openSection })
    await waitFor(() => sessionsOf(watcher)[sessionId]!.follow.sectionId === openSection, 'follow')
    expect(sessionsOf(watcher)[sessionId]!.follow.seq).toBe(1)
    await call(`/${sessionId}/notes`, facilitator, { notes: 'Quorum reached. <b>not bold</b>' }, 'PUT')
    await call(`/${sessionId}/end`, facilitator)
    await waitFor(() => sessionsOf(watcher)[sessionId]!.status === 'ended', 'ended')
    const md = await (await fetch(`${plank.url}/api/platforms/${platformId}/sessions/${sessionId}/minutes.md`, { headers: { cookie: facilitator } })).text()
    const html = await (await fetch(`${plank.url}/api/platforms/${platformId}/sessions/${sessionId}/minutes.html`, { headers: { cookie: facilitator } })).text()
    for (const text of [md, html]) {
      expect(text).toContain('Opening')
      expect(text).toContain('Ready to move on?')
      expect(text).toContain('The pen for')
      expect(text).toContain('was given the floor')
      expect(text).toContain('Session ended')
      // The closed poll's answers in words, by organization.
      expect(text).toContain('1 × support')
      expect(text).toContain('1 × block')
    }
    expect(html).toContain('&lt;b&gt;not bold&lt;/b&gt;')
    expect(html).not.toContain('<b>not bold')

    // In Spanish (issue 15): the minutes' own words and times, the session's words (titles, notes) as written.
    const minutes = (query: string) =>
      fetch(`${plank.url}/api/platforms/${platformId}/sessions/${sessionId}/minutes.${query}`, { headers: { cookie: facilitator } })
    const es = await minutes('md?lang=es&tz=America/Mexico_City')
    expect(es.headers.get('content-language')).toBe('es')
    const esText = await es.text()
    for (const words of [
      '# Acta:',
      '## Orden del día',
      '## Lo que ocurrió',
      'La sesión terminó.',
      'Se dio la palabra a',
      'La pluma de «',
      'Quorum reached.',
      '1 × apoyo',
      '1 × bloqueo',
    ])
      expect(esText).toContain(words)
    for (const english of ['Session ended', 'was given the floor', 'What happened', 'Minutes:', 'UTC', 'support', 'block'])
      expect(esText).not.toContain(english)
    const esHtml = await (await minutes('html?lang=es')).text()
    expect(esHtml).toContain('<html lang="es">')
    expect(esHtml).toContain('<h2>Lo que ocurrió</h2>')
    for (const bad of ['md?lang=en,es', 'html?lang=e$', 'md?tz=Nowhere/Else']) expect((await minutes(bad)).status, bad).toBe(400)
  })
})
