import type { SqlDatabase } from '../sql-database.js'
import type { AmendmentStatus } from '../../../shared/amendments.js'
import type { AmendmentRow, AmendmentStore } from '../store.js'

interface Row {
  id: string
  platform_id: string
  section_id: string
  org_id: string
  author_id: string
  title: string
  rationale: string
  status: AmendmentStatus
  base_hash: string
  base_json: string
  created_at: string
  decided_by: string | null
  decided_at: string | null
  decision_note: string
  result_hash: string | null
  /** JSON array of the endorsing organization ids. */
  endorsements: string
}

const toAmendment = (r: Row): AmendmentRow => ({
  id: r.id,
  platformId: r.platform_id,
  sectionId: r.section_id,
  orgId: r.org_id,
  authorId: r.author_id,
  title: r.title,
  rationale: r.rationale,
  status: r.status,
  baseHash: r.base_hash,
  baseJson: r.base_json,
  createdAt: r.created_at,
  decidedBy: r.decided_by,
  decidedAt: r.decided_at,
  decisionNote: r.decision_note,
  resultHash: r.result_hash,
  endorsements: (JSON.parse(r.endorsements) as string[]).sort(),
})

/** Amendments and their endorsements. */
export function amendmentsRepo(db: SqlDatabase): AmendmentStore {
  const SELECT = `SELECT a.*, (SELECT ${db.jsonArrayOf('org_id')} FROM amendment_endorsements e WHERE e.amendment_id = a.id) AS endorsements FROM amendments a`
  const q = {
    insert: db.prepare(
      `INSERT INTO amendments (id, platform_id, section_id, org_id, author_id, title, rationale, base_hash, base_json, created_at)
       VALUES (@id, @platformId, @sectionId, @orgId, @authorId, @title, @rationale, @baseHash, @baseJson, @createdAt)`,
    ),
    get: db.prepare<[string, string], Row>(`${SELECT} WHERE a.platform_id = ? AND a.id = ?`),
    list: db.prepare<[string], Row>(`${SELECT} WHERE a.platform_id = ? ORDER BY a.created_at, a.rowid`),
    endorse: db.prepare<[string, string, string, string]>(
      'INSERT INTO amendment_endorsements (amendment_id, org_id, person_id, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
    ),
    unendorse: db.prepare<[string, string]>('DELETE FROM amendment_endorsements WHERE amendment_id = ? AND org_id = ?'),
    close: db.prepare(
      `UPDATE amendments SET status = @status, decided_by = @by, decided_at = @at, decision_note = @note, result_hash = @resultHash
       WHERE id = @id AND status = 'open'`,
    ),
  }
  return {
    insertAmendment: (row) => void q.insert.run(row),
    getAmendment(platformId, id) {
      const row = q.get.get(platformId, id)
      return row ? toAmendment(row) : null
    },
    listAmendments: (platformId) => q.list.all(platformId).map(toAmendment),
    addEndorsement: (amendmentId, orgId, personId, at) => q.endorse.run(amendmentId, orgId, personId, at).changes > 0,
    removeEndorsement: (amendmentId, orgId) => q.unendorse.run(amendmentId, orgId).changes > 0,
    closeAmendment: (id, close) => q.close.run({ id, ...close }).changes > 0,
  }
}
