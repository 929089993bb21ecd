import * as Y from 'yjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sectionRoot } from '../../shared/documents.js'
import { CloseCode } from '../../shared/protocol.js'
import { appendParagraph, connectClient, sectionText, waitFor, waitSynced, type Client } from '../helpers/clients.js'
import { api, governanceSnapshot } from '../helpers/http.js'
import { sendCrafted as sendCraftedOn } from '../helpers/raw-socket.js'
import { startPlank, type RunningPlank } from '../helpers/server.js'
import { updateOn } from '../helpers/updates.js'

type SectionKind = 'own' | 'other' | 'open' | 'locked'

/** The permission table for section text: DESIGN.md "Permissions". */
const ALLOWED: Record<string, Record<SectionKind, boolean>> = {
  observer: { own: false, other: false, open: false, locked: false },
  delegate: { own: true, other: false, open: true, locked: false },
  boardRep: { own: true, other: false, open: true, locked: false },
  facilitator: { own: true, other: true, open: true, locked: false },
}

describe('relay permissions: who may write which section', () => {
  let plank: RunningPlank
  let platformId: string
  let witnessA: Client
  let witnessB: Client
  const sections = {} as Record<SectionKind, string>
  let ownerOrg: string

  beforeAll(async () => {
    plank = await startPlank()
    platformId = plank.sample.platformId
    const store = plank.plank.store
    const all = store.listSections(platformId)
    const owned = all.filter((s) => s.ownerOrgId !== null)
    sections.own = owned[0]!.id
    ownerOrg = owned[0]!.ownerOrgId!
    sections.other = owned.find((s) => s.ownerOrgId !== ownerOrg)!.id
    sections.open = all.find((s) => s.ownerOrgId === null)!.id
    sections.locked =
      owned.find((s) => s.ownerOrgId === ownerOrg && s.id !== sections.own)?.id ?? all.find((s) => s.ownerOrgId === null && s.id !== sections.open)!.id
    const facilitator = await plank.cookieFor(plank.person('facilitator').id)
    expect(
      (await api(plank.url, `/api/platforms/${platformId}/sections/${sections.locked}`, { method: 'PATCH', body: { locked: true }, cookie: facilitator }))
        .status,
    ).toBe(200)
    witnessA = connectClient(plank.wsUrl, platformId, { cookie: facilitator })
    witnessB = connectClient(plank.wsUrl, platformId, { cookie: facilitator })
    await Promise.all([waitSynced(witnessA), waitSynced(witnessB)])
  })
  afterAll(async () => {
    witnessA.destroy()
    witnessB.destroy()
    await plank.close()
  })

  /** A person of the role; delegates and board reps belong to the organization owning sections.own. */
  const cookieOf = async (role: string): Promise<string> => {
    const person = role === 'delegate' || role === 'boardRep' ? plank.person(role, { ownerOf: sections.own }) : plank.person(role)
    return plank.cookieFor(person.id)
  }

  async function othersStillWork(label: string): Promise<void> {
    appendParagraph(witnessA.doc, sections.open, label)
    await waitFor(() => sectionText(witnessB.doc, sections.open).includes(label), `witnesses exchange "${label}"`)
  }

  /** Sends one crafted update over a raw socket; resolves with the close code, or null if the socket stayed open. */
  const sendCrafted = async (cookie: string, update: Uint8Array): Promise<{ code: number | null; refusedMessage: boolean }> => {
    const { code, refused } = await sendCraftedOn(`${plank.wsUrl}/${platformId}`, cookie, update)
    return { code, refusedMessage: refused }
  }

  const insertInto = (sectionId: string, text: string) => (doc: Y.Doc) => {
    const p = new Y.XmlElement('paragraph')
    p.insert(0, [new Y.XmlText(text)])
    doc.getXmlFragment(sectionRoot(sectionId)).insert(0, [p])
  }
  const deleteFrom = (sectionId: string) => (doc: Y.Doc) => doc.getXmlFragment(sectionRoot(sectionId)).delete(0, 1)

  for (const role of Object.keys(ALLOWED)) {
    for (const kind of ['own', 'other', 'open', 'locked'] as const) {
      for (const [verb, write] of [
        ['insert into', (id: string) => insertInto(id, `${role} wrote in ${kind}`)],
        ['delete from', deleteFrom],
      ] as const) {
        const allowed = ALLOWED[role]![kind]
        it(`a ${role} ${allowed ? 'may' : 'may not'} ${verb} ${kind === 'own' ? 'its own organization’s' : kind === 'other' ? 'another organization’s' : kind === 'open' ? 'an open' : 'a locked'} section`, async () => {
          const cookie = await cookieOf(role)
          const room = plank.plank.rooms.get(platformId)!
          const before = governanceSnapshot(plank.plank.store, platformId)
          const textBefore = sectionText(room.doc, sections[kind])
          const result = await sendCrafted(cookie, updateOn(room.doc, write(sections[kind])))
          if (allowed) {
            expect(result.code).toBeNull()
            expect(sectionText(room.doc, sections[kind])).not.toBe(textBefore)
            await waitFor(() => sectionText(witnessB.doc, sections[kind]) === sectionText(room.doc, sections[kind]), 'relayed')
          } else {
            expect(result.code).toBe(CloseCode.Forbidden)
            expect(result.refusedMessage).toBe(true)
            expect(sectionText(room.doc, sections[kind])).toBe(textBefore)
            expect(governanceSnapshot(plank.plank.store, platformId)).toBe(before)
            await othersStillWork(`after ${role} ${verb} ${kind}`)
          }
        })
      }
    }
  }

  it('nobody writes gov, not even a facilitator; an update touching an allowed and a forbidden root is refused whole', async () => {
    for (const role of Object.keys(ALLOWED)) {
      const cookie = await cookieOf(role)
      const room = plank.plank.rooms.get(platformId)!
      const before = governanceSnapshot(plank.plank.store, platformId)
      const gov = JSON.stringify(room.doc.getMap('gov').toJSON())
      const openText = sectionText(room.doc, sections.open)
      const govOnly = await sendCrafted(
        cookie,
        updateOn(room.doc, (d) => d.getMap('gov').set('platform', { id: platformId, title: 'Hijacked', adopted: false })),
      )
      const mixed = await sendCrafted(
        cookie,
        updateOn(room.doc, (d) =>
          d.transact(() => {
            insertInto(sections.open, 'allowed half')(d)
            d.getMap('gov').delete('people')
          }),
        ),
      )
      expect([govOnly.code, mixed.code]).toEqual([CloseCode.Forbidden, CloseCode.Forbidden])
      expect(JSON.stringify(room.doc.getMap('gov').toJSON())).toBe(gov)
      expect(sectionText(room.doc, sections.open)).toBe(openText)
      expect(governanceSnapshot(plank.plank.store, platformId)).toBe(before)
    }
    await othersStillWork('after gov attempts')
  })

  it('a stock client that is refused is told with close 4403 and does not reconnect', async () => {
    const observer = connectClient(plank.wsUrl, platformId, { cookie: await cookieOf('observer') })
    await waitSynced(observer)
    const closedEvent = new Promise<{ code: number }>((r) => observer.provider.once('closed', r))
    appendParagraph(observer.doc, sections.open, 'observer typing')
    expect((await closedEvent).code).toBe(CloseCode.Forbidden)
    expect(observer.provider.shouldConnect).toBe(false)
    expect(sectionText(plank.plank.rooms.get(platformId)!.doc, sections.open)).not.toContain('observer typing')
    observer.destroy()
  })
})
