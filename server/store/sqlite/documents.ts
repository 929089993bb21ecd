import type Database from 'better-sqlite3'
import type { DocumentStore, StoredDocument } from '../store.js'

/** The Yjs update log and compacted states of each document. */
export function documentsRepo(db: Database.Database): DocumentStore {
  const q = {
    state: db.prepare<[string], { data: Buffer; through_seq: number }>('SELECT data, through_seq FROM doc_states WHERE doc = ?'),
    updatesAfter: db.prepare<[string, number], { seq: number; data: Buffer }>('SELECT seq, data FROM doc_updates WHERE doc = ? AND seq > ? ORDER BY seq'),
    append: db.prepare<[string, Uint8Array]>('INSERT INTO doc_updates (doc, data) VALUES (?, ?)'),
    upsertState: db.prepare<[string, Uint8Array, number]>(
      `INSERT INTO doc_states (doc, data, through_seq) VALUES (?, ?, ?)
       ON CONFLICT(doc) DO UPDATE SET data = excluded.data, through_seq = excluded.through_seq`,
    ),
    deleteThrough: db.prepare<[string, number]>('DELETE FROM doc_updates WHERE doc = ? AND seq <= ?'),
    countAfter: db.prepare<[string, number], { n: number }>('SELECT COUNT(*) AS n FROM doc_updates WHERE doc = ? AND seq > ?'),
    clientOwner: db.prepare<[string, number], { person_id: string }>('SELECT person_id FROM doc_clients WHERE doc = ? AND client = ?'),
    claimClient: db.prepare<[string, number, string]>('INSERT OR IGNORE INTO doc_clients (doc, client, person_id) VALUES (?, ?, ?)'),
    recordServerWrite: db.prepare<[string, number, number, number, string]>(
      'INSERT OR REPLACE INTO server_writes (doc, client, clock_from, clock_to, person_id) VALUES (?, ?, ?, ?, ?)',
    ),
    serverWrites: db.prepare<[string, number], { clock_from: number; clock_to: number; person_id: string }>(
      'SELECT clock_from, clock_to, person_id FROM server_writes WHERE doc = ? AND client = ? ORDER BY clock_from',
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
    appendUpdate: (docName, update) => Number(q.append.run(docName, update).lastInsertRowid),
    // One commit for many updates: the per-update cost of a commit (its WAL frames and lock) is paid once.
    appendUpdates: db.transaction((docName: string, updates: Uint8Array[]): number => {
      let seq = 0
      for (const update of updates) seq = Number(q.append.run(docName, update).lastInsertRowid)
      return seq
    }),
    compact(docName, state, throughSeq) {
      db.transaction(() => {
        q.upsertState.run(docName, state, throughSeq)
        q.deleteThrough.run(docName, throughSeq)
      })()
    },
    countUpdates: (docName) => q.countAfter.get(docName, compactedThrough(docName))?.n ?? 0,
    clientOwner: (docName, client) => q.clientOwner.get(docName, client)?.person_id ?? null,
    recordServerWrite: (docName, client, from, to, personId) => void q.recordServerWrite.run(docName, client, from, to, personId),
    serverWrites: (docName, client) => q.serverWrites.all(docName, client).map((r) => ({ from: r.clock_from, to: r.clock_to, personId: r.person_id })),
    claimClient(docName, client, personId) {
      q.claimClient.run(docName, client, personId)
    },
  }
}
