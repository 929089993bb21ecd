import type { SqlDatabase } from '../sql-database.js'
import type { AgendaRow, DraftingSessionRow, DraftingStore, HandRow, PollRow } from '../store.js'

interface SessionRowDb {
  id: string
  platform_id: string
  title: string
  scheduled_start: string | null
  status: 'planned' | 'running' | 'ended'
  started_at: number | null
  ended_at: number | null
  current_item: number | null
  item_started_at: number | null
  paused_at: number | null
  paused_ms: number
  extra_ms: number
  follow_section_id: string | null
  follow_seq: number
  pen_section_id: string | null
  pen_person_id: string | null
  progressive: number
  notes: string
  created_at: string
}

const toSession = (r: SessionRowDb): DraftingSessionRow => ({
  id: r.id,
  platformId: r.platform_id,
  title: r.title,
  scheduledStart: r.scheduled_start,
  status: r.status,
  startedAt: r.started_at,
  endedAt: r.ended_at,
  currentItem: r.current_item,
  itemStartedAt: r.item_started_at,
  pausedAt: r.paused_at,
  pausedMs: r.paused_ms,
  extraMs: r.extra_ms,
  followSectionId: r.follow_section_id,
  followSeq: r.follow_seq,
  penSectionId: r.pen_section_id,
  penPersonId: r.pen_person_id,
  progressive: r.progressive === 1,
  notes: r.notes,
  createdAt: r.created_at,
})

interface HandRowDb {
  id: number
  item: number
  person_id: string
  org_id: string | null
  raised_at: number
  lowered_at: number | null
  called_at: number | null
}

const toHand = (r: HandRowDb): HandRow => ({
  id: r.id,
  item: r.item,
  personId: r.person_id,
  orgId: r.org_id,
  raisedAt: r.raised_at,
  loweredAt: r.lowered_at,
  calledAt: r.called_at,
})

const COLUMNS: Record<string, string> = {
  title: 'title',
  scheduledStart: 'scheduled_start',
  status: 'status',
  startedAt: 'started_at',
  endedAt: 'ended_at',
  currentItem: 'current_item',
  itemStartedAt: 'item_started_at',
  pausedAt: 'paused_at',
  pausedMs: 'paused_ms',
  extraMs: 'extra_ms',
  followSectionId: 'follow_section_id',
  followSeq: 'follow_seq',
  penSectionId: 'pen_section_id',
  penPersonId: 'pen_person_id',
  progressive: 'progressive',
  notes: 'notes',
  createdAt: 'created_at',
}

/** Drafting sessions: agenda, hands, polls and the event log for minutes. */
export function draftingRepo(db: SqlDatabase): DraftingStore {
  const q = {
    insert: db.prepare(
      `INSERT INTO drafting_sessions (id, platform_id, title, scheduled_start, status, progressive, notes, created_at)
       VALUES (@id, @platformId, @title, @scheduledStart, @status, @progressive, @notes, @createdAt)`,
    ),
    insertItem: db.prepare<[string, number, string, string | null, string | null, string, number]>(
      'INSERT INTO agenda_items (session_id, position, kind, section_id, amendment_id, title, time_box_ms) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    get: db.prepare<[string, string], SessionRowDb>('SELECT * FROM drafting_sessions WHERE platform_id = ? AND id = ?'),
    list: db.prepare<[string], SessionRowDb>('SELECT * FROM drafting_sessions WHERE platform_id = ? ORDER BY created_at, id'),
    running: db.prepare<[string], SessionRowDb>("SELECT * FROM drafting_sessions WHERE platform_id = ? AND status = 'running' ORDER BY created_at, id"),
    agenda: db.prepare<[string], { kind: 'section' | 'free'; section_id: string | null; amendment_id: string | null; title: string; time_box_ms: number }>(
      'SELECT kind, section_id, amendment_id, title, time_box_ms FROM agenda_items WHERE session_id = ? ORDER BY position',
    ),
    raise: db.prepare<[string, number, string, string | null, number]>(
      'INSERT INTO speaking_queue (session_id, item, person_id, org_id, raised_at) VALUES (?, ?, ?, ?, ?)',
    ),
    raised: db.prepare<[string, number, string], { id: number }>(
      'SELECT id FROM speaking_queue WHERE session_id = ? AND item = ? AND person_id = ? AND lowered_at IS NULL AND called_at IS NULL',
    ),
    lower: db.prepare<[number, number]>('UPDATE speaking_queue SET lowered_at = ? WHERE id = ?'),
    call: db.prepare<[number, number]>('UPDATE speaking_queue SET called_at = ? WHERE id = ?'),
    hands: db.prepare<[string], HandRowDb>('SELECT * FROM speaking_queue WHERE session_id = ? ORDER BY id'),
    itemHands: db.prepare<[string, number], HandRowDb>('SELECT * FROM speaking_queue WHERE session_id = ? AND item = ? ORDER BY id'),
    personHands: db.prepare<[string, number, string], HandRowDb>(
      'SELECT * FROM speaking_queue WHERE session_id = ? AND item = ? AND person_id = ? ORDER BY id',
    ),
    insertPoll: db.prepare<[string, string, number, string, string, number]>(
      'INSERT INTO polls (id, session_id, item, kind, question, opened_at) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    closePoll: db.prepare<[number, string]>('UPDATE polls SET closed_at = ? WHERE id = ? AND closed_at IS NULL'),
    answer: db.prepare<[string, string, string | null, string, number]>(
      `INSERT INTO poll_answers (poll_id, person_id, org_id, value, answered_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(poll_id, person_id) DO UPDATE SET value = excluded.value, org_id = excluded.org_id, answered_at = excluded.answered_at`,
    ),
    polls: db.prepare<[string], { id: string; item: number; kind: 'consent' | 'fist'; question: string; opened_at: number; closed_at: number | null }>(
      'SELECT * FROM polls WHERE session_id = ? ORDER BY opened_at, id',
    ),
    poll: db.prepare<[string, string], { id: string; item: number; kind: 'consent' | 'fist'; question: string; opened_at: number; closed_at: number | null }>(
      'SELECT * FROM polls WHERE session_id = ? AND id = ?',
    ),
    answerOf: db.prepare<[string, string], { person_id: string; org_id: string | null; value: string; answered_at: number }>(
      'SELECT person_id, org_id, value, answered_at FROM poll_answers WHERE poll_id = ? AND person_id = ?',
    ),
    answers: db.prepare<[string], { poll_id: string; person_id: string; org_id: string | null; value: string; answered_at: number }>(
      'SELECT a.* FROM poll_answers a JOIN polls p ON p.id = a.poll_id WHERE p.session_id = ? ORDER BY a.answered_at',
    ),
    addEvent: db.prepare<[string, number, string, string]>('INSERT INTO session_events (session_id, at, kind, detail) VALUES (?, ?, ?, ?)'),
    events: db.prepare<[string], { at: number; kind: string; detail: string }>('SELECT at, kind, detail FROM session_events WHERE session_id = ? ORDER BY id'),
  }

  return {
    createDraftingSession(row, agenda) {
      db.transaction(() => {
        q.insert.run({ ...row, progressive: row.progressive ? 1 : 0 })
        for (const [i, item] of agenda.entries()) q.insertItem.run(row.id, i, item.kind, item.sectionId, item.amendmentId, item.title, item.timeBoxMs)
      })
    },
    getDraftingSession(platformId, sessionId) {
      const row = q.get.get(platformId, sessionId)
      return row ? toSession(row) : null
    },
    listDraftingSessions: (platformId) => q.list.all(platformId).map(toSession),
    runningDraftingSessions: (platformId) => q.running.all(platformId).map(toSession),
    updateDraftingSession(sessionId, patch) {
      const sets = Object.entries(patch).filter(([k]) => COLUMNS[k])
      if (sets.length === 0) return
      const sql = `UPDATE drafting_sessions SET ${sets.map(([k]) => `${COLUMNS[k]} = ?`).join(', ')} WHERE id = ?`
      db.prepare(sql).run(...sets.map(([, v]) => (typeof v === 'boolean' ? (v ? 1 : 0) : (v as string | number | null))), sessionId)
    },
    agenda: (sessionId): AgendaRow[] =>
      q.agenda.all(sessionId).map((r) => ({ kind: r.kind, sectionId: r.section_id, amendmentId: r.amendment_id, title: r.title, timeBoxMs: r.time_box_ms })),
    raiseHand(sessionId, item, personId, orgId, at) {
      if (!q.raised.get(sessionId, item, personId)) q.raise.run(sessionId, item, personId, orgId, at)
    },
    settleHand(sessionId, item, personId, at, called) {
      const raised = q.raised.get(sessionId, item, personId)
      if (raised) (called ? q.call : q.lower).run(at, raised.id)
    },
    hands: (sessionId): HandRow[] => q.hands.all(sessionId).map(toHand),
    itemHands: (sessionId, item) => q.itemHands.all(sessionId, item).map(toHand),
    personHands: (sessionId, item, personId) => q.personHands.all(sessionId, item, personId).map(toHand),
    createPoll: (sessionId, p) => void q.insertPoll.run(p.id, sessionId, p.item, p.kind, p.question, p.openedAt),
    closePoll: (pollId, at) => void q.closePoll.run(at, pollId),
    answerPoll: (pollId, personId, orgId, value, at) => void q.answer.run(pollId, personId, orgId, value, at),
    polls(sessionId): PollRow[] {
      const answers = q.answers.all(sessionId)
      return q.polls.all(sessionId).map((p) => ({
        id: p.id,
        item: p.item,
        kind: p.kind,
        question: p.question,
        openedAt: p.opened_at,
        closedAt: p.closed_at,
        answers: answers.filter((a) => a.poll_id === p.id).map((a) => ({ personId: a.person_id, orgId: a.org_id, value: a.value, answeredAt: a.answered_at })),
      }))
    },
    poll(sessionId, pollId) {
      const p = q.poll.get(sessionId, pollId)
      return p ? { id: p.id, item: p.item, kind: p.kind, question: p.question, openedAt: p.opened_at, closedAt: p.closed_at } : null
    },
    pollAnswer(pollId, personId) {
      const a = q.answerOf.get(pollId, personId)
      return a ? { personId: a.person_id, orgId: a.org_id, value: a.value, answeredAt: a.answered_at } : null
    },
    addSessionEvent: (sessionId, e) => void q.addEvent.run(sessionId, e.at, e.kind, JSON.stringify(e.detail)),
    sessionEvents: (sessionId) => q.events.all(sessionId).map((e) => ({ at: e.at, kind: e.kind, detail: JSON.parse(e.detail) as Record<string, unknown> })),
  }
}
