import type { SqlDatabase } from '../sql-database.js'
import type { SignoffRow, SignoffStore } from '../store.js'

interface Row {
  id: string
  platform_id: string
  section_id: string
  org_id: string
  person_id: string
  decision: 'approve' | 'changes'
  note: string
  hash: string
  snapshot_json: string
  snapshot_text: string
  created_at: string
}

const toSignoff = (r: Row): SignoffRow => ({
  id: r.id,
  platformId: r.platform_id,
  sectionId: r.section_id,
  orgId: r.org_id,
  personId: r.person_id,
  decision: r.decision,
  note: r.note,
  hash: r.hash,
  snapshotJson: r.snapshot_json,
  snapshotText: r.snapshot_text,
  createdAt: r.created_at,
})

/** Sign-off decisions: append-only, the newest per section and organization counts. */
export function signoffsRepo(db: SqlDatabase): SignoffStore {
  const q = {
    insert: db.prepare(
      `INSERT INTO signoffs (id, platform_id, section_id, org_id, person_id, decision, note, hash, snapshot_json, snapshot_text, created_at)
       VALUES (@id, @platformId, @sectionId, @orgId, @personId, @decision, @note, @hash, @snapshotJson, @snapshotText, @createdAt)`,
    ),
    latest: db.prepare<[string], Row>(
      `SELECT * FROM signoffs s WHERE platform_id = ? AND rowid = (
         SELECT rowid FROM signoffs t WHERE t.platform_id = s.platform_id AND t.section_id = s.section_id AND t.org_id = s.org_id
         ORDER BY t.created_at DESC, t.rowid DESC LIMIT 1)`,
    ),
    latestOne: db.prepare<[string, string, string], Row>(
      'SELECT * FROM signoffs WHERE platform_id = ? AND section_id = ? AND org_id = ? ORDER BY created_at DESC, rowid DESC LIMIT 1',
    ),
    all: db.prepare<[string], Row>('SELECT * FROM signoffs WHERE platform_id = ? ORDER BY created_at, rowid'),
  }
  return {
    insertSignoff: (row) => void q.insert.run(row),
    latestSignoffs: (platformId) => q.latest.all(platformId).map(toSignoff),
    latestSignoff(platformId, sectionId, orgId) {
      const row = q.latestOne.get(platformId, sectionId, orgId)
      return row ? toSignoff(row) : null
    },
    listSignoffs: (platformId) => q.all.all(platformId).map(toSignoff),
  }
}
