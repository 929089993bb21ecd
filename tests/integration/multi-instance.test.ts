/**
 * Multi-instance mode (issue 17): Plank instances on different ports share
 * one PostgreSQL database and one Redis. Clients on different instances
 * converge, presence crosses instances, a refused write is refused on every
 * instance and stored by none, and governance changes made through one
 * instance (roles, removal, locks, signing out) take effect at once on
 * connections held by the others.
 */
import * as decoding from 'lib0/decoding'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { CloseCode, MessageType } from '../../shared/protocol.js'
import { announce, appendParagraph, connectClient, nextTerminalClose, sectionText, storedDoc, waitFor, waitSynced, type Client } from '../helpers/clients.js'
import { api } from '../helpers/http.js'
import { startPlank, type RunningPlank } from '../helpers/server.js'
import { createTestDatabase, sharedRedis } from '../helpers/services.js'

const AUDIT_KEY = 'the audit key every instance of this deployment shares'

async function startInstances(count: number): Promise<RunningPlank[]> {
  const databaseUrl = await createTestDatabase('multi')
  // No heartbeat within a test: it would close a signed-out connection by itself, hiding a sign-out that did not cross instances.
  const config = { databaseUrl, redisUrl: sharedRedis().url, auditKey: AUDIT_KEY, heartbeatMs: 600_000 }
  // The first creates the sample platform; the others find it.
  const first = await startPlank({ config })
  const rest = await Promise.all(Array.from({ length: count - 1 }, () => startPlank({ config })))
  return [first, ...rest]
}

describe.each([2, 3])('%i instances on one database and one Redis', (count) => {
  let instances: RunningPlank[]
  let platformId: string
  let sectionIds: string[]
  const clients: Client[] = []
  const client = (instance: RunningPlank, cookie: string, params: Record<string, string> = {}): Client => {
    const c = connectClient(instance.wsUrl, platformId, { cookie, params })
    clients.push(c)
    return c
  }

  beforeAll(async () => {
    instances = await startInstances(count)
    platformId = instances[0]!.sample.platformId
    sectionIds = instances[0]!.sample.sectionIds
    for (const instance of instances) expect(instance.sample.platformId).toBe(platformId)
  })
  afterEach(() => {
    for (const c of clients.splice(0)) c.destroy()
  })
  afterAll(async () => {
    for (const instance of instances) await instance.close()
  })

  it('clients on every instance converge on what each of them writes, and presence crosses instances', async () => {
    const facilitator = await instances[0]!.cookieFor(instances[0]!.person('facilitator').id)
    const editors = instances.map((instance) => client(instance, facilitator))
    await Promise.all(editors.map(waitSynced))
    editors.forEach((editor, i) => {
      for (let line = 0; line < 5; line++) appendParagraph(editor.doc, sectionIds[line % sectionIds.length]!, `instance ${i} line ${line}`)
    })
    const expected = (c: Client) => sectionIds.map((id) => sectionText(c.doc, id)).join('\n')
    await waitFor(() => editors.every((e) => editors.every((other) => expected(other) === expected(e))), 'every client has every edit')
    for (let i = 0; i < count; i++) for (let line = 0; line < 5; line++) expect(expected(editors[0]!)).toContain(`instance ${i} line ${line}`)
    // Stored once, by the instance that accepted it.
    const stored = storedDoc(instances[count - 1]!.plank.store, platformId)
    expect(sectionIds.map((id) => sectionText(stored, id)).join('\n')).toBe(expected(editors[0]!))

    const person = instances[0]!.person('facilitator')
    announce(editors[0]!, person.id, person.name)
    const announcer = editors[0]!.doc.clientID
    await waitFor(
      () =>
        editors
          .slice(1)
          .every((e) => (e.provider.awareness.getStates().get(announcer) as { user?: { personId?: string } } | undefined)?.user?.personId === person.id),
      'presence on the other instances',
    )
    editors[0]!.destroy()
    await waitFor(() => editors.slice(1).every((e) => !e.provider.awareness.getStates().has(announcer)), 'presence gone everywhere when its connection closes')
  })

  it('refuses a write on whichever instance receives it, and no instance relays or stores it', async () => {
    const sectionId = sectionIds.find((id) => instances[0]!.plank.store.getSection(platformId, id)?.ownerOrgId)!
    const outsider = instances[0]!.person('delegate', { notOwnerOf: sectionId })
    const outsiderCookie = await instances[0]!.cookieFor(outsider.id)
    const facilitator = await instances[0]!.cookieFor(instances[0]!.person('facilitator').id)
    const watchers = instances.map((instance) => client(instance, facilitator))
    await Promise.all(watchers.map(waitSynced))
    for (const [i, instance] of instances.entries()) {
      const attacker = client(instance, outsiderCookie)
      await waitSynced(attacker)
      const closed = nextTerminalClose(attacker)
      appendParagraph(attacker.doc, sectionId, `forbidden through instance ${i}`)
      expect((await closed).code).toBe(CloseCode.Forbidden)
    }
    // A write that is allowed, after the refused ones, reaches everyone: the refused ones would have arrived first.
    appendParagraph(watchers[0]!.doc, sectionId, 'allowed after the refusals')
    await waitFor(() => watchers.every((w) => sectionText(w.doc, sectionId).includes('allowed after the refusals')), 'the allowed write everywhere')
    for (const w of watchers) expect(sectionText(w.doc, sectionId)).not.toContain('forbidden through instance')
    for (const instance of instances) {
      expect(sectionText(storedDoc(instance.plank.store, platformId), sectionId)).not.toContain('forbidden through instance')
      expect(sectionText(instance.plank.rooms.get(platformId)!.doc, sectionId)).not.toContain('forbidden through instance')
    }
  })

  it('a role change through one instance re-authorizes the connections held by the others', async () => {
    const sectionId = sectionIds.find((id) => instances[0]!.plank.store.getSection(platformId, id)?.ownerOrgId)!
    const delegate = instances[0]!.person('delegate', { ownerOf: sectionId })
    const facilitator = await instances[0]!.cookieFor(instances[0]!.person('facilitator').id)
    const last = instances[count - 1]!
    const held = client(last, await last.cookieFor(delegate.id))
    const watcher = client(instances[0]!, facilitator)
    await Promise.all([waitSynced(held), waitSynced(watcher)])
    appendParagraph(held.doc, sectionId, 'written as a delegate')
    await waitFor(() => sectionText(watcher.doc, sectionId).includes('written as a delegate'), 'the delegate write on the first instance')

    const demoted = await api(instances[0]!.url, `/api/platforms/${platformId}/members/${delegate.id}`, {
      method: 'PATCH',
      cookie: facilitator,
      body: { role: 'observer' },
    })
    expect(demoted.status).toBe(200)
    // The connection held by the last instance now carries the observer role: its next write is refused there.
    await waitFor(
      () => last.plank.rooms.connectionsOn(platformId).some((c) => c.principal.personId === delegate.id && c.principal.role === 'observer'),
      're-authorized',
    )
    const closed = nextTerminalClose(held)
    appendParagraph(held.doc, sectionId, 'written after the demotion')
    expect((await closed).code).toBe(CloseCode.Forbidden)
    expect(sectionText(storedDoc(last.plank.store, platformId), sectionId)).not.toContain('written after the demotion')

    // Removing the member closes their connections on every instance.
    const again = client(last, await last.cookieFor(delegate.id))
    await waitSynced(again)
    const removedClose = nextTerminalClose(again)
    expect((await api(instances[0]!.url, `/api/platforms/${platformId}/members/${delegate.id}`, { method: 'DELETE', cookie: facilitator })).status).toBe(204)
    expect((await removedClose).code).toBe(CloseCode.UnknownPlatform)
  })

  it('a lock set through an instance where the document is not open takes effect on the instance holding it', async () => {
    const sectionId = sectionIds.find((id) => instances[0]!.plank.store.getSection(platformId, id)?.ownerOrgId === null) ?? sectionIds[0]!
    const facilitatorPerson = instances[0]!.person('facilitator')
    const last = instances[count - 1]!
    // Only the last instance holds the document live.
    for (const instance of instances.slice(0, -1)) {
      // The previous test's clients are gone once the server has seen their sockets close.
      await waitFor(() => instance.plank.rooms.connectionsOn(platformId).length === 0, 'no connection left')
      instance.plank.rooms.unload(platformId)
      expect(instance.plank.rooms.isLoaded(platformId)).toBe(false)
    }
    const writer = client(last, await last.cookieFor(facilitatorPerson.id))
    await waitSynced(writer)
    const facilitator = await instances[0]!.cookieFor(facilitatorPerson.id)
    expect(
      (await api(instances[0]!.url, `/api/platforms/${platformId}/sections/${sectionId}`, { method: 'PATCH', body: { locked: true }, cookie: facilitator }))
        .status,
    ).toBe(200)
    await waitFor(
      () =>
        (last.plank.rooms.get(platformId)!.doc.getMap('gov').toJSON() as { sections?: Record<string, { locked?: boolean }> }).sections?.[sectionId]?.locked ===
        true,
      'the lock in the live gov',
    )
    const closed = nextTerminalClose(writer)
    appendParagraph(writer.doc, sectionId, 'written into a locked section')
    expect((await closed).code).toBe(CloseCode.Forbidden)
    expect(sectionText(storedDoc(last.plank.store, platformId), sectionId)).not.toContain('written into a locked section')
    expect(
      (await api(instances[0]!.url, `/api/platforms/${platformId}/sections/${sectionId}`, { method: 'PATCH', body: { locked: false }, cookie: facilitator }))
        .status,
    ).toBe(200)
  })

  it('signing out through one instance closes that sign-in on every other at once', async () => {
    const person = instances[0]!.person('boardRep')
    const cookie = await instances[0]!.cookieFor(person.id)
    const held = instances.slice(1).map((instance) => client(instance, cookie))
    await Promise.all(held.map(waitSynced))
    const closes = held.map(nextTerminalClose)
    expect((await api(instances[0]!.url, '/api/session', { method: 'DELETE', cookie })).status).toBeLessThan(300)
    for (const close of await Promise.all(closes)) expect(close.code).toBe(CloseCode.Unauthenticated)
  })

  it('tells Plank’s own client nothing while every instance is live', async () => {
    const facilitator = await instances[0]!.cookieFor(instances[0]!.person('facilitator').id)
    const own = client(instances[count - 1]!, facilitator, { saveAcks: '1' })
    const statuses: number[] = []
    own.provider.messageHandlers[MessageType.ServerStatus] = (_e, d: decoding.Decoder) => void statuses.push(decoding.readVarUint(d))
    await waitSynced(own)
    await new Promise((r) => setTimeout(r, 200))
    expect(statuses).toEqual([])
  })
})
