import type { SqlDatabase } from '../sql-database.js'
import type { LimitStore, TicketRow } from '../store.js'

interface TicketRecord {
  person_id: string
  platform_id: string
  session_key: string
  expires_at: number | string
}

/**
 * Abuse limits' counts. Each operation is one statement, so none needs a
 * lock across instances: an event is added before it is counted
 * (rate-limit.ts), an UPSERT counts a failure, a DELETE … RETURNING spends a
 * ticket. A sign-in attempt is counted before its password is checked by a
 * compare-and-set on the count it was allowed by (an INSERT … DO NOTHING for
 * a pair with no row, an UPDATE … WHERE failures = ? AND last_at = ?), so
 * two instances deciding on the same count cannot both count it.
 * PostgreSQL returns BIGINT as text, hence the Number()s.
 */
export function limitsRepo(db: SqlDatabase): LimitStore {
  const q = {
    times: db.prepare<[string, string, number], { at: number | string }>(
      'SELECT at FROM rate_events WHERE scope = ? AND subject = ? AND at > ? ORDER BY at, id',
    ),
    add: db.prepare<[string, string, number, number], { id: number | string }>(
      'INSERT INTO rate_events (scope, subject, at, expires_at) VALUES (?, ?, ?, ?) RETURNING id',
    ),
    remove: db.prepare<[number]>('DELETE FROM rate_events WHERE id = ?'),
    clear: db.prepare<[string, string]>('DELETE FROM rate_events WHERE scope = ? AND subject = ?'),
    fail: db.prepare<[{ pair: string; at: number; forget: number }]>(
      `INSERT INTO sign_in_failures (pair, failures, last_at) VALUES (@pair, 1, @at)
       ON CONFLICT (pair) DO UPDATE SET
         failures = CASE WHEN sign_in_failures.last_at < @forget THEN 1 ELSE sign_in_failures.failures + 1 END,
         last_at = @at`,
    ),
    attemptFirst: db.prepare<[string, number]>('INSERT INTO sign_in_failures (pair, failures, last_at) VALUES (?, 1, ?) ON CONFLICT (pair) DO NOTHING'),
    attemptNext: db.prepare<[{ pair: string; count: number; last: number; at: number; forget: number }]>(
      `UPDATE sign_in_failures SET
         failures = CASE WHEN last_at < @forget THEN 1 ELSE failures + 1 END,
         last_at = @at
       WHERE pair = @pair AND failures = @count AND last_at = @last`,
    ),
    withdrawAttempt: db.prepare<[string]>('UPDATE sign_in_failures SET failures = failures - 1 WHERE pair = ? AND failures > 0'),
    failures: db.prepare<[string], { failures: number | string; last_at: number | string }>('SELECT failures, last_at FROM sign_in_failures WHERE pair = ?'),
    clearFailures: db.prepare<[string]>('DELETE FROM sign_in_failures WHERE pair = ?'),
    insertTicket: db.prepare<[string, string, string, string, number]>(
      'INSERT INTO tickets (hash, person_id, platform_id, session_key, expires_at) VALUES (?, ?, ?, ?, ?)',
    ),
    takeTicket: db.prepare<[string], TicketRecord>('DELETE FROM tickets WHERE hash = ? RETURNING person_id, platform_id, session_key, expires_at'),
    purgeEvents: db.prepare<[number]>('DELETE FROM rate_events WHERE expires_at <= ?'),
    purgeFailures: db.prepare<[number]>('DELETE FROM sign_in_failures WHERE last_at < ?'),
    purgeTickets: db.prepare<[number]>('DELETE FROM tickets WHERE expires_at <= ?'),
  }
  return {
    rateEventTimes: (scope, key, since) => q.times.all(scope, key, since).map((r) => Number(r.at)),
    addRateEvent: (scope, key, at, expiresAt) => Number(q.add.get(scope, key, at, expiresAt)!.id),
    removeRateEvent(id) {
      q.remove.run(id)
    },
    clearRateEvents(scope, key) {
      q.clear.run(scope, key)
    },
    addSignInFailure(pair, at, forgetBefore) {
      q.fail.run({ pair, at, forget: forgetBefore })
    },
    signInFailures(pair) {
      const row = q.failures.get(pair)
      return row ? { count: Number(row.failures), last: Number(row.last_at) } : null
    },
    takeSignInAttempt(pair, seen, at, forgetBefore) {
      if (!seen) return q.attemptFirst.run(pair, at).changes === 1
      return q.attemptNext.run({ pair, count: seen.count, last: seen.last, at, forget: forgetBefore }).changes === 1
    },
    withdrawSignInAttempt(pair) {
      q.withdrawAttempt.run(pair)
    },
    clearSignInFailures(pair) {
      q.clearFailures.run(pair)
    },
    insertTicket(hash, t: TicketRow) {
      q.insertTicket.run(hash, t.personId, t.platformId, t.sessionKey, t.expiresAt)
    },
    takeTicket(hash) {
      const row = q.takeTicket.get(hash)
      return row ? { personId: row.person_id, platformId: row.platform_id, sessionKey: row.session_key, expiresAt: Number(row.expires_at) } : null
    },
    purgeExpiredLimits(now, failuresForgetBefore) {
      q.purgeEvents.run(now)
      q.purgeFailures.run(failuresForgetBefore)
      q.purgeTickets.run(now)
    },
  }
}
