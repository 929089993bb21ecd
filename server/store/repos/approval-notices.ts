import type { SqlDatabase } from '../sql-database.js'
import type { ApprovalNoticeRow, ApprovalNoticeStore } from '../store.js'

interface Row {
  id: number
  person_id: string
  platform_id: string
  signoff_id: string
  section_id: string
  org_id: string
  amendment_id: string | null
  created_at: string
  read_at: string | null
}

const toNotice = (r: Row): ApprovalNoticeRow => ({
  id: r.id,
  personId: r.person_id,
  platformId: r.platform_id,
  signoffId: r.signoff_id,
  sectionId: r.section_id,
  orgId: r.org_id,
  amendmentId: r.amendment_id,
  createdAt: r.created_at,
  readAt: r.read_at,
})

/** Board representatives' notices of approvals gone stale: at most one per person and approval (the UNIQUE key). */
export function approvalNoticesRepo(db: SqlDatabase): ApprovalNoticeStore {
  const q = {
    insert: db.prepare<[string, string, string, string, string, string | null, string]>(
      `INSERT INTO approval_notices (person_id, platform_id, signoff_id, section_id, org_id, amendment_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (person_id, signoff_id) DO NOTHING`,
    ),
    noticed: db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM approval_notices WHERE signoff_id = ?'),
    list: db.prepare<[string, string], Row>('SELECT * FROM approval_notices WHERE person_id = ? AND platform_id = ? ORDER BY id DESC'),
    readAll: db.prepare<[string, string, string]>('UPDATE approval_notices SET read_at = ? WHERE person_id = ? AND platform_id = ? AND read_at IS NULL'),
    readOne: db.prepare<[string, string, string, number]>(
      'UPDATE approval_notices SET read_at = ? WHERE person_id = ? AND platform_id = ? AND id = ? AND read_at IS NULL',
    ),
  }
  return {
    addApprovalNotices(notices) {
      return db.transaction(() => {
        let added = 0
        for (const n of notices) added += q.insert.run(n.personId, n.platformId, n.signoffId, n.sectionId, n.orgId, n.amendmentId ?? null, n.createdAt).changes
        return added
      })
    },
    noticedSignoffs(signoffIds) {
      return new Set(signoffIds.filter((id) => (q.noticed.get(id)?.n ?? 0) > 0))
    },
    listApprovalNotices: (personId, platformId) => q.list.all(personId, platformId).map(toNotice),
    markApprovalNoticesRead(personId, platformId, ids, at) {
      db.transaction(() => {
        if (ids === null) q.readAll.run(at, personId, platformId)
        else for (const id of ids) q.readOne.run(at, personId, platformId, id)
      })
    },
  }
}
