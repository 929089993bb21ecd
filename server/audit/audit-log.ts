import { createHash } from 'node:crypto'
import { canonicalJson } from '../../shared/canonical-json.js'
import type { AuditRow, AuditStore } from '../store/store.js'

export const GENESIS_HASH = '0'.repeat(64)

export interface AuditEvent {
  platformId: string | null
  actorId: string | null
  action: string
  detail: Record<string, unknown>
}

/** The hash of an entry covers its content and the previous entry's hash. */
export function entryHash(row: Omit<AuditRow, 'seq' | 'hash'>): string {
  const content = canonicalJson({
    platformId: row.platformId,
    actorId: row.actorId,
    action: row.action,
    detail: row.detail,
    createdAt: row.createdAt,
    prevHash: row.prevHash,
  })
  return createHash('sha256').update(content).digest('hex')
}

/** Appends one governance action. Call inside the transaction that made the change. */
export function recordAudit(store: AuditStore, event: AuditEvent): void {
  const row = {
    platformId: event.platformId,
    actorId: event.actorId,
    action: event.action,
    detail: canonicalJson(event.detail),
    createdAt: new Date().toISOString(),
    prevHash: store.lastAuditHash() ?? GENESIS_HASH,
  }
  store.appendAudit({ ...row, hash: entryHash(row) })
}

export type AuditVerification = { ok: true; entries: number } | { ok: false; seq: number; problem: string }

/** Walks the whole chain; names the first entry that does not match. */
export function verifyAuditChain(rows: AuditRow[]): AuditVerification {
  let prev = GENESIS_HASH
  let expectedSeq = 1
  for (const row of rows) {
    if (row.seq !== expectedSeq) return { ok: false, seq: expectedSeq, problem: `entry ${expectedSeq} is missing` }
    if (row.prevHash !== prev) return { ok: false, seq: row.seq, problem: 'does not follow the previous entry (an entry before it was changed or removed)' }
    if (entryHash(row) !== row.hash) return { ok: false, seq: row.seq, problem: 'its content does not match its hash (it was changed)' }
    prev = row.hash
    expectedSeq = row.seq + 1
  }
  return { ok: true, entries: rows.length }
}
