import type { SqlDatabase } from '../sql-database.js'
import type { CommentPatch, CommentRow, CommentStore, InboxRow, Mentions } from '../store.js'

interface Row {
  id: string
  platform_id: string
  section_id: string
  amendment_id: string | null
  lang: string | null
  parent_id: string | null
  author_id: string
  body: string
  anchor_start: string | null
  anchor_end: string | null
  quote: string | null
  created_at: string
  edited_at: string | null
  deleted_at: string | null
  resolved_at: string | null
  resolved_by: string | null
  hidden_at: string | null
  hidden_by: string | null
  hidden_reason: string | null
}

const COLUMNS: Record<Exclude<keyof CommentPatch, 'mentions'>, string> = {
  body: 'body',
  editedAt: 'edited_at',
  deletedAt: 'deleted_at',
  resolvedAt: 'resolved_at',
  resolvedBy: 'resolved_by',
  hiddenAt: 'hidden_at',
  hiddenBy: 'hidden_by',
  hiddenReason: 'hidden_reason',
}

/** Comments, their mentions and people's inboxes. */
export function commentsRepo(db: SqlDatabase): CommentStore {
  const q = {
    insert: db.prepare(
      `INSERT INTO comments (id, platform_id, section_id, amendment_id, lang, parent_id, author_id, body, anchor_start, anchor_end, quote, created_at)
       VALUES (@id, @platformId, @sectionId, @amendmentId, @lang, @parentId, @authorId, @body, @anchorStart, @anchorEnd, @quote, @createdAt)`,
    ),
    get: db.prepare<[string, string], Row>('SELECT * FROM comments WHERE platform_id = ? AND id = ?'),
    list: db.prepare<[string], Row>('SELECT * FROM comments WHERE platform_id = ? ORDER BY created_at, id'),
    thread: db.prepare<[string, string, string], Row>('SELECT * FROM comments WHERE platform_id = ? AND (id = ? OR parent_id = ?) ORDER BY created_at, id'),
    mentionsOf: db.prepare<[string], { person_id: string | null; org_id: string | null }>(
      'SELECT person_id, org_id FROM comment_mentions WHERE comment_id = ?',
    ),
    mentionsOfPlatform: db.prepare<[string], { comment_id: string; person_id: string | null; org_id: string | null }>(
      `SELECT m.comment_id, m.person_id, m.org_id FROM comment_mentions m JOIN comments c ON c.id = m.comment_id
       WHERE c.platform_id = ?`,
    ),
    insertMention: db.prepare<[string, string | null, string | null]>('INSERT INTO comment_mentions (comment_id, person_id, org_id) VALUES (?, ?, ?)'),
    deleteMentions: db.prepare<[string]>('DELETE FROM comment_mentions WHERE comment_id = ?'),
    insertInbox: db.prepare<[string, string, string, string, string]>(
      `INSERT INTO inbox_items (person_id, platform_id, comment_id, kind, created_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(person_id, comment_id) DO NOTHING`,
    ),
    inbox: db.prepare<[string, string], { id: number; comment_id: string; kind: 'mention' | 'reply'; created_at: string; read_at: string | null }>(
      'SELECT id, comment_id, kind, created_at, read_at FROM inbox_items WHERE person_id = ? AND platform_id = ? ORDER BY id DESC',
    ),
    readAll: db.prepare<[string, string, string]>('UPDATE inbox_items SET read_at = ? WHERE person_id = ? AND platform_id = ? AND read_at IS NULL'),
    readOne: db.prepare<[string, string, string, number]>(
      'UPDATE inbox_items SET read_at = ? WHERE person_id = ? AND platform_id = ? AND id = ? AND read_at IS NULL',
    ),
  }

  const toComment = (r: Row, mentions: Mentions): CommentRow => ({
    id: r.id,
    platformId: r.platform_id,
    sectionId: r.section_id,
    amendmentId: r.amendment_id,
    lang: r.lang,
    parentId: r.parent_id,
    authorId: r.author_id,
    body: r.body,
    anchorStart: r.anchor_start,
    anchorEnd: r.anchor_end,
    quote: r.quote,
    createdAt: r.created_at,
    editedAt: r.edited_at,
    deletedAt: r.deleted_at,
    resolvedAt: r.resolved_at,
    resolvedBy: r.resolved_by,
    hiddenAt: r.hidden_at,
    hiddenBy: r.hidden_by,
    hiddenReason: r.hidden_reason,
    mentions,
  })
  const collect = (rows: Array<{ person_id: string | null; org_id: string | null }>): Mentions => ({
    personIds: rows.flatMap((m) => (m.person_id ? [m.person_id] : [])),
    orgIds: rows.flatMap((m) => (m.org_id ? [m.org_id] : [])),
  })
  const writeMentions = (commentId: string, mentions: Mentions): void => {
    q.deleteMentions.run(commentId)
    for (const personId of mentions.personIds) q.insertMention.run(commentId, personId, null)
    for (const orgId of mentions.orgIds) q.insertMention.run(commentId, null, orgId)
  }

  return {
    insertComment(row) {
      db.transaction(() => {
        q.insert.run(row)
        writeMentions(row.id, row.mentions)
      })
    },
    getComment(platformId, commentId) {
      const row = q.get.get(platformId, commentId)
      return row ? toComment(row, collect(q.mentionsOf.all(row.id))) : null
    },
    listComments(platformId) {
      const byComment = new Map<string, Array<{ person_id: string | null; org_id: string | null }>>()
      for (const m of q.mentionsOfPlatform.all(platformId)) {
        const list = byComment.get(m.comment_id) ?? []
        list.push(m)
        byComment.set(m.comment_id, list)
      }
      return q.list.all(platformId).map((r) => toComment(r, collect(byComment.get(r.id) ?? [])))
    },
    listThread: (platformId, rootId) => q.thread.all(platformId, rootId, rootId).map((r) => toComment(r, collect(q.mentionsOf.all(r.id)))),
    updateComment(platformId, commentId, patch) {
      db.transaction(() => {
        const sets = Object.entries(patch).filter(([key]) => key !== 'mentions')
        if (sets.length > 0) {
          const sql = `UPDATE comments SET ${sets.map(([key]) => `${COLUMNS[key as keyof typeof COLUMNS]} = ?`).join(', ')} WHERE platform_id = ? AND id = ?`
          db.prepare(sql).run(...sets.map(([, v]) => v as string | null), platformId, commentId)
        }
        if (patch.mentions) writeMentions(commentId, patch.mentions)
      })
    },
    addInboxItem: (i) => void q.insertInbox.run(i.personId, i.platformId, i.commentId, i.kind, i.createdAt),
    listInbox: (personId, platformId): InboxRow[] =>
      q.inbox.all(personId, platformId).map((r) => ({ id: r.id, commentId: r.comment_id, kind: r.kind, createdAt: r.created_at, readAt: r.read_at })),
    markInboxRead(personId, platformId, ids, at) {
      db.transaction(() => {
        if (ids === null) q.readAll.run(at, personId, platformId)
        else for (const id of ids) q.readOne.run(at, personId, platformId, id)
      })
    },
  }
}
