import type Database from 'better-sqlite3'
import type { AuditRow, AuditStore } from '../store.js'

interface Row {
  seq: number
  platform_id: string | null
  actor_id: string | null
  action: string
  detail: string
  created_at: string
  prev_hash: string
  hash: string
}

const toAudit = (r: Row): AuditRow => ({
  seq: r.seq,
  platformId: r.platform_id,
  actorId: r.actor_id,
  action: r.action,
  detail: r.detail,
  createdAt: r.created_at,
  prevHash: r.prev_hash,
  hash: r.hash,
})

/** The append-only audit table; hashing and verification live in server/audit/. */
export function auditRepo(db: Database.Database): AuditStore {
  const q = {
    last: db.prepare<[], { hash: string }>('SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1'),
    insert: db.prepare<[string | null, string | null, string, string, string, string, string]>(
      `INSERT INTO audit_log (platform_id, actor_id, action, detail, created_at, prev_hash, hash)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
    all: db.prepare<[], Row>('SELECT * FROM audit_log ORDER BY seq'),
    forPlatform: db.prepare<[string], Row>('SELECT * FROM audit_log WHERE platform_id = ? ORDER BY seq'),
  }
  return {
    lastAuditHash: () => q.last.get()?.hash ?? null,
    appendAudit: (r) =>
      Number(q.insert.run(r.platformId, r.actorId, r.action, r.detail, r.createdAt, r.prevHash, r.hash).lastInsertRowid),
    listAudit: (platformId) => (platformId ? q.forPlatform.all(platformId) : q.all.all()).map(toAudit),
  }
}
