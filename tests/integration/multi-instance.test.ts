/**
 * Multi-instance mode (issue 17): Plank instances on different ports share
 * one PostgreSQL database and one Redis. Clients on different instances
 * converge, presence crosses instances, a refused write is refused on every
 * instance and stored by none, and governance changes made through one
 * instance (roles, removal, locks, the pen, adoption, signing out) take
 * effect at once on connections held by the others.
 */
import * as decoding from 'lib0/decoding'
import type * as Y from 'yjs'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { sectionRoot } from '../../shared/documents.js'
import { govComments, govPlatform, govSessions } from '../../shared/gov.js'
import { CloseCode, MessageType } from '../../shared/protocol.js'
import { announce, appendParagraph, connectClient, nextTerminalClose, sectionText, storedDoc, waitFor, waitSynced, type Client } from '../helpers/clients.js'
import { anchorInRoot } from '../helpers/anchors.js'
import { approveEverySection } from '../helpers/approve-all.js'
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

  /** Unloads the platform everywhere but on `keep` (waiting for the connections there to close first). */
  const unloadAllBut = async (keep: RunningPlank): Promise<void> => {
    for (const instance of instances) {
      if (instance === keep) continue
      await waitFor(() => instance.plank.rooms.connectionsOn(platformId).length === 0, 'no connection left')
      instance.plank.rooms.unload(platformId)
      expect(instance.plank.rooms.isLoaded(platformId)).toBe(false)
    }
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

  it('a lock set through another instance takes effect on the instance holding the writer', async () => {
    const sectionId = sectionIds.find((id) => instances[0]!.plank.store.getSection(platformId, id)?.ownerOrgId === null) ?? sectionIds[0]!
    const facilitatorPerson = instances[0]!.person('facilitator')
    const last = instances[count - 1]!
    // Only the last instance holds the document live (the previous test's clients are gone once the servers have seen their sockets close).
    await unloadAllBut(last)
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

  it('the pen handed through one instance lets its holder write on another; taken back there, their next write is refused', async () => {
    const [first, last] = [instances[0]!, instances[count - 1]!]
    const sectionId = sectionIds.find((id) => first.plank.store.getSection(platformId, id)?.ownerOrgId)!
    const holder = first.person('delegate', { notOwnerOf: sectionId })
    const facilitator = await first.cookieFor(first.person('facilitator').id)
    const p = `/api/platforms/${platformId}`
    const created = await api(first.url, `${p}/sessions`, {
      method: 'POST',
      cookie: facilitator,
      body: { title: 'Pen across instances', agenda: [{ kind: 'section', sectionId, minutes: 5 }] },
    })
    const sessionId = (created.body as { id: string }).id
    expect((await api(first.url, `${p}/sessions/${sessionId}/start`, { method: 'POST', cookie: facilitator })).status).toBe(200)
    const writer = client(last, await last.cookieFor(holder.id))
    await waitSynced(writer)
    const penOf = (doc: Y.Doc) => govSessions(doc)?.get(sessionId)?.pen ?? null
    // Only the last instance holds the document live, so the others cannot send it the change as an update: it projects the pen itself.
    await unloadAllBut(last)

    expect((await api(first.url, `${p}/sessions/${sessionId}/pen`, { method: 'POST', cookie: facilitator, body: { personId: holder.id } })).status).toBe(200)
    expect(first.plank.rooms.isLoaded(platformId)).toBe(false)
    await waitFor(() => penOf(last.plank.rooms.get(platformId)!.doc)?.personId === holder.id, 'the pen in the gov of the instance holding the writer')
    appendParagraph(writer.doc, sectionId, 'written with the pen')
    await waitFor(() => sectionText(storedDoc(last.plank.store, platformId), sectionId).includes('written with the pen'), 'the pen-holder’s edit stored')

    await unloadAllBut(last)
    expect((await api(first.url, `${p}/sessions/${sessionId}/pen`, { method: 'POST', cookie: facilitator, body: { personId: null } })).status).toBe(200)
    expect(first.plank.rooms.isLoaded(platformId)).toBe(false)
    await waitFor(() => penOf(last.plank.rooms.get(platformId)!.doc) === null, 'the pen taken back on the instance holding the writer')
    const closed = nextTerminalClose(writer)
    appendParagraph(writer.doc, sectionId, 'written after the pen was taken back')
    expect((await closed).code).toBe(CloseCode.Forbidden)
    expect(sectionText(storedDoc(last.plank.store, platformId), sectionId)).not.toContain('written after the pen was taken back')
    expect((await api(first.url, `${p}/sessions/${sessionId}/end`, { method: 'POST', cookie: facilitator })).status).toBe(200)
  })

  it('a comment made through an instance that unloads the document before projecting it still reaches the others', async () => {
    const [first, last] = [instances[0]!, instances[count - 1]!]
    const facilitator = await first.cookieFor(first.person('facilitator').id)
    const watcher = client(last, facilitator)
    await waitSynced(watcher)
    await unloadAllBut(last)
    // The first instance holds the document, with nobody connected, so it unloads it whenever it likes.
    first.plank.rooms.open(platformId)
    const sectionId = sectionIds[0]!
    const body = { sectionId, ...anchorInRoot(watcher.doc, sectionRoot(sectionId), 0, 5), body: 'posted just before the unload' }
    const posted = await api(first.url, `/api/platforms/${platformId}/comments`, { method: 'POST', body, cookie: facilitator })
    expect(posted.status).toBe(201)
    // Comments are projected in batches (40 ms): the document leaves memory before this one is.
    first.plank.rooms.unload(platformId)
    const id = (posted.body as { id: string }).id
    await waitFor(() => govComments(watcher.doc)?.get(id)?.body === 'posted just before the unload', 'the comment in the gov of the other instance', 5000)
  })

  // Last: an adopted platform takes no more writes.
  it('adoption through one instance makes the platform read-only on the others at once', async () => {
    const [first, last] = [instances[0]!, instances[count - 1]!]
    const sectionId = sectionIds.find((id) => first.plank.store.getSection(platformId, id)?.ownerOrgId === null) ?? sectionIds[0]!
    const facilitator = await first.cookieFor(first.person('facilitator').id)
    const writer = client(last, await last.cookieFor(first.person('facilitator').id))
    await waitSynced(writer)
    await approveEverySection(instances[1 % count]!, facilitator)
    const adopted = await api(first.url, `/api/platforms/${platformId}/adopt`, {
      method: 'POST',
      cookie: facilitator,
      body: { waiveStaleTranslations: 'The Spanish follows after adoption' },
    })
    expect(adopted.status, JSON.stringify(adopted.body)).toBe(200)
    await waitFor(() => govPlatform(last.plank.rooms.get(platformId)!.doc)?.adopted === true, 'adoption in the gov of the instance holding the writer')
    const seq = last.plank.store.loadDocument(platformId).lastSeq
    const closed = nextTerminalClose(writer)
    appendParagraph(writer.doc, sectionId, 'written after adoption')
    expect((await closed).code).toBe(CloseCode.Forbidden)
    expect(sectionText(storedDoc(last.plank.store, platformId), sectionId)).not.toContain('written after adoption')
    expect(last.plank.store.loadDocument(platformId).lastSeq).toBe(seq)
  })
})
