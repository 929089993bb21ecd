import type { SqlDatabase } from '../sql-database.js'
import type { AuditRow, AuditStore } from '../store.js'

interface Row {
  seq: number
  platform_id: string | null
  platform_seq: number
  actor_id: string | null
  action: string
  detail: string
  created_at: string
  prev_hash: string
  hash: string
  mac: string | null
}

const toAudit = (r: Row): AuditRow => ({
  seq: r.seq,
  platformId: r.platform_id,
  platformSeq: r.platform_seq,
  actorId: r.actor_id,
  action: r.action,
  detail: r.detail,
  createdAt: r.created_at,
  prevHash: r.prev_hash,
  hash: r.hash,
  mac: r.mac,
})

/** The append-only audit table; hashing, signing and verification live in server/audit/. */
export function auditRepo(db: SqlDatabase): AuditStore {
  const q = {
    head: db.prepare<[string | null], { platform_seq: number; hash: string }>(
      // seq grows with platform_seq within a chain: the (platform_id, seq) index answers without sorting.
      'SELECT platform_seq, hash FROM audit_log WHERE platform_id IS NOT DISTINCT FROM ? ORDER BY seq DESC LIMIT 1',
    ),
    insert: db.prepare<[string | null, number, string | null, string, string, string, string, string, string | null], { seq: number }>(
      `INSERT INTO audit_log (platform_id, platform_seq, actor_id, action, detail, created_at, prev_hash, hash, mac)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING seq`,
    ),
    at: db.prepare<[string, number], Row>("SELECT * FROM audit_log WHERE COALESCE(platform_id, '') = ? AND platform_seq = ?"),
    all: db.prepare<[], Row>('SELECT * FROM audit_log ORDER BY seq'),
    forPlatform: db.prepare<[string], Row>('SELECT * FROM audit_log WHERE platform_id = ? ORDER BY seq'),
    reseal: db.prepare<[number, string, string, string | null, number]>(
      'UPDATE audit_log SET platform_seq = ?, prev_hash = ?, hash = ?, mac = ? WHERE seq = ?',
    ),
  }
  return {
    auditHead: (platformId) => {
      const row = q.head.get(platformId)
      return row ? { platformSeq: row.platform_seq, hash: row.hash } : null
    },
    appendAudit: (r) => Number(q.insert.get(r.platformId, r.platformSeq, r.actorId, r.action, r.detail, r.createdAt, r.prevHash, r.hash, r.mac)?.seq),
    auditEntry: (platformId, platformSeq) => {
      const row = q.at.get(platformId ?? '', platformSeq)
      return row ? toAudit(row) : null
    },
    listAudit: (platformId) => (platformId ? q.forPlatform.all(platformId) : q.all.all()).map(toAudit),
    resealAudit: (rows) => {
      db.transaction(() => {
        for (const r of rows) q.reseal.run(r.platformSeq, r.prevHash, r.hash, r.mac, r.seq)
      })
    },
  }
}
