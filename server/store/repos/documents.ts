import * as Y from 'yjs'
import type { SqlDatabase } from '../sql-database.js'
import type { DocumentStore, StoredDocument } from '../store.js'

/** The Yjs update log and compacted states of each document. */
export function documentsRepo(db: SqlDatabase): DocumentStore {
  const q = {
    state: db.prepare<[string], { data: Buffer; through_seq: number }>('SELECT data, through_seq FROM doc_states WHERE doc = ?'),
    updates: db.prepare<[string], { seq: number; data: Uint8Array }>('SELECT seq, data FROM doc_updates WHERE doc = ? ORDER BY seq'),
    updatesThrough: db.prepare<[string, number], { seq: number; data: Uint8Array }>(
      'SELECT seq, data FROM doc_updates WHERE doc = ? AND seq <= ? ORDER BY seq',
    ),
    append: db.prepare<[string, Uint8Array], { seq: number }>('INSERT INTO doc_updates (doc, data) VALUES (?, ?) RETURNING seq'),
    upsertState: db.prepare<[string, Uint8Array, number]>(
      `INSERT INTO doc_states (doc, data, through_seq) VALUES (?, ?, ?)
       ON CONFLICT(doc) DO UPDATE SET data = excluded.data, through_seq = excluded.through_seq`,
    ),
    deleteRange: db.prepare<[string, number, number]>('DELETE FROM doc_updates WHERE doc = ? AND seq >= ? AND seq <= ?'),
    count: db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM doc_updates WHERE doc = ?'),
    clientOwner: db.prepare<[string, number], { person_id: string }>('SELECT person_id FROM doc_clients WHERE doc = ? AND client = ?'),
    claimClient: db.prepare<[string, number, string]>('INSERT INTO doc_clients (doc, client, person_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING'),
    recordServerWrite: db.prepare<[string, number, number, number, string]>(
      `INSERT INTO server_writes (doc, client, clock_from, clock_to, person_id) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(doc, client, clock_from) DO UPDATE SET clock_to = excluded.clock_to, person_id = excluded.person_id`,
    ),
    serverWrites: db.prepare<[string, number], { clock_from: number; clock_to: number; person_id: string }>(
      'SELECT clock_from, clock_to, person_id FROM server_writes WHERE doc = ? AND client = ? ORDER BY clock_from',
    ),
  }
  const appendOne = (docName: string, update: Uint8Array): number => Number(q.append.get(docName, update)?.seq)

  return {
    loadDocument(docName): StoredDocument {
      return db.transaction(() => {
        const state = q.state.get(docName)
        // Every row still in the log, not only those after through_seq: on PostgreSQL an
        // instance's update can commit after another instance compacted past its sequence
        // number (numbers are taken at insert, rows become visible at commit), and such a
        // row was not folded into the state (compact deletes only rows it read).
        const rows = q.updates.all(docName)
        return {
          state: state ? new Uint8Array(state.data) : null,
          updates: rows.map((r) => new Uint8Array(r.data)),
          lastSeq: Math.max(rows.at(-1)?.seq ?? 0, state?.through_seq ?? 0),
        }
      }, 'snapshot')
    },
    appendUpdate: (docName, update) => appendOne(docName, update),
    // One commit for many updates: the per-update cost of a commit (its WAL frames and lock) is paid once.
    appendUpdates: (docName, updates) =>
      db.transaction(() => {
        let seq = 0
        for (const update of updates) seq = appendOne(docName, update)
        return seq
      }, 'independent'),
    compact(docName, state, throughSeq) {
      db.transaction(() => {
        const stored = q.state.get(docName)
        const rows = q.updatesThrough.all(docName, throughSeq)
        const merged = Y.mergeUpdates([...(stored ? [new Uint8Array(stored.data)] : []), ...rows.map((r) => new Uint8Array(r.data)), state])
        q.upsertState.run(docName, merged, Math.max(throughSeq, stored?.through_seq ?? 0))
        // Exactly the rows read: one committed meanwhile by another instance is left in the log.
        for (const range of seqRanges(rows.map((r) => r.seq))) q.deleteRange.run(docName, range.from, range.to)
      })
    },
    countUpdates: (docName) => q.count.get(docName)?.n ?? 0,
    clientOwner: (docName, client) => q.clientOwner.get(docName, client)?.person_id ?? null,
    recordServerWrite: (docName, client, from, to, personId) => void q.recordServerWrite.run(docName, client, from, to, personId),
    serverWrites: (docName, client) => q.serverWrites.all(docName, client).map((r) => ({ from: r.clock_from, to: r.clock_to, personId: r.person_id })),
    claimClient(docName, client, personId) {
      q.claimClient.run(docName, client, personId)
    },
  }
}

/** Sorted sequence numbers as runs of consecutive numbers. */
function seqRanges(seqs: number[]): Array<{ from: number; to: number }> {
  const ranges: Array<{ from: number; to: number }> = []
  for (const seq of seqs) {
    const last = ranges.at(-1)
    if (last && seq === last.to + 1) last.to = seq
    else ranges.push({ from: seq, to: seq })
  }
  return ranges
}
