/**
 * The storage contract (issue 17): what every engine behind the Store
 * interface (server/store/store.ts) promises, checked through the interface
 * alone, once per engine in tests/helpers/store-factories.ts (SQLite now,
 * PostgreSQL next). Each test gets a new, empty store.
 *
 * Orders, NULLs, case-insensitivity, sequence numbers and the types of
 * numbers read back are where SQL engines differ, so they are pinned
 * explicitly: ties in a timestamp are broken as the SQLite store breaks them
 * (by id, or by the order rows were written), text sorts by code point (as
 * SQLite's BINARY collation does), logins match regardless of ASCII case,
 * NULL is a value of its own in the audit chain's key, Yjs client ids use all
 * 32 bits, epoch milliseconds and counts read back as JS numbers.
 */
import * as Y from 'yjs'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import type {
  AccessTokenRow,
  AgendaRow,
  AuditRow,
  CommentRow,
  DraftingSessionRow,
  InvitationRow,
  NewPerson,
  SignoffRow,
  Store,
  TranslationReviewRow,
  VersionRow,
} from '../../server/store/store.js'
import { storeFactories } from '../helpers/store-factories.js'

/** A fixed instant, `n` seconds into 2026 (ISO text, as the server writes them). */
const at = (n: number): string => new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString()
/** Epoch milliseconds past 2^31 and 2^32: the drafting clock's values must read back as numbers, exactly. */
const EPOCH_MS = 1_767_225_600_123

const bytes = (...values: number[]): Uint8Array => new Uint8Array(values)
/** A real Yjs update setting `keys` in a map (compaction merges what it folds: it must be Yjs). */
const keysUpdate = (client: number, ...keys: string[]): Uint8Array => {
  const doc = new Y.Doc()
  doc.clientID = client
  for (const key of keys) doc.getMap('m').set(key, true)
  return Y.encodeStateAsUpdate(doc)
}
/** The map keys a stored state and updates add up to, sorted. */
const keysOf = (...updates: Array<Uint8Array | null>): string[] => {
  const doc = new Y.Doc()
  for (const update of updates) if (update) Y.applyUpdate(doc, update)
  return [...doc.getMap('m').keys()].sort()
}
const bigUpdate = (size: number, seed: number): Uint8Array => {
  const out = new Uint8Array(size)
  let x = seed
  for (let i = 0; i < size; i++) {
    x = (x * 1_103_515_245 + 12_345) >>> 0
    out[i] = x >>> 24
  }
  return out
}

const person = (id: string, over: Partial<NewPerson> = {}): NewPerson => ({
  id,
  username: id,
  email: `${id}@example.org`,
  displayName: `Person ${id}`,
  passwordHash: `hash-${id}`,
  isDemo: false,
  createdAt: at(0),
  ...over,
})

/** A platform p1 with organizations o1, o2, o3, people ana, ben, cleo, and sections s1, s2 (s1 owned by o1). */
function seed(store: Store): void {
  store.createPlatform({ id: 'p1', title: 'Platform one' })
  store.createPlatform({ id: 'p2', title: 'Platform two' })
  store.addOrganization('p1', { id: 'o1', name: 'Org one', shortName: 'O1', color: '#111111' })
  store.addOrganization('p1', { id: 'o2', name: 'Org two', shortName: 'O2', color: '#222222' })
  store.addOrganization('p1', { id: 'o3', name: 'Org three', shortName: 'O3', color: '#333333' })
  store.addOrganization('p2', { id: 'o9', name: 'Org of two', shortName: 'O9', color: '#999999' })
  for (const id of ['ana', 'ben', 'cleo']) store.createPerson(person(id))
  store.addSection('p1', { id: 's1', title: 'Housing', ownerOrgId: 'o1', locked: false, position: 1 })
  store.addSection('p1', { id: 's2', title: 'Transit', ownerOrgId: null, locked: false, position: 2 })
  store.addSection('p2', { id: 's9', title: 'Elsewhere', ownerOrgId: null, locked: false, position: 1 })
}

const sortedBy = <T>(rows: T[], ...keys: Array<(row: T) => string>): T[] =>
  [...rows].sort((a, b) => {
    for (const key of keys) {
      const x = key(a)
      const y = key(b)
      if (x !== y) return x < y ? -1 : 1
    }
    return 0
  })

describe.each(storeFactories())('storage contract: $name', (factory) => {
  let store: Store
  beforeEach(async () => {
    store = await factory.open()
  })
  afterEach(async () => {
    await store.close()
  })
  afterAll(async () => {
    await factory.dispose?.()
  })

  describe('documents: the update log', () => {
    it('an unknown document loads empty', () => {
      expect(store.loadDocument('nothing')).toEqual({ state: null, updates: [], lastSeq: 0 })
      expect(store.countUpdates('nothing')).toBe(0)
    })

    it('appendUpdate returns increasing sequence numbers and loadDocument gives the exact bytes back, oldest first', () => {
      const updates = [bytes(0), bytes(0xff, 0x00, 0x7f), bigUpdate(300_000, 1), bytes(1, 2, 3)]
      const seqs = updates.map((u) => store.appendUpdate('doc', u))
      for (const seq of seqs) expect(typeof seq).toBe('number')
      for (let i = 1; i < seqs.length; i++) expect(seqs[i]!).toBeGreaterThan(seqs[i - 1]!)
      const loaded = store.loadDocument('doc')
      expect(loaded.state).toBeNull()
      expect(loaded.lastSeq).toBe(seqs.at(-1))
      expect(loaded.updates).toHaveLength(updates.length)
      for (const [i, u] of loaded.updates.entries()) {
        expect(u).toBeInstanceOf(Uint8Array)
        expect(Buffer.from(u).equals(Buffer.from(updates[i]!))).toBe(true)
      }
      expect(store.countUpdates('doc')).toBe(4)
    })

    it('appendUpdates stores a batch in order and returns the last sequence number; documents stay apart', () => {
      const first = store.appendUpdate('a', bytes(1))
      const last = store.appendUpdates('a', [bytes(2), bytes(3), bytes(4)])
      store.appendUpdate('b', bytes(9))
      const next = store.appendUpdate('a', bytes(5))
      expect(last).toBeGreaterThan(first)
      expect(next).toBeGreaterThan(last)
      const a = store.loadDocument('a')
      expect(a.updates.map((u) => [...u])).toEqual([[1], [2], [3], [4], [5]])
      expect(a.lastSeq).toBe(next)
      expect(store.loadDocument('b').updates.map((u) => [...u])).toEqual([[9]])
      expect(store.countUpdates('a')).toBe(5)
      expect(store.countUpdates('b')).toBe(1)
    })

    it('appendUpdates is all or none', () => {
      store.appendUpdate('doc', bytes(1))
      // A NULL update violates the log's NOT NULL: the batch fails as a whole.
      expect(() => store.appendUpdates('doc', [bytes(2), null as unknown as Uint8Array, bytes(3)])).toThrow()
      expect(store.loadDocument('doc').updates.map((u) => [...u])).toEqual([[1]])
      expect(store.countUpdates('doc')).toBe(1)
    })

    it('compact replaces the updates through throughSeq by the state and keeps the later ones', () => {
      const [u1, u2, u3, u4] = [keysUpdate(1, 'a'), keysUpdate(2, 'b'), keysUpdate(3, 'c'), keysUpdate(4, 'd')]
      const s1 = store.appendUpdate('doc', u1)
      const s2 = store.appendUpdate('doc', u2)
      // Written (say, by another instance) after the compactor read the log:
      const s3 = store.appendUpdate('doc', u3)
      const s4 = store.appendUpdate('doc', u4)
      store.appendUpdate('other', bytes(7))
      // The compactor's document has a and b, and a change of its own.
      const state = Y.mergeUpdates([u1, u2, keysUpdate(5, 'x')])
      store.compact('doc', state, s2)
      const loaded = store.loadDocument('doc')
      expect(keysOf(loaded.state)).toEqual(['a', 'b', 'x'])
      expect(loaded.updates).toEqual([u3, u4])
      expect(loaded.lastSeq).toBe(s4)
      expect(store.countUpdates('doc')).toBe(2)
      expect(s1).toBeLessThan(s3)
      // Other documents are untouched.
      expect(store.loadDocument('other')).toMatchObject({ state: null, updates: [bytes(7)] })
    })

    it('compact folds in a stored update through throughSeq that the state given lacks (another instance wrote it)', () => {
      store.appendUpdate('doc', keysUpdate(1, 'a'))
      const theirs = keysUpdate(2, 'b')
      store.appendUpdate('doc', theirs)
      const last = store.appendUpdate('doc', keysUpdate(1, 'c'))
      // This instance's document never received b.
      store.compact('doc', Y.mergeUpdates([keysUpdate(1, 'a', 'c')]), last)
      const loaded = store.loadDocument('doc')
      expect(keysOf(loaded.state, ...loaded.updates)).toEqual(['a', 'b', 'c'])
      expect(loaded.updates).toEqual([])
    })

    it('after compacting everything, lastSeq is throughSeq, and later updates get larger numbers (never reused)', () => {
      store.appendUpdate('doc', keysUpdate(1, 'a'))
      const s2 = store.appendUpdate('doc', keysUpdate(1, 'b'))
      store.compact('doc', keysUpdate(1, 'a', 'b'), s2)
      const first = store.loadDocument('doc')
      expect(keysOf(first.state)).toEqual(['a', 'b'])
      expect(first).toMatchObject({ updates: [], lastSeq: s2 })
      expect(store.countUpdates('doc')).toBe(0)
      const s3 = store.appendUpdate('doc', keysUpdate(2, 'c'))
      expect(s3).toBeGreaterThan(s2)
      store.compact('doc', keysUpdate(3, 'z'), s3)
      const u4 = keysUpdate(4, 'd')
      const s4 = store.appendUpdate('doc', u4)
      expect(s4).toBeGreaterThan(s3)
      // One state: the newest compaction folded the first one in.
      const second = store.loadDocument('doc')
      expect(keysOf(second.state)).toEqual(['a', 'b', 'c', 'z'])
      expect(second).toMatchObject({ updates: [u4], lastSeq: s4 })
      expect(store.countUpdates('doc')).toBe(1)
    })

    it('claimClient: the first writer claims a client id for good; ids use all 32 bits; documents stay apart', () => {
      const maxClient = 4_294_967_295
      expect(store.clientOwner('doc', 42)).toBeNull()
      store.claimClient('doc', 42, 'ana')
      store.claimClient('doc', 42, 'ben')
      expect(store.clientOwner('doc', 42)).toBe('ana')
      store.claimClient('doc', maxClient, 'ben')
      expect(store.clientOwner('doc', maxClient)).toBe('ben')
      expect(store.clientOwner('other', 42)).toBeNull()
      store.claimClient('other', 42, 'cleo')
      expect(store.clientOwner('other', 42)).toBe('cleo')
      expect(store.clientOwner('doc', 42)).toBe('ana')
    })

    it('serverWrites lists the recorded ranges by clock; a range recorded again from the same clock replaces it', () => {
      const client = 3_000_000_000
      expect(store.serverWrites('doc', client)).toEqual([])
      store.recordServerWrite('doc', client, 50, 60, 'ben')
      store.recordServerWrite('doc', client, 0, 10, 'ana')
      store.recordServerWrite('doc', client, 10, 20, 'cleo')
      store.recordServerWrite('doc', client, 10, 30, 'ana')
      store.recordServerWrite('doc', 7, 0, 5, 'ben')
      store.recordServerWrite('other', client, 0, 99, 'ben')
      expect(store.serverWrites('doc', client)).toEqual([
        { from: 0, to: 10, personId: 'ana' },
        { from: 10, to: 30, personId: 'ana' },
        { from: 50, to: 60, personId: 'ben' },
      ])
      expect(store.serverWrites('doc', 7)).toEqual([{ from: 0, to: 5, personId: 'ben' }])
    })

    it('what was committed is there after the store is closed and opened again', async () => {
      seed(store)
      const seq = store.appendUpdate('doc', keysUpdate(1, 'a'))
      store.compact('doc', keysUpdate(1, 'a'), seq)
      const last = store.appendUpdates('doc', [bytes(3), bytes(4)])
      store.claimClient('doc', 5, 'ana')
      store.createSession('tok', 'ana', at(100))
      await store.close()
      store = await factory.reopen()
      const reloaded = store.loadDocument('doc')
      expect(keysOf(reloaded.state)).toEqual(['a'])
      expect(reloaded).toMatchObject({ updates: [bytes(3), bytes(4)], lastSeq: last })
      expect(store.clientOwner('doc', 5)).toBe('ana')
      expect(store.getSession('tok')).toEqual({ personId: 'ana', expiresAt: at(100) })
      expect(store.listSections('p1').map((s) => s.id)).toEqual(['s1', 's2'])
      expect(store.appendUpdate('doc', bytes(5))).toBeGreaterThan(last)
    })
  })

  describe('two instances on one storage', () => {
    it('appends through both get distinct increasing numbers, and each reads every update in order', async () => {
      const other = await factory.reopen()
      try {
        const seqs = [store.appendUpdate('doc', bytes(1)), other.appendUpdate('doc', bytes(2)), store.appendUpdates('doc', [bytes(3), bytes(4)])]
        seqs.push(other.appendUpdates('doc', [bytes(5)]))
        for (let i = 1; i < seqs.length; i++) expect(seqs[i]!).toBeGreaterThan(seqs[i - 1]!)
        for (const s of [store, other]) {
          expect(s.loadDocument('doc').updates.map((u) => [...u])).toEqual([[1], [2], [3], [4], [5]])
          expect(s.loadDocument('doc').lastSeq).toBe(seqs.at(-1))
        }
      } finally {
        await other.close()
      }
    })

    it('one compacts what it read; an update the other wrote meanwhile is kept', async () => {
      const other = await factory.reopen()
      try {
        const mine = keysUpdate(1, 'a')
        store.appendUpdate('doc', mine)
        const read = store.loadDocument('doc')
        const theirs = keysUpdate(2, 'b')
        const concurrent = other.appendUpdate('doc', theirs)
        store.compact('doc', mine, read.lastSeq)
        const loaded = other.loadDocument('doc')
        expect(keysOf(loaded.state)).toEqual(['a'])
        expect(loaded).toMatchObject({ updates: [theirs], lastSeq: concurrent })
        expect(other.countUpdates('doc')).toBe(1)
      } finally {
        await other.close()
      }
    })

    it('a client id claimed through one is owned for the other; the audit chain cannot fork between them', async () => {
      const other = await factory.reopen()
      try {
        store.claimClient('doc', 9, 'ana')
        other.claimClient('doc', 9, 'ben')
        expect(other.clientOwner('doc', 9)).toBe('ana')
        const row = { platformId: null, platformSeq: 1, actorId: null, action: 'a', detail: '{}', createdAt: at(1), prevHash: 'p', hash: 'h', mac: null }
        store.appendAudit(row)
        expect(() => other.appendAudit({ ...row, hash: 'fork' })).toThrow()
        expect(other.auditHead(null)).toEqual({ platformSeq: 1, hash: 'h' })
      } finally {
        await other.close()
      }
    })
  })

  describe('platforms, organizations and sections', () => {
    it('createPlatform returns the new record with its defaults; getPlatform reads it; unknown is null', () => {
      const before = Date.now()
      const created = store.createPlatform({ id: 'p1', title: 'Ours' })
      expect(created).toEqual({
        id: 'p1',
        title: 'Ours',
        adopted: false,
        approvalThreshold: null,
        adoptedAt: null,
        languages: { primary: 'en', others: [] },
        createdAt: expect.any(String),
      })
      expect(Date.parse(created.createdAt)).toBeGreaterThanOrEqual(before - 1000)
      expect(store.getPlatform('p1')).toEqual(created)
      expect(store.getPlatform('nope')).toBeNull()
    })

    it('a duplicate platform id is refused and the first stays', () => {
      store.createPlatform({ id: 'p1', title: 'First' })
      expect(() => store.createPlatform({ id: 'p1', title: 'Second' })).toThrow()
      expect(store.getPlatform('p1')?.title).toBe('First')
      expect(store.listPlatforms()).toHaveLength(1)
    })

    it('listPlatforms orders by creation time, ties by id', () => {
      // Created in one burst, most share a millisecond: the order must still be the same on every engine.
      for (const id of ['pe', 'pc', 'pa', 'pd', 'pb']) store.createPlatform({ id, title: id })
      const listed = store.listPlatforms()
      expect(listed.map((p) => p.id)).toEqual(
        sortedBy(
          listed,
          (p) => p.createdAt,
          (p) => p.id,
        ).map((p) => p.id),
      )
      expect(new Set(listed.map((p) => p.id))).toEqual(new Set(['pa', 'pb', 'pc', 'pd', 'pe']))
    })

    it('rename, approval threshold (number and back to null), languages and adoption', () => {
      store.createPlatform({ id: 'p1', title: 'Old' })
      store.createPerson(person('ana'))
      store.renamePlatform('p1', 'New — «nuevo»')
      store.setApprovalThreshold('p1', 3)
      store.setPlatformLanguages('p1', { primary: 'es', others: ['en', 'fr'] })
      let p = store.getPlatform('p1')!
      expect(p).toMatchObject({ title: 'New — «nuevo»', approvalThreshold: 3, languages: { primary: 'es', others: ['en', 'fr'] }, adopted: false })
      expect(typeof p.approvalThreshold).toBe('number')
      store.setApprovalThreshold('p1', null)
      store.adoptPlatform('p1', 'ana', at(5))
      p = store.getPlatform('p1')!
      expect(p).toMatchObject({ approvalThreshold: null, adopted: true, adoptedAt: at(5) })
      expect(store.listPlatforms()[0]).toEqual(p)
    })

    it('organizations: add, get, update, list by name; each platform sees only its own', () => {
      seed(store)
      expect(store.listOrganizations('p1').map((o) => o.name)).toEqual(['Org one', 'Org three', 'Org two'])
      expect(store.getOrganization('p1', 'o2')).toEqual({ id: 'o2', name: 'Org two', shortName: 'O2', color: '#222222' })
      store.updateOrganization('p1', { id: 'o2', name: 'Another org', shortName: 'AO', color: '#abcdef' })
      expect(store.getOrganization('p1', 'o2')).toEqual({ id: 'o2', name: 'Another org', shortName: 'AO', color: '#abcdef' })
      expect(store.listOrganizations('p1').map((o) => o.id)).toEqual(['o2', 'o1', 'o3'])
      expect(store.getOrganization('p2', 'o1')).toBeNull()
      expect(store.getOrganization('p1', 'nope')).toBeNull()
      expect(store.listOrganizations('p2').map((o) => o.id)).toEqual(['o9'])
      expect(store.listOrganizations('nope')).toEqual([])
    })

    it('names sort by code point, as SQLite does: capitals before lower case, accented letters last', () => {
      store.createPlatform({ id: 'p1', title: 'P' })
      const names = ['beta', 'Émile', 'Zeta', 'alpha', 'Alpha']
      for (const [i, name] of names.entries()) {
        store.addOrganization('p1', { id: `o${i}`, name, shortName: name.slice(0, 2), color: '#000000' })
        store.createPerson(person(`m${i}`, { displayName: name }))
        store.setMembership({ platformId: 'p1', personId: `m${i}`, role: 'delegate', orgId: `o${i}` })
      }
      const codePointOrder = ['Alpha', 'Zeta', 'alpha', 'beta', 'Émile']
      expect(store.listOrganizations('p1').map((o) => o.name)).toEqual(codePointOrder)
      expect(store.listMembers('p1').map((m) => m.name)).toEqual(codePointOrder)
    })

    it('sections: add and read back (titles, fractional positions exactly); listSections by position, ties by id', () => {
      seed(store)
      store.addSection('p1', { id: 's4', title: 'Tie b', ownerOrgId: null, locked: true, position: 1.1, titles: { es: 'Empate', fr: 'Égalité' } })
      store.addSection('p1', { id: 's3', title: 'Tie a', ownerOrgId: 'o2', locked: false, position: 1.1 })
      store.addSection('p1', { id: 's0', title: 'Last', ownerOrgId: null, locked: false, position: 1e6 + 0.25 })
      expect(store.getSection('p1', 's4')).toEqual({
        id: 's4',
        title: 'Tie b',
        ownerOrgId: null,
        locked: true,
        position: 1.1,
        titles: { es: 'Empate', fr: 'Égalité' },
      })
      // No translated titles: no `titles` key at all.
      expect(store.getSection('p1', 's3')).toEqual({ id: 's3', title: 'Tie a', ownerOrgId: 'o2', locked: false, position: 1.1 })
      expect(store.listSections('p1').map((s) => [s.id, s.position])).toEqual([
        ['s1', 1],
        ['s3', 1.1],
        ['s4', 1.1],
        ['s2', 2],
        ['s0', 1e6 + 0.25],
      ])
      expect(store.getSection('p2', 's1')).toBeNull()
      expect(store.getSection('p1', 'nope')).toBeNull()
    })

    it('updateSection changes only what the patch names; null owner opens it; {} clears translated titles', () => {
      seed(store)
      store.updateSection('p1', 's1', { titles: { es: 'Vivienda', fr: '' } })
      expect(store.getSection('p1', 's1')).toEqual({ id: 's1', title: 'Housing', ownerOrgId: 'o1', locked: false, position: 1, titles: { es: 'Vivienda' } })
      store.updateSection('p1', 's1', { title: 'Homes', locked: true })
      expect(store.getSection('p1', 's1')).toEqual({ id: 's1', title: 'Homes', ownerOrgId: 'o1', locked: true, position: 1, titles: { es: 'Vivienda' } })
      store.updateSection('p1', 's1', { ownerOrgId: null })
      expect(store.getSection('p1', 's1')?.ownerOrgId).toBeNull()
      store.updateSection('p1', 's1', { ownerOrgId: 'o2', locked: false, titles: {} })
      expect(store.getSection('p1', 's1')).toEqual({ id: 's1', title: 'Homes', ownerOrgId: 'o2', locked: false, position: 1 })
      // An empty patch changes nothing; an unknown section is no error.
      store.updateSection('p1', 's1', {})
      store.updateSection('p1', 'nope', { title: 'x' })
      expect(store.getSection('p1', 's1')?.title).toBe('Homes')
      expect(store.getSection('p1', 's2')?.title).toBe('Transit')
    })

    it('setSectionPositions numbers the listed sections 1, 2, … in that order', () => {
      seed(store)
      store.addSection('p1', { id: 's3', title: 'Three', ownerOrgId: null, locked: false, position: 3 })
      store.setSectionPositions('p1', ['s3', 's1', 's2'])
      expect(store.listSections('p1').map((s) => [s.id, s.position])).toEqual([
        ['s3', 1],
        ['s1', 2],
        ['s2', 3],
      ])
      expect(store.getSection('p2', 's9')?.position).toBe(1)
    })

    it('removing a section hides it from the live list and keeps it recoverable; restoring brings it back in place', () => {
      seed(store)
      expect(store.sectionExists('p1', 's1')).toEqual({ removed: false })
      store.setSectionRemoved('p1', 's2', at(20))
      store.setSectionRemoved('p1', 's1', at(10))
      expect(store.listSections('p1')).toEqual([])
      expect(store.getSection('p1', 's1')).toBeNull()
      expect(store.sectionExists('p1', 's1')).toEqual({ removed: true })
      expect(store.listRemovedSections('p1')).toEqual([
        { id: 's1', title: 'Housing', removedAt: at(10) },
        { id: 's2', title: 'Transit', removedAt: at(20) },
      ])
      expect(store.getAnySection('p1', 's1')).toEqual({
        section: { id: 's1', title: 'Housing', ownerOrgId: 'o1', locked: false, position: 1 },
        removedAt: at(10),
      })
      // A removed section is not edited by updateSection.
      store.updateSection('p1', 's1', { title: 'Changed while removed' })
      store.setSectionRemoved('p1', 's1', null)
      expect(store.listSections('p1').map((s) => s.id)).toEqual(['s1'])
      expect(store.getSection('p1', 's1')?.title).toBe('Housing')
      expect(store.getAnySection('p1', 's1')?.removedAt).toBeNull()
      expect(store.listRemovedSections('p1').map((s) => s.id)).toEqual(['s2'])
      expect(store.sectionExists('p1', 'nope')).toBeNull()
      expect(store.getAnySection('p1', 'nope')).toBeNull()
      expect(store.sectionExists('p2', 's1')).toBeNull()
    })
  })

  describe('people, memberships and sessions', () => {
    it('createPerson and getPerson round-trip every field; the locale starts unset', () => {
      store.createPerson(person('ana', { displayName: 'Ana Núñez', isDemo: true, passwordHash: null, createdAt: at(3) }))
      expect(store.getPerson('ana')).toEqual({
        id: 'ana',
        username: 'ana',
        email: 'ana@example.org',
        displayName: 'Ana Núñez',
        passwordHash: null,
        isDemo: true,
        createdAt: at(3),
        locale: null,
      })
      store.setPersonLocale('ana', 'es')
      expect(store.getPerson('ana')?.locale).toBe('es')
      expect(store.getPerson('nobody')).toBeNull()
    })

    it('findPersonByLogin matches the username or the email whatever their case', () => {
      store.createPerson(person('p-ana', { username: 'AnaN', email: 'Ana.Nunez@Example.ORG' }))
      store.createPerson(person('p-ben', { username: 'ben', email: null }))
      for (const login of ['AnaN', 'anan', 'ANAN', 'ana.nunez@example.org', 'ANA.NUNEZ@EXAMPLE.ORG']) expect(store.findPersonByLogin(login)?.id).toBe('p-ana')
      expect(store.findPersonByLogin('BEN')?.id).toBe('p-ben')
      // Stored as given.
      expect(store.getPerson('p-ana')).toMatchObject({ username: 'AnaN', email: 'Ana.Nunez@Example.ORG' })
      expect(store.findPersonByLogin('ana')).toBeNull()
      expect(store.findPersonByLogin('')).toBeNull()
      expect(store.findPersonByLogin('null')).toBeNull()
    })

    it('usernames and emails are unique regardless of case; many people may have neither', () => {
      store.createPerson(person('a', { username: 'Alice', email: 'alice@example.org' }))
      expect(() => store.createPerson(person('b', { username: 'alice', email: 'other@example.org' }))).toThrow()
      expect(() => store.createPerson(person('c', { username: 'carol', email: 'ALICE@example.org' }))).toThrow()
      expect(store.getPerson('b')).toBeNull()
      expect(store.getPerson('c')).toBeNull()
      store.createPerson(person('d1', { username: null, email: null, isDemo: true }))
      store.createPerson(person('d2', { username: null, email: null, isDemo: true }))
      expect(store.getPerson('d2')).toMatchObject({ username: null, email: null })
    })

    it('countRealAccounts counts people who are not demo people', () => {
      expect(store.countRealAccounts()).toBe(0)
      store.createPerson(person('real1'))
      store.createPerson(person('demo1', { isDemo: true, username: null, email: null }))
      store.createPerson(person('real2'))
      expect(store.countRealAccounts()).toBe(2)
    })

    it('listDemoPeople: demo people in creation order (ties in the order written), with their memberships', () => {
      seed(store)
      // Same createdAt, ids against the alphabet: the order they were written in counts.
      for (const id of ['zed', 'yan', 'xia']) store.createPerson(person(id, { isDemo: true, username: null, email: null, createdAt: at(1) }))
      store.createPerson(person('early', { isDemo: true, username: null, email: null, createdAt: at(0) }))
      store.setMembership({ platformId: 'p1', personId: 'yan', role: 'boardRep', orgId: 'o1' })
      store.setMembership({ platformId: 'p2', personId: 'yan', role: 'observer', orgId: null })
      const demo = store.listDemoPeople()
      expect(demo.map((p) => p.id)).toEqual(['early', 'zed', 'yan', 'xia'])
      const yan = demo.find((p) => p.id === 'yan')!
      expect(sortedBy(yan.memberships, (m) => m.platformId)).toEqual([
        { platformId: 'p1', personId: 'yan', role: 'boardRep', orgId: 'o1' },
        { platformId: 'p2', personId: 'yan', role: 'observer', orgId: null },
      ])
      expect(demo.find((p) => p.id === 'zed')?.memberships).toEqual([])
    })

    it('memberships: one per person and platform (setting again replaces role and organization), listed and removed', () => {
      seed(store)
      store.setMembership({ platformId: 'p1', personId: 'ana', role: 'delegate', orgId: 'o1' })
      store.setMembership({ platformId: 'p1', personId: 'ana', role: 'facilitator', orgId: null })
      store.setMembership({ platformId: 'p2', personId: 'ana', role: 'observer', orgId: null })
      expect(store.getMembership('p1', 'ana')).toEqual({ platformId: 'p1', personId: 'ana', role: 'facilitator', orgId: null })
      expect(sortedBy(store.listMemberships('ana'), (m) => m.platformId).map((m) => [m.platformId, m.role])).toEqual([
        ['p1', 'facilitator'],
        ['p2', 'observer'],
      ])
      expect(store.getMember('p1', 'ana')).toEqual({
        platformId: 'p1',
        personId: 'ana',
        role: 'facilitator',
        orgId: null,
        name: 'Person ana',
        username: 'ana',
        isDemo: false,
      })
      store.removeMembership('p1', 'ana')
      expect(store.getMembership('p1', 'ana')).toBeNull()
      expect(store.getMember('p1', 'ana')).toBeNull()
      expect(store.listMemberships('ana').map((m) => m.platformId)).toEqual(['p2'])
      expect(store.getMembership('p1', 'ben')).toBeNull()
    })

    it('listMembers orders by display name, ties by person id', () => {
      seed(store)
      store.createPerson(person('m2', { displayName: 'Same name' }))
      store.createPerson(person('m1', { displayName: 'Same name', isDemo: true, username: null, email: null }))
      store.createPerson(person('m0', { displayName: 'Another' }))
      for (const id of ['m2', 'm1', 'm0']) store.setMembership({ platformId: 'p1', personId: id, role: 'delegate', orgId: 'o2' })
      store.setMembership({ platformId: 'p2', personId: 'ana', role: 'observer', orgId: null })
      expect(store.listMembers('p1')).toEqual([
        { platformId: 'p1', personId: 'm0', role: 'delegate', orgId: 'o2', name: 'Another', username: 'm0', isDemo: false },
        { platformId: 'p1', personId: 'm1', role: 'delegate', orgId: 'o2', name: 'Same name', username: null, isDemo: true },
        { platformId: 'p1', personId: 'm2', role: 'delegate', orgId: 'o2', name: 'Same name', username: 'm2', isDemo: false },
      ])
    })

    it('sessions: created, read, deleted; deleteExpiredSessions removes those expiring at or before now', () => {
      seed(store)
      store.createSession('h-past', 'ana', at(10))
      store.createSession('h-now', 'ana', at(20))
      store.createSession('h-later', 'ben', at(30))
      expect(store.getSession('h-later')).toEqual({ personId: 'ben', expiresAt: at(30) })
      store.deleteExpiredSessions(at(20))
      expect(store.getSession('h-past')).toBeNull()
      expect(store.getSession('h-now')).toBeNull()
      expect(store.getSession('h-later')).not.toBeNull()
      store.deleteSession('h-later')
      expect(store.getSession('h-later')).toBeNull()
      expect(store.getSession('never')).toBeNull()
    })
  })

  describe('invitations and setup tokens', () => {
    const invitation = (id: string, over: Partial<InvitationRow> = {}): InvitationRow => ({
      id,
      tokenHash: `th-${id}`,
      platformId: 'p1',
      role: 'delegate',
      orgId: 'o1',
      name: `Guest ${id}`,
      createdBy: 'ana',
      createdAt: at(1),
      expiresAt: at(1000),
      usedAt: null,
      usedBy: null,
      revokedAt: null,
      ...over,
    })

    it('an invitation reads back whole, by id (on its platform only) and by token hash', () => {
      seed(store)
      const row = invitation('i1', { orgId: null, name: null, role: 'observer' })
      store.createInvitation(row)
      expect(store.getInvitation('p1', 'i1')).toEqual(row)
      expect(store.findInvitationByTokenHash('th-i1')).toEqual(row)
      expect(store.getInvitation('p2', 'i1')).toBeNull()
      expect(store.findInvitationByTokenHash('th-nope')).toBeNull()
      expect(() => store.createInvitation(invitation('i2', { tokenHash: 'th-i1' }))).toThrow()
    })

    it('an invitation is used once: a second use does not change who used it; revoking keeps the first time', () => {
      seed(store)
      store.createInvitation(invitation('i1'))
      store.markInvitationUsed('i1', 'ben', at(5))
      store.markInvitationUsed('i1', 'cleo', at(6))
      store.revokeInvitation('i1', at(7))
      store.revokeInvitation('i1', at(8))
      expect(store.getInvitation('p1', 'i1')).toMatchObject({ usedAt: at(5), usedBy: 'ben', revokedAt: at(7) })
    })

    it('listInvitations: newest first, ties by id', () => {
      seed(store)
      store.createInvitation(invitation('i-old', { createdAt: at(1) }))
      store.createInvitation(invitation('i-b', { createdAt: at(5) }))
      store.createInvitation(invitation('i-a', { createdAt: at(5) }))
      store.createInvitation(invitation('i-new', { createdAt: at(9) }))
      store.createInvitation(invitation('i-p2', { platformId: 'p2', orgId: null, createdAt: at(9) }))
      expect(store.listInvitations('p1').map((i) => i.id)).toEqual(['i-new', 'i-a', 'i-b', 'i-old'])
    })

    it('a setup token is single-use; a new one is added beside an earlier one (each instance prints its own link)', () => {
      expect(store.getSetupToken('t1')).toBeNull()
      expect(store.useSetupToken('t1', at(1))).toBe(false)
      store.putSetupToken('t1', at(1))
      expect(store.getSetupToken('t1')).toEqual({ createdAt: at(1), usedAt: null })
      store.putSetupToken('t2', at(2))
      expect(store.getSetupToken('t1')).toEqual({ createdAt: at(1), usedAt: null })
      expect(store.useSetupToken('t1', at(3))).toBe(true)
      expect(store.useSetupToken('t1', at(3))).toBe(false)
      expect(store.useSetupToken('t2', at(3))).toBe(true)
      expect(store.useSetupToken('t2', at(4))).toBe(false)
      expect(store.getSetupToken('t2')).toEqual({ createdAt: at(2), usedAt: at(3) })
      store.putSetupToken('t3', at(5))
      expect(store.getSetupToken('t2')).toEqual({ createdAt: at(2), usedAt: at(3) })
      expect(store.getSetupToken('t3')).toEqual({ createdAt: at(5), usedAt: null })
    })
  })

  describe('audit log', () => {
    const entry = (platformId: string | null, platformSeq: number, over: Partial<AuditRow> = {}): Omit<AuditRow, 'seq'> => ({
      platformId,
      platformSeq,
      actorId: 'ana',
      action: 'test.action',
      detail: JSON.stringify({ n: platformSeq, text: 'ünïcode' }),
      createdAt: at(platformSeq),
      prevHash: `prev-${platformId}-${platformSeq}`,
      hash: `hash-${platformId}-${platformSeq}`,
      mac: `mac-${platformId}-${platformSeq}`,
      ...over,
    })

    it('appendAudit returns increasing numbers; each chain (a platform, or no platform) has its own head', () => {
      expect(store.auditHead('p1')).toBeNull()
      expect(store.auditHead(null)).toBeNull()
      const seqs = [store.appendAudit(entry('p1', 1)), store.appendAudit(entry(null, 1)), store.appendAudit(entry('p2', 1)), store.appendAudit(entry('p1', 2))]
      for (const seq of seqs) expect(typeof seq).toBe('number')
      for (let i = 1; i < seqs.length; i++) expect(seqs[i]!).toBeGreaterThan(seqs[i - 1]!)
      store.appendAudit(entry(null, 2))
      expect(store.auditHead('p1')).toEqual({ platformSeq: 2, hash: 'hash-p1-2' })
      expect(store.auditHead('p2')).toEqual({ platformSeq: 1, hash: 'hash-p2-1' })
      expect(store.auditHead(null)).toEqual({ platformSeq: 2, hash: 'hash-null-2' })
    })

    it('auditEntry finds one entry of a chain, the chain of no platform included; entries read back whole', () => {
      const seq = store.appendAudit(entry(null, 1, { actorId: null, mac: null }))
      store.appendAudit(entry('p1', 1))
      expect(store.auditEntry(null, 1)).toEqual({ seq, ...entry(null, 1, { actorId: null, mac: null }) })
      expect(store.auditEntry('p1', 1)).toMatchObject({ platformId: 'p1', platformSeq: 1, hash: 'hash-p1-1', mac: 'mac-p1-1' })
      expect(store.auditEntry('p1', 2)).toBeNull()
      expect(store.auditEntry('p2', 1)).toBeNull()
    })

    it('listAudit: every entry in the order written, or one platform’s', () => {
      store.appendAudit(entry('p1', 1))
      store.appendAudit(entry(null, 1))
      store.appendAudit(entry('p2', 1))
      store.appendAudit(entry('p1', 2))
      expect(store.listAudit().map((r) => [r.platformId, r.platformSeq])).toEqual([
        ['p1', 1],
        [null, 1],
        ['p2', 1],
        ['p1', 2],
      ])
      expect(store.listAudit('p1').map((r) => r.platformSeq)).toEqual([1, 2])
      expect(store.listAudit('nope')).toEqual([])
    })

    it('a chain refuses a second entry with the same number, the chain of no platform too (no fork between instances)', () => {
      store.appendAudit(entry('p1', 1))
      store.appendAudit(entry(null, 1))
      expect(() => store.appendAudit(entry('p1', 1, { hash: 'fork' }))).toThrow()
      expect(() => store.appendAudit(entry(null, 1, { hash: 'fork' }))).toThrow()
      expect(store.listAudit().map((r) => r.hash)).toEqual(['hash-p1-1', 'hash-null-1'])
      // The same number in another chain is fine.
      store.appendAudit(entry('p2', 1))
    })

    it('resealAudit rewrites the chain fields of the given entries only', () => {
      const a = store.appendAudit(entry('p1', 1, { mac: null }))
      const b = store.appendAudit(entry('p1', 2, { mac: null }))
      const c = store.appendAudit(entry('p1', 3, { mac: null }))
      store.resealAudit([
        { seq: a, platformSeq: 1, prevHash: 'genesis', hash: 'h1', mac: 'm1' },
        { seq: b, platformSeq: 2, prevHash: 'h1', hash: 'h2', mac: 'm2' },
      ])
      expect(store.listAudit('p1').map((r) => [r.seq, r.prevHash, r.hash, r.mac])).toEqual([
        [a, 'genesis', 'h1', 'm1'],
        [b, 'h1', 'h2', 'm2'],
        [c, 'prev-p1-3', 'hash-p1-3', null],
      ])
      expect(store.auditHead('p1')).toEqual({ platformSeq: 3, hash: 'hash-p1-3' })
    })
  })

  describe('comments and inboxes', () => {
    const comment = (id: string, over: Partial<CommentRow> = {}): CommentRow => ({
      id,
      platformId: 'p1',
      sectionId: 's1',
      amendmentId: null,
      lang: null,
      parentId: null,
      authorId: 'ana',
      body: `Body of ${id} <b>&</b>`,
      anchorStart: 'AAEC',
      anchorEnd: 'AAED',
      quote: 'quoted',
      createdAt: at(1),
      editedAt: null,
      deletedAt: null,
      resolvedAt: null,
      resolvedBy: null,
      hiddenAt: null,
      hiddenBy: null,
      hiddenReason: null,
      mentions: { personIds: [], orgIds: [] },
      ...over,
    })

    it('a comment reads back whole with its mentions; listComments by time, ties by id; threads stay apart', () => {
      seed(store)
      const root = comment('c-root', { mentions: { personIds: ['ben'], orgIds: ['o2'] }, lang: 'es' })
      store.insertComment(root)
      store.insertComment(comment('c3', { parentId: 'c-root', createdAt: at(5), anchorStart: null, anchorEnd: null, quote: null }))
      store.insertComment(comment('c2', { parentId: 'c-root', createdAt: at(5), anchorStart: null, anchorEnd: null, quote: null, authorId: 'ben' }))
      store.insertComment(comment('c-other', { createdAt: at(3) }))
      store.insertComment(comment('c-p2', { platformId: 'p2', sectionId: 's9' }))
      expect(store.getComment('p1', 'c-root')).toEqual(root)
      expect(store.getComment('p2', 'c-root')).toBeNull()
      expect(store.getComment('p1', 'nope')).toBeNull()
      const listed = store.listComments('p1')
      expect(listed.map((c) => c.id)).toEqual(['c-root', 'c-other', 'c2', 'c3'])
      expect(listed[0]).toEqual(root)
      expect(listed[1]!.mentions).toEqual({ personIds: [], orgIds: [] })
      expect(store.listThread('p1', 'c-root').map((c) => c.id)).toEqual(['c-root', 'c2', 'c3'])
      expect(store.listThread('p1', 'c-other').map((c) => c.id)).toEqual(['c-other'])
    })

    it('updateComment changes only the fields given; null clears; mentions are replaced when given', () => {
      seed(store)
      store.insertComment(comment('c1', { mentions: { personIds: ['ben', 'cleo'], orgIds: [] } }))
      store.updateComment('p1', 'c1', { resolvedAt: at(7), resolvedBy: 'ben' })
      expect(store.getComment('p1', 'c1')).toMatchObject({
        resolvedAt: at(7),
        resolvedBy: 'ben',
        body: 'Body of c1 <b>&</b>',
        mentions: { personIds: ['ben', 'cleo'] },
      })
      store.updateComment('p1', 'c1', { body: 'Edited', editedAt: at(8), mentions: { personIds: [], orgIds: ['o3'] } })
      store.updateComment('p1', 'c1', { resolvedAt: null, resolvedBy: null })
      const c = store.getComment('p1', 'c1')!
      expect(c).toMatchObject({ body: 'Edited', editedAt: at(8), resolvedAt: null, resolvedBy: null, mentions: { personIds: [], orgIds: ['o3'] } })
      store.updateComment('p1', 'c1', { hiddenAt: at(9), hiddenBy: 'cleo', hiddenReason: 'off topic', deletedAt: at(10) })
      expect(store.getComment('p1', 'c1')).toEqual({ ...c, hiddenAt: at(9), hiddenBy: 'cleo', hiddenReason: 'off topic', deletedAt: at(10) })
    })

    it('inbox: one item per person and comment, newest first, numeric ids; marking read keeps the first time read', () => {
      seed(store)
      for (const id of ['c1', 'c2', 'c3']) store.insertComment(comment(id))
      store.addInboxItem({ personId: 'ben', platformId: 'p1', commentId: 'c1', kind: 'mention', createdAt: at(1) })
      store.addInboxItem({ personId: 'ben', platformId: 'p1', commentId: 'c1', kind: 'reply', createdAt: at(2) })
      store.addInboxItem({ personId: 'ben', platformId: 'p1', commentId: 'c2', kind: 'reply', createdAt: at(3) })
      store.addInboxItem({ personId: 'ben', platformId: 'p1', commentId: 'c3', kind: 'mention', createdAt: at(3) })
      store.addInboxItem({ personId: 'cleo', platformId: 'p1', commentId: 'c1', kind: 'mention', createdAt: at(1) })
      const inbox = store.listInbox('ben', 'p1')
      expect(inbox.map((i) => [i.commentId, i.kind, i.readAt])).toEqual([
        ['c3', 'mention', null],
        ['c2', 'reply', null],
        ['c1', 'mention', null],
      ])
      for (const item of inbox) expect(typeof item.id).toBe('number')
      store.markInboxRead('ben', 'p1', [inbox[1]!.id], at(10))
      // Another person's item is not marked through ben's call.
      store.markInboxRead('ben', 'p1', [store.listInbox('cleo', 'p1')[0]!.id], at(10))
      store.markInboxRead('ben', 'p1', null, at(11))
      expect(store.listInbox('ben', 'p1').map((i) => i.readAt)).toEqual([at(11), at(10), at(11)])
      expect(store.listInbox('cleo', 'p1')[0]!.readAt).toBeNull()
      expect(store.listInbox('ben', 'p2')).toEqual([])
    })
  })

  describe('sign-offs and approval notices', () => {
    const signoff = (id: string, over: Partial<SignoffRow> = {}): SignoffRow => ({
      id,
      platformId: 'p1',
      sectionId: 's1',
      orgId: 'o1',
      personId: 'ana',
      decision: 'approve',
      note: '',
      hash: `hash-${id}`,
      snapshotJson: '{"type":"doc"}',
      snapshotText: 'Text',
      createdAt: at(1),
      ...over,
    })

    it('listSignoffs: every decision oldest first, ties in the order written; only the platform’s', () => {
      seed(store)
      store.insertSignoff(signoff('z-first', { createdAt: at(5) }))
      store.insertSignoff(signoff('a-second', { createdAt: at(5), decision: 'changes', note: 'Fix §2' }))
      store.insertSignoff(signoff('m-oldest', { createdAt: at(1) }))
      store.insertSignoff(signoff('p2', { platformId: 'p2', sectionId: 's9', orgId: 'o9' }))
      expect(store.listSignoffs('p1').map((s) => s.id)).toEqual(['m-oldest', 'z-first', 'a-second'])
      expect(store.listSignoffs('p1')[2]).toEqual(signoff('a-second', { createdAt: at(5), decision: 'changes', note: 'Fix §2' }))
    })

    it('latestSignoff and latestSignoffs: the newest decision per section and organization (a tie: the one written last)', () => {
      seed(store)
      store.insertSignoff(signoff('s1o1-new', { createdAt: at(9) }))
      store.insertSignoff(signoff('s1o1-old', { createdAt: at(2) }))
      store.insertSignoff(signoff('s1o2-a', { orgId: 'o2', createdAt: at(4) }))
      store.insertSignoff(signoff('s1o2-b', { orgId: 'o2', createdAt: at(4), decision: 'changes' }))
      store.insertSignoff(signoff('s2o1', { sectionId: 's2', createdAt: at(1) }))
      expect(store.latestSignoff('p1', 's1', 'o1')?.id).toBe('s1o1-new')
      expect(store.latestSignoff('p1', 's1', 'o2')).toMatchObject({ id: 's1o2-b', decision: 'changes' })
      expect(store.latestSignoff('p1', 's2', 'o2')).toBeNull()
      expect(sortedBy(store.latestSignoffs('p1'), (s) => s.id).map((s) => s.id)).toEqual(['s1o1-new', 's1o2-b', 's2o1'])
      expect(store.latestSignoffs('p2')).toEqual([])
    })

    it('approval notices: one per person and approval, however often added; the count says how many were new', () => {
      seed(store)
      store.insertSignoff(signoff('so1'))
      store.insertSignoff(signoff('so2', { orgId: 'o2' }))
      store.insertSignoff(signoff('so3', { orgId: 'o3' }))
      const notice = (personId: string, signoffId: string, createdAt: string) => ({
        personId,
        platformId: 'p1',
        signoffId,
        sectionId: 's1',
        orgId: 'o1',
        createdAt,
      })
      expect(store.addApprovalNotices([notice('ana', 'so1', at(1)), notice('ben', 'so1', at(1)), notice('ana', 'so1', at(2))])).toBe(2)
      expect(store.addApprovalNotices([notice('ana', 'so1', at(3)), notice('ana', 'so2', at(3))])).toBe(1)
      expect(store.addApprovalNotices([])).toBe(0)
      expect(store.noticedSignoffs(['so1', 'so2', 'so3', 'nope'])).toEqual(new Set(['so1', 'so2']))
      expect(store.noticedSignoffs([])).toEqual(new Set())
      const ana = store.listApprovalNotices('ana', 'p1')
      expect(ana.map((n) => [n.signoffId, n.createdAt, n.amendmentId, n.readAt])).toEqual([
        ['so2', at(3), null, null],
        ['so1', at(1), null, null],
      ])
      for (const n of ana) expect(typeof n.id).toBe('number')
    })

    it('approval notices remember the amendment that made them stale, and are marked read once', () => {
      seed(store)
      store.insertSignoff(signoff('so1'))
      store.insertSignoff(signoff('so2'))
      store.insertAmendment({
        id: 'am1',
        platformId: 'p1',
        sectionId: 's1',
        orgId: 'o2',
        authorId: 'ben',
        title: 'T',
        rationale: '',
        baseHash: 'h',
        baseJson: '{}',
        createdAt: at(1),
      })
      store.addApprovalNotices([
        { personId: 'ana', platformId: 'p1', signoffId: 'so1', sectionId: 's1', orgId: 'o1', createdAt: at(1), amendmentId: 'am1' },
        { personId: 'ana', platformId: 'p1', signoffId: 'so2', sectionId: 's1', orgId: 'o1', createdAt: at(2), amendmentId: null },
      ])
      const [second, first] = store.listApprovalNotices('ana', 'p1')
      expect(first).toMatchObject({ signoffId: 'so1', amendmentId: 'am1', personId: 'ana', platformId: 'p1', sectionId: 's1', orgId: 'o1' })
      store.markApprovalNoticesRead('ana', 'p1', [first!.id], at(5))
      store.markApprovalNoticesRead('ana', 'p1', null, at(6))
      store.markApprovalNoticesRead('ana', 'p1', null, at(7))
      expect(store.listApprovalNotices('ana', 'p1').map((n) => [n.id, n.readAt])).toEqual([
        [second!.id, at(6)],
        [first!.id, at(5)],
      ])
      expect(store.listApprovalNotices('ben', 'p1')).toEqual([])
    })
  })

  describe('drafting sessions', () => {
    const session = (id: string, over: Partial<DraftingSessionRow> = {}): DraftingSessionRow => ({
      id,
      platformId: 'p1',
      title: `Session ${id}`,
      scheduledStart: null,
      status: 'planned',
      startedAt: null,
      endedAt: null,
      currentItem: null,
      itemStartedAt: null,
      pausedAt: null,
      pausedMs: 0,
      extraMs: 0,
      followSectionId: null,
      followSeq: 0,
      penSectionId: null,
      penPersonId: null,
      progressive: false,
      notes: '',
      createdAt: at(1),
      ...over,
    })
    const agenda: AgendaRow[] = [
      { kind: 'section', sectionId: 's2', amendmentId: null, title: 'Transit', timeBoxMs: 600_000 },
      { kind: 'free', sectionId: null, amendmentId: null, title: 'Open floor', timeBoxMs: 300_000 },
      { kind: 'section', sectionId: 's1', amendmentId: null, title: 'Housing', timeBoxMs: 900_000 },
    ]

    it('a session reads back whole with its agenda in order', () => {
      seed(store)
      const row = session('d1', { scheduledStart: at(100), progressive: true, notes: 'Bring «snacks»' })
      store.createDraftingSession(row, agenda)
      expect(store.getDraftingSession('p1', 'd1')).toEqual(row)
      expect(store.agenda('d1')).toEqual(agenda)
      expect(store.getDraftingSession('p2', 'd1')).toBeNull()
      expect(store.agenda('nope')).toEqual([])
    })

    it('listDraftingSessions by creation, ties by id; runningDraftingSessions only the running ones', () => {
      seed(store)
      store.createDraftingSession(session('d-b', { createdAt: at(5) }), [])
      store.createDraftingSession(session('d-a', { createdAt: at(5) }), [])
      store.createDraftingSession(session('d-first', { createdAt: at(1) }), [])
      store.createDraftingSession(session('d-p2', { platformId: 'p2' }), [])
      expect(store.listDraftingSessions('p1').map((s) => s.id)).toEqual(['d-first', 'd-a', 'd-b'])
      expect(store.runningDraftingSessions('p1')).toEqual([])
      store.updateDraftingSession('d-b', { status: 'running', startedAt: EPOCH_MS })
      store.updateDraftingSession('d-a', { status: 'running', startedAt: EPOCH_MS })
      store.updateDraftingSession('d-a', { status: 'ended', endedAt: EPOCH_MS + 1 })
      expect(store.runningDraftingSessions('p1').map((s) => s.id)).toEqual(['d-b'])
    })

    it('updateDraftingSession changes only what the patch names; epoch milliseconds read back as exact numbers', () => {
      seed(store)
      store.createDraftingSession(session('d1'), agenda)
      store.updateDraftingSession('d1', {
        status: 'running',
        startedAt: EPOCH_MS,
        currentItem: 2,
        itemStartedAt: EPOCH_MS + 5,
        pausedAt: EPOCH_MS + 9,
        pausedMs: 2 ** 33,
        extraMs: 60_000,
        followSectionId: 's1',
        followSeq: 7,
        penSectionId: 's1',
        penPersonId: 'ben',
        progressive: true,
      })
      const running = store.getDraftingSession('p1', 'd1')!
      expect(running).toEqual(
        session('d1', {
          status: 'running',
          startedAt: EPOCH_MS,
          currentItem: 2,
          itemStartedAt: EPOCH_MS + 5,
          pausedAt: EPOCH_MS + 9,
          pausedMs: 2 ** 33,
          extraMs: 60_000,
          followSectionId: 's1',
          followSeq: 7,
          penSectionId: 's1',
          penPersonId: 'ben',
          progressive: true,
        }),
      )
      expect(typeof running.startedAt).toBe('number')
      expect(typeof running.pausedMs).toBe('number')
      store.updateDraftingSession('d1', { pausedAt: null, penSectionId: null, penPersonId: null, progressive: false, notes: 'done' })
      expect(store.getDraftingSession('p1', 'd1')).toMatchObject({ pausedAt: null, penPersonId: null, progressive: false, notes: 'done', startedAt: EPOCH_MS })
      store.updateDraftingSession('d1', {})
      expect(store.getDraftingSession('p1', 'd1')?.notes).toBe('done')
    })

    it('hands: raising twice is one hand; lowering or calling settles it; a new raise is a new hand', () => {
      seed(store)
      store.createDraftingSession(session('d1'), agenda)
      store.raiseHand('d1', 0, 'ana', 'o1', EPOCH_MS + 1)
      store.raiseHand('d1', 0, 'ana', 'o1', EPOCH_MS + 2)
      store.raiseHand('d1', 0, 'ben', null, EPOCH_MS + 3)
      store.raiseHand('d1', 1, 'ana', 'o1', EPOCH_MS + 4)
      // Nothing raised: nothing to settle.
      store.settleHand('d1', 0, 'cleo', EPOCH_MS + 5, true)
      store.settleHand('d1', 0, 'ana', EPOCH_MS + 6, false)
      store.raiseHand('d1', 0, 'ana', 'o1', EPOCH_MS + 7)
      store.settleHand('d1', 0, 'ana', EPOCH_MS + 8, true)
      store.settleHand('d1', 0, 'ana', EPOCH_MS + 9, false)
      const hands = store.hands('d1')
      expect(hands.map((h) => [h.item, h.personId, h.orgId, h.raisedAt, h.loweredAt, h.calledAt])).toEqual([
        [0, 'ana', 'o1', EPOCH_MS + 1, EPOCH_MS + 6, null],
        [0, 'ben', null, EPOCH_MS + 3, null, null],
        [1, 'ana', 'o1', EPOCH_MS + 4, null, null],
        [0, 'ana', 'o1', EPOCH_MS + 7, null, EPOCH_MS + 8],
      ])
      for (const h of hands) expect(typeof h.id).toBe('number')
      expect(store.itemHands('d1', 0).map((h) => h.raisedAt)).toEqual([EPOCH_MS + 1, EPOCH_MS + 3, EPOCH_MS + 7])
      expect(store.personHands('d1', 0, 'ana').map((h) => h.raisedAt)).toEqual([EPOCH_MS + 1, EPOCH_MS + 7])
      expect(store.personHands('d1', 2, 'ana')).toEqual([])
    })

    it('polls: one answer per person (answering again replaces it), closed once, listed by opening time', () => {
      seed(store)
      store.createDraftingSession(session('d1'), agenda)
      store.createPoll('d1', { id: 'poll-b', item: 0, kind: 'fist', question: 'How sure?', openedAt: EPOCH_MS + 10 })
      store.createPoll('d1', { id: 'poll-a', item: 0, kind: 'consent', question: '¿De acuerdo?', openedAt: EPOCH_MS + 10 })
      store.createPoll('d1', { id: 'poll-0', item: 1, kind: 'consent', question: 'First', openedAt: EPOCH_MS })
      expect(store.poll('d1', 'poll-a')).toEqual({ id: 'poll-a', item: 0, kind: 'consent', question: '¿De acuerdo?', openedAt: EPOCH_MS + 10, closedAt: null })
      expect(store.poll('d1', 'nope')).toBeNull()
      expect(store.pollAnswer('poll-a', 'ana')).toBeNull()
      store.answerPoll('poll-a', 'ana', 'o1', 'agree', EPOCH_MS + 11)
      store.answerPoll('poll-a', 'ben', null, 'stand-aside', EPOCH_MS + 12)
      store.answerPoll('poll-a', 'ana', 'o1', 'block', EPOCH_MS + 13)
      expect(store.pollAnswer('poll-a', 'ana')).toEqual({ personId: 'ana', orgId: 'o1', value: 'block', answeredAt: EPOCH_MS + 13 })
      store.closePoll('poll-a', EPOCH_MS + 20)
      store.closePoll('poll-a', EPOCH_MS + 30)
      const polls = store.polls('d1')
      expect(polls.map((p) => p.id)).toEqual(['poll-0', 'poll-a', 'poll-b'])
      expect(polls[1]).toEqual({
        id: 'poll-a',
        item: 0,
        kind: 'consent',
        question: '¿De acuerdo?',
        openedAt: EPOCH_MS + 10,
        closedAt: EPOCH_MS + 20,
        answers: [
          { personId: 'ben', orgId: null, value: 'stand-aside', answeredAt: EPOCH_MS + 12 },
          { personId: 'ana', orgId: 'o1', value: 'block', answeredAt: EPOCH_MS + 13 },
        ],
      })
      expect(polls[2]!.answers).toEqual([])
    })

    it('session events: in the order written, whatever their times; details round-trip as JSON', () => {
      seed(store)
      store.createDraftingSession(session('d1'), [])
      const detail = { sectionId: 's1', nested: { list: [1, 'two', null], yes: true }, text: 'ñ — “quoted”' }
      store.addSessionEvent('d1', { at: EPOCH_MS + 5, kind: 'started', detail: {} })
      store.addSessionEvent('d1', { at: EPOCH_MS + 5, kind: 'pen', detail })
      store.addSessionEvent('d1', { at: EPOCH_MS, kind: 'clock-skew', detail: { n: 1 } })
      expect(store.sessionEvents('d1')).toEqual([
        { at: EPOCH_MS + 5, kind: 'started', detail: {} },
        { at: EPOCH_MS + 5, kind: 'pen', detail },
        { at: EPOCH_MS, kind: 'clock-skew', detail: { n: 1 } },
      ])
      expect(store.sessionEvents('nope')).toEqual([])
    })
  })

  describe('access tokens', () => {
    const token = (id: string, over: Partial<AccessTokenRow> = {}): AccessTokenRow => ({
      id,
      secretHash: `sha-${id}`,
      personId: 'ana',
      platformId: 'p1',
      role: 'delegate',
      name: `Token ${id}`,
      createdAt: at(1),
      expiresAt: null,
      lastUsedAt: null,
      revokedAt: null,
      ...over,
    })

    it('a token reads back whole; a person’s tokens newest first, ties by id', () => {
      seed(store)
      store.createAccessToken(token('t-old', { expiresAt: at(1000), createdAt: at(1) }))
      store.createAccessToken(token('t-b', { createdAt: at(5) }))
      store.createAccessToken(token('t-a', { createdAt: at(5), role: 'observer' }))
      store.createAccessToken(token('t-ben', { personId: 'ben', createdAt: at(9) }))
      expect(store.getAccessToken('t-old')).toEqual(token('t-old', { expiresAt: at(1000), createdAt: at(1) }))
      expect(store.getAccessToken('nope')).toBeNull()
      expect(store.listAccessTokens('ana').map((t) => t.id)).toEqual(['t-a', 't-b', 't-old'])
      expect(store.listAccessTokens('cleo')).toEqual([])
    })

    it('revoking keeps the first time; each use records the latest time', () => {
      seed(store)
      store.createAccessToken(token('t1'))
      store.markAccessTokenUsed('t1', at(3))
      store.markAccessTokenUsed('t1', at(4))
      store.revokeAccessToken('t1', at(5))
      store.revokeAccessToken('t1', at(6))
      expect(store.getAccessToken('t1')).toMatchObject({ lastUsedAt: at(4), revokedAt: at(5) })
    })
  })

  describe('amendments', () => {
    const amendment = (id: string, createdAt = at(1)) => ({
      id,
      platformId: 'p1',
      sectionId: 's1',
      orgId: 'o2',
      authorId: 'ben',
      title: `Amendment ${id}`,
      rationale: 'Because',
      baseHash: 'base',
      baseJson: '{"type":"doc","content":[]}',
      createdAt,
    })

    it('a new amendment is open, undecided and unendorsed', () => {
      seed(store)
      store.insertAmendment(amendment('am1'))
      expect(store.getAmendment('p1', 'am1')).toEqual({
        ...amendment('am1'),
        status: 'open',
        decidedBy: null,
        decidedAt: null,
        decisionNote: '',
        resultHash: null,
        endorsements: [],
      })
      expect(store.getAmendment('p2', 'am1')).toBeNull()
      expect(store.getAmendment('p1', 'nope')).toBeNull()
    })

    it('endorsements: once per organization, sorted; withdrawing works once', () => {
      seed(store)
      store.insertAmendment(amendment('am1'))
      store.insertAmendment(amendment('am2'))
      expect(store.addEndorsement('am1', 'o3', 'cleo', at(2))).toBe(true)
      expect(store.addEndorsement('am1', 'o1', 'ana', at(3))).toBe(true)
      expect(store.addEndorsement('am1', 'o3', 'ana', at(4))).toBe(false)
      expect(store.getAmendment('p1', 'am1')?.endorsements).toEqual(['o1', 'o3'])
      expect(store.getAmendment('p1', 'am2')?.endorsements).toEqual([])
      expect(store.removeEndorsement('am1', 'o3')).toBe(true)
      expect(store.removeEndorsement('am1', 'o3')).toBe(false)
      expect(store.removeEndorsement('am2', 'o1')).toBe(false)
      expect(store.getAmendment('p1', 'am1')?.endorsements).toEqual(['o1'])
    })

    it('an amendment is closed once; the first decision stands', () => {
      seed(store)
      store.insertAmendment(amendment('am1'))
      expect(store.closeAmendment('am1', { status: 'accepted', by: 'ana', at: at(9), note: 'Merged', resultHash: 'result' })).toBe(true)
      expect(store.closeAmendment('am1', { status: 'declined', by: 'cleo', at: at(10), note: 'No', resultHash: null })).toBe(false)
      expect(store.closeAmendment('nope', { status: 'withdrawn', by: 'ben', at: at(10), note: '', resultHash: null })).toBe(false)
      expect(store.getAmendment('p1', 'am1')).toMatchObject({
        status: 'accepted',
        decidedBy: 'ana',
        decidedAt: at(9),
        decisionNote: 'Merged',
        resultHash: 'result',
      })
    })

    it('listAmendments: oldest first, ties in the order written, with their endorsements', () => {
      seed(store)
      store.insertAmendment(amendment('am-z', at(5)))
      store.insertAmendment(amendment('am-a', at(5)))
      store.insertAmendment(amendment('am-first', at(1)))
      store.insertAmendment({ ...amendment('am-p2'), platformId: 'p2', sectionId: 's9', orgId: 'o9' })
      store.addEndorsement('am-a', 'o1', 'ana', at(6))
      const listed = store.listAmendments('p1')
      expect(listed.map((a) => [a.id, a.endorsements])).toEqual([
        ['am-first', []],
        ['am-z', []],
        ['am-a', ['o1']],
      ])
    })
  })

  describe('abuse limits (rate events, sign-in failures, tickets)', () => {
    it('rate events count per scope and subject after a time, oldest first; one can be withdrawn; a subject can be cleared', () => {
      const a = store.addRateEvent('comments', 'ana', 100, 1100)
      store.addRateEvent('comments', 'ana', 300, 1300)
      store.addRateEvent('comments', 'ben', 200, 1200)
      store.addRateEvent('sign-in-address', 'ana', 250, 1250)
      expect(store.rateEventTimes('comments', 'ana', 0)).toEqual([100, 300])
      expect(store.rateEventTimes('comments', 'ana', 100)).toEqual([300])
      store.removeRateEvent(a)
      expect(store.rateEventTimes('comments', 'ana', 0)).toEqual([300])
      store.clearRateEvents('comments', 'ana')
      expect(store.rateEventTimes('comments', 'ana', 0)).toEqual([])
      expect(store.rateEventTimes('comments', 'ben', 0)).toEqual([200])
      expect(store.rateEventTimes('sign-in-address', 'ana', 0)).toEqual([250])
    })

    it('sign-in failures count up, start again after the forgetting time, and clear', () => {
      expect(store.signInFailures('pair')).toBeNull()
      store.addSignInFailure('pair', 1000, 0)
      store.addSignInFailure('pair', 2000, 0)
      expect(store.signInFailures('pair')).toEqual({ count: 2, last: 2000 })
      store.addSignInFailure('pair', 9000, 5000)
      expect(store.signInFailures('pair')).toEqual({ count: 1, last: 9000 })
      store.clearSignInFailures('pair')
      expect(store.signInFailures('pair')).toBeNull()
    })

    it('a sign-in attempt is counted only from the count it was decided on, through either instance; one can be uncounted', async () => {
      const other = await factory.reopen()
      try {
        // Both saw no row: the first insert counts, the second finds the row and counts nothing.
        expect(store.takeSignInAttempt('pair', null, 1000, 0)).toBe(true)
        expect(other.takeSignInAttempt('pair', null, 1000, 0)).toBe(false)
        const seen = other.signInFailures('pair')
        expect(seen).toEqual({ count: 1, last: 1000 })
        // Both decided on { 1, 1000 }: one raises it, the other's compare fails.
        expect(other.takeSignInAttempt('pair', seen, 2000, 0)).toBe(true)
        expect(store.takeSignInAttempt('pair', seen, 2000, 0)).toBe(false)
        expect(store.signInFailures('pair')).toEqual({ count: 2, last: 2000 })
        // A count whose last attempt is forgotten starts again at 1.
        expect(store.takeSignInAttempt('pair', { count: 2, last: 2000 }, 9000, 5000)).toBe(true)
        expect(other.signInFailures('pair')).toEqual({ count: 1, last: 9000 })
        other.withdrawSignInAttempt('pair')
        expect(store.signInFailures('pair')).toEqual({ count: 0, last: 9000 })
        store.withdrawSignInAttempt('pair')
        expect(store.signInFailures('pair')).toEqual({ count: 0, last: 9000 })
        store.withdrawSignInAttempt('nobody')
        expect(store.signInFailures('nobody')).toBeNull()
      } finally {
        await other.close()
      }
    })

    it('a ticket is taken once, through whichever instance takes it first', async () => {
      const ticket = { personId: 'ana', platformId: 'p', sessionKey: 'k', expiresAt: 5000 }
      store.insertTicket('h', ticket)
      const other = await factory.reopen()
      try {
        expect(other.takeTicket('h')).toEqual(ticket)
        expect(store.takeTicket('h')).toBeNull()
        expect(other.takeTicket('h')).toBeNull()
      } finally {
        await other.close()
      }
    })

    it('purging drops what expired and keeps the rest', () => {
      store.addRateEvent('comments', 'ana', 100, 1000)
      store.addRateEvent('comments', 'ana', 900, 2000)
      store.addSignInFailure('old', 100, 0)
      store.addSignInFailure('new', 1900, 0)
      store.insertTicket('gone', { personId: 'a', platformId: 'p', sessionKey: 'k', expiresAt: 1000 })
      store.insertTicket('kept', { personId: 'a', platformId: 'p', sessionKey: 'k', expiresAt: 3000 })
      store.purgeExpiredLimits(1500, 1000)
      expect(store.rateEventTimes('comments', 'ana', 0)).toEqual([900])
      expect(store.signInFailures('old')).toBeNull()
      expect(store.signInFailures('new')).not.toBeNull()
      expect(store.takeTicket('gone')).toBeNull()
      expect(store.takeTicket('kept')).not.toBeNull()
    })
  })

  describe('translation reviews', () => {
    const review = (sectionId: string, lang: string, over: Partial<TranslationReviewRow> = {}): TranslationReviewRow => ({
      platformId: 'p1',
      sectionId,
      lang,
      upToDateWith: `primary-${sectionId}`,
      primaryJson: '{"type":"doc"}',
      personId: 'ana',
      at: at(1),
      ...over,
    })

    it('one current review per section and language: setting again replaces it', () => {
      seed(store)
      expect(store.getTranslationReview('p1', 's1', 'es')).toBeNull()
      store.setTranslationReview(review('s1', 'es'))
      store.setTranslationReview(review('s1', 'es', { upToDateWith: 'newer', primaryJson: '{"v":2}', personId: 'ben', at: at(2) }))
      expect(store.getTranslationReview('p1', 's1', 'es')).toEqual(
        review('s1', 'es', { upToDateWith: 'newer', primaryJson: '{"v":2}', personId: 'ben', at: at(2) }),
      )
      expect(store.getTranslationReview('p1', 's1', 'fr')).toBeNull()
    })

    it('listTranslationReviews: by section then language, without the primary text', () => {
      seed(store)
      store.setTranslationReview(review('s2', 'es'))
      store.setTranslationReview(review('s1', 'fr'))
      store.setTranslationReview(review('s1', 'es'))
      store.setTranslationReview(review('s9', 'es', { platformId: 'p2' }))
      const listed = store.listTranslationReviews('p1')
      expect(listed.map((r) => [r.sectionId, r.lang])).toEqual([
        ['s1', 'es'],
        ['s1', 'fr'],
        ['s2', 'es'],
      ])
      for (const r of listed) expect(r).not.toHaveProperty('primaryJson')
      expect(listed[0]).toEqual({ platformId: 'p1', sectionId: 's1', lang: 'es', upToDateWith: 'primary-s1', personId: 'ana', at: at(1) })
    })
  })

  describe('section versions', () => {
    const version = (id: string, over: Partial<Omit<VersionRow, 'name'>> = {}): Omit<VersionRow, 'name'> => ({
      id,
      platformId: 'p1',
      sectionId: 's1',
      at: at(1),
      reason: 'edit',
      hash: `hash-${id}`,
      personIds: ['ana', 'ben'],
      orgIds: ['o1'],
      actorId: null,
      restoredFrom: null,
      ...over,
    })

    it('a version reads back whole; its text is kept once per section and hash (the first stays)', () => {
      seed(store)
      store.insertVersion(version('v1', { hash: 'same' }), '{"text":"first"}')
      store.insertVersion(
        version('v2', { hash: 'same', reason: 'restore', actorId: 'cleo', restoredFrom: 'v1', personIds: [], orgIds: [] }),
        '{"text":"second"}',
      )
      store.insertVersion(version('v3', { hash: 'no-text' }), null)
      expect(store.getVersion('p1', 'v1')).toEqual({ ...version('v1', { hash: 'same' }), name: null })
      expect(store.getVersion('p1', 'v2')).toEqual({
        ...version('v2', { hash: 'same', reason: 'restore', actorId: 'cleo', restoredFrom: 'v1', personIds: [], orgIds: [] }),
        name: null,
      })
      expect(store.getVersion('p2', 'v1')).toBeNull()
      expect(store.versionText('p1', 's1', 'same')).toBe('{"text":"first"}')
      expect(store.hasVersionText('p1', 's1', 'same')).toBe(true)
      expect(store.hasVersionText('p1', 's1', 'no-text')).toBe(false)
      expect(store.versionText('p1', 's1', 'no-text')).toBeNull()
      expect(store.hasVersionText('p1', 's2', 'same')).toBe(false)
    })

    it('listVersions: newest first in the order kept (not by their times), per section or for the platform, limited', () => {
      seed(store)
      store.insertVersion(version('v-a', { at: at(5) }), null)
      store.insertVersion(version('v-b', { at: at(5), sectionId: 's2' }), null)
      store.insertVersion(version('v-c', { at: at(5) }), null)
      store.insertVersion(version('v-d', { at: at(4) }), null)
      store.insertVersion(version('v-p2', { platformId: 'p2', sectionId: 's9' }), null)
      expect(store.listVersions('p1', 's1', 10).map((v) => v.id)).toEqual(['v-d', 'v-c', 'v-a'])
      expect(store.listVersions('p1', 's1', 2).map((v) => v.id)).toEqual(['v-d', 'v-c'])
      expect(store.listVersions('p1', null, 10).map((v) => v.id)).toEqual(['v-d', 'v-c', 'v-b', 'v-a'])
      expect(store.latestVersion('p1', 's1')?.id).toBe('v-d')
      expect(store.latestVersion('p1', 'nope')).toBeNull()
      expect(store.sectionsWithVersions('p1')).toEqual(new Set(['s1', 's2']))
      expect(store.sectionsWithVersions('nope')).toEqual(new Set())
    })

    it('renameVersion names and un-names a version of the platform; false for an unknown one', () => {
      seed(store)
      store.insertVersion(version('v1'), null)
      expect(store.renameVersion('p1', 'v1', 'Draft for the board, 12 March')).toBe(true)
      expect(store.getVersion('p1', 'v1')?.name).toBe('Draft for the board, 12 March')
      expect(store.listVersions('p1', 's1', 1)[0]?.name).toBe('Draft for the board, 12 March')
      expect(store.renameVersion('p1', 'v1', null)).toBe(true)
      expect(store.getVersion('p1', 'v1')?.name).toBeNull()
      expect(store.renameVersion('p1', 'nope', 'x')).toBe(false)
      expect(store.renameVersion('p2', 'v1', 'x')).toBe(false)
    })
  })

  describe('transaction()', () => {
    it('returns what fn returns, and its writes are committed', () => {
      const result = store.transaction(() => {
        store.createPlatform({ id: 'p1', title: 'In a transaction' })
        return { seq: store.appendUpdate('doc', bytes(1)) }
      })
      expect(result.seq).toBe(store.loadDocument('doc').lastSeq)
      expect(store.getPlatform('p1')?.title).toBe('In a transaction')
    })

    it('all or nothing: when fn throws, none of its writes stay and the error comes out unchanged', () => {
      seed(store)
      const failure = new Error('refused half-way')
      const before = store.appendUpdate('doc', bytes(1))
      expect(() =>
        store.transaction(() => {
          store.appendUpdate('doc', bytes(2))
          store.appendUpdates('doc', [bytes(3), bytes(4)])
          store.createPlatform({ id: 'p3', title: 'Never' })
          store.insertComment({
            id: 'c1',
            platformId: 'p1',
            sectionId: 's1',
            amendmentId: null,
            lang: null,
            parentId: null,
            authorId: 'ana',
            body: 'never',
            anchorStart: null,
            anchorEnd: null,
            quote: null,
            createdAt: at(1),
            editedAt: null,
            deletedAt: null,
            resolvedAt: null,
            resolvedBy: null,
            hiddenAt: null,
            hiddenBy: null,
            hiddenReason: null,
            mentions: { personIds: ['ben'], orgIds: [] },
          })
          store.updateSection('p1', 's1', { title: 'Never' })
          store.claimClient('doc', 1, 'ana')
          throw failure
        }),
      ).toThrow(failure)
      expect(store.loadDocument('doc')).toEqual({ state: null, updates: [bytes(1)], lastSeq: before })
      expect(store.getPlatform('p3')).toBeNull()
      expect(store.getComment('p1', 'c1')).toBeNull()
      expect(store.getSection('p1', 's1')?.title).toBe('Housing')
      expect(store.clientOwner('doc', 1)).toBeNull()
      // The store works on afterwards.
      expect(store.appendUpdate('doc', bytes(5))).toBeGreaterThan(before)
    })

    it('a failing write (a constraint) inside fn undoes the earlier writes of fn', () => {
      store.createPlatform({ id: 'p1', title: 'Exists' })
      expect(() =>
        store.transaction(() => {
          store.createPlatform({ id: 'p2', title: 'Before the failure' })
          store.createPlatform({ id: 'p1', title: 'Duplicate' })
        }),
      ).toThrow()
      expect(store.listPlatforms().map((p) => p.id)).toEqual(['p1'])
    })

    it('nested calls join the outer transaction: the outer failing undoes what the inner one did', () => {
      expect(() =>
        store.transaction(() => {
          const inner = store.transaction(() => {
            store.createPlatform({ id: 'p-inner', title: 'Inner' })
            return 'inner done'
          })
          expect(inner).toBe('inner done')
          store.createPlatform({ id: 'p-outer', title: 'Outer' })
          throw new Error('outer fails')
        }),
      ).toThrow('outer fails')
      expect(store.listPlatforms()).toEqual([])
    })

    it('an inner transaction that throws is undone alone when the outer one catches it and goes on', () => {
      const result = store.transaction(() => {
        store.createPlatform({ id: 'p-before', title: 'Before' })
        try {
          store.transaction(() => {
            store.createPlatform({ id: 'p-inner', title: 'Inner' })
            throw new Error('inner fails')
          })
        } catch (error) {
          expect((error as Error).message).toBe('inner fails')
        }
        store.createPlatform({ id: 'p-after', title: 'After' })
        return store.listPlatforms().length
      })
      expect(result).toBe(2)
      expect(
        store
          .listPlatforms()
          .map((p) => p.id)
          .sort(),
      ).toEqual(['p-after', 'p-before'])
    })

    it('ping answers', () => {
      expect(() => store.ping()).not.toThrow()
    })
  })
})
