import Database from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import type { GovOrganization, GovSection } from '../../shared/gov.js'
import { migrate } from './schema.js'
import type { PlatformRecord, Store, StoredDocument } from './store.js'

export type Durability = 'process' | 'power'

interface PlatformRow {
  id: string
  title: string
  adopted: number
  created_at: string
}
interface SectionRow {
  id: string
  title: string
  owner_org_id: string | null
  locked: number
  position: number
}

const toPlatform = (row: PlatformRow): PlatformRecord => ({
  id: row.id,
  title: row.title,
  adopted: row.adopted === 1,
  createdAt: row.created_at,
})

/**
 * The embedded store: one SQLite file in WAL mode. Every write commits before
 * the call returns. `durability: 'process'` (synchronous=NORMAL) survives a
 * killed or crashed server process; 'power' (synchronous=FULL) also survives
 * the machine losing power, at the cost of an fsync per update.
 */
export function openSqliteStore(file: string, durability: Durability = 'process'): Store {
  mkdirSync(dirname(file), { recursive: true })
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  db.pragma(`synchronous = ${durability === 'power' ? 'FULL' : 'NORMAL'}`)
  db.pragma('foreign_keys = ON')
  db.pragma('busy_timeout = 5000')
  migrate(db)

  const q = {
    state: db.prepare<[string], { data: Buffer; through_seq: number }>(
      'SELECT data, through_seq FROM doc_states WHERE doc = ?',
    ),
    updatesAfter: db.prepare<[string, number], { seq: number; data: Buffer }>(
      'SELECT seq, data FROM doc_updates WHERE doc = ? AND seq > ? ORDER BY seq',
    ),
    append: db.prepare<[string, Uint8Array]>('INSERT INTO doc_updates (doc, data) VALUES (?, ?)'),
    upsertState: db.prepare<[string, Uint8Array, number]>(
      `INSERT INTO doc_states (doc, data, through_seq) VALUES (?, ?, ?)
       ON CONFLICT(doc) DO UPDATE SET data = excluded.data, through_seq = excluded.through_seq`,
    ),
    deleteThrough: db.prepare<[string, number]>('DELETE FROM doc_updates WHERE doc = ? AND seq <= ?'),
    countAfter: db.prepare<[string, number], { n: number }>(
      'SELECT COUNT(*) AS n FROM doc_updates WHERE doc = ? AND seq > ?',
    ),
    platforms: db.prepare<[], PlatformRow>('SELECT * FROM platforms ORDER BY created_at, id'),
    platform: db.prepare<[string], PlatformRow>('SELECT * FROM platforms WHERE id = ?'),
    insertPlatform: db.prepare<[string, string, string]>(
      'INSERT INTO platforms (id, title, created_at) VALUES (?, ?, ?)',
    ),
    orgs: db.prepare<[string], { id: string; name: string; short_name: string; color: string }>(
      'SELECT id, name, short_name, color FROM organizations WHERE platform_id = ? ORDER BY name',
    ),
    insertOrg: db.prepare<[string, string, string, string, string]>(
      'INSERT INTO organizations (id, platform_id, name, short_name, color) VALUES (?, ?, ?, ?, ?)',
    ),
    sections: db.prepare<[string], SectionRow>(
      'SELECT id, title, owner_org_id, locked, position FROM sections WHERE platform_id = ? ORDER BY position, id',
    ),
    insertSection: db.prepare<[string, string, string, string | null, number, number]>(
      'INSERT INTO sections (id, platform_id, title, owner_org_id, locked, position) VALUES (?, ?, ?, ?, ?, ?)',
    ),
  }

  const compactedThrough = (docName: string): number => q.state.get(docName)?.through_seq ?? 0

  return {
    loadDocument(docName): StoredDocument {
      return db.transaction(() => {
        const state = q.state.get(docName)
        const rows = q.updatesAfter.all(docName, state?.through_seq ?? 0)
        return {
          state: state ? new Uint8Array(state.data) : null,
          updates: rows.map((r) => new Uint8Array(r.data)),
          lastSeq: rows.at(-1)?.seq ?? state?.through_seq ?? 0,
        }
      })()
    },
    appendUpdate(docName, update) {
      return Number(q.append.run(docName, update).lastInsertRowid)
    },
    compact(docName, state, throughSeq) {
      db.transaction(() => {
        q.upsertState.run(docName, state, throughSeq)
        q.deleteThrough.run(docName, throughSeq)
      })()
    },
    countUpdates(docName) {
      return q.countAfter.get(docName, compactedThrough(docName))?.n ?? 0
    },
    listPlatforms: () => q.platforms.all().map(toPlatform),
    getPlatform(platformId) {
      const row = q.platform.get(platformId)
      return row ? toPlatform(row) : null
    },
    createPlatform({ id, title }) {
      q.insertPlatform.run(id, title, new Date().toISOString())
      return toPlatform(q.platform.get(id)!)
    },
    listOrganizations: (platformId): GovOrganization[] =>
      q.orgs.all(platformId).map((r) => ({ id: r.id, name: r.name, shortName: r.short_name, color: r.color })),
    addOrganization(platformId, org) {
      q.insertOrg.run(org.id, platformId, org.name, org.shortName, org.color)
    },
    listSections: (platformId): GovSection[] =>
      q.sections.all(platformId).map((r) => ({
        id: r.id,
        title: r.title,
        ownerOrgId: r.owner_org_id,
        locked: r.locked === 1,
        position: r.position,
      })),
    addSection(platformId, s) {
      q.insertSection.run(s.id, platformId, s.title, s.ownerOrgId, s.locked ? 1 : 0, s.position)
    },
    transaction: <T>(fn: () => T): T => db.transaction(fn)(),
    close: () => db.close(),
  }
}
