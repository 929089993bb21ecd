import type { SqlDatabase } from '../sql-database.js'
import { INTERFACE_LOCALES } from '../../../shared/languages.js'
import type { Role } from '../../../shared/roles.js'
import type { MemberRecord, MembershipRecord, PeopleStore, PersonRecord } from '../store.js'

interface PersonRow {
  id: string
  username: string | null
  email: string | null
  display_name: string
  password_hash: string | null
  is_demo: number
  created_at: string
  locale: string | null
}
interface MembershipRow {
  platform_id: string
  person_id: string
  role: Role
  org_id: string | null
}

const toPerson = (r: PersonRow): PersonRecord => ({
  id: r.id,
  username: r.username,
  email: r.email,
  displayName: r.display_name,
  passwordHash: r.password_hash,
  isDemo: r.is_demo === 1,
  createdAt: r.created_at,
  locale: INTERFACE_LOCALES.find((l) => l === r.locale) ?? null,
})
const toMembership = (r: MembershipRow): MembershipRecord => ({
  platformId: r.platform_id,
  personId: r.person_id,
  role: r.role,
  orgId: r.org_id,
})

/** Accounts, memberships and sessions. */
export function peopleRepo(db: SqlDatabase): PeopleStore {
  const q = {
    insertPerson: db.prepare<[string, string | null, string | null, string, string | null, number, string]>(
      `INSERT INTO people (id, username, email, display_name, password_hash, is_demo, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
    person: db.prepare<[string], PersonRow>('SELECT * FROM people WHERE id = ?'),
    setLocale: db.prepare<[string, string]>('UPDATE people SET locale = ? WHERE id = ?'),
    byLogin: db.prepare<[string, string], PersonRow>('SELECT * FROM people WHERE username = ? OR email = ?'),
    countReal: db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM people WHERE is_demo = 0'),
    demoPeople: db.prepare<[], PersonRow>('SELECT * FROM people WHERE is_demo = 1 ORDER BY created_at, rowid'),
    membership: db.prepare<[string, string], MembershipRow>('SELECT * FROM memberships WHERE platform_id = ? AND person_id = ?'),
    membershipsOf: db.prepare<[string], MembershipRow>('SELECT * FROM memberships WHERE person_id = ? ORDER BY created_at'),
    members: db.prepare<[string], MembershipRow & { display_name: string; username: string | null; is_demo: number }>(
      `SELECT m.*, p.display_name, p.username, p.is_demo FROM memberships m JOIN people p ON p.id = m.person_id
       WHERE m.platform_id = ? ORDER BY p.display_name, p.id`,
    ),
    member: db.prepare<[string, string], MembershipRow & { display_name: string; username: string | null; is_demo: number }>(
      `SELECT m.*, p.display_name, p.username, p.is_demo FROM memberships m JOIN people p ON p.id = m.person_id
       WHERE m.platform_id = ? AND m.person_id = ?`,
    ),
    upsertMembership: db.prepare<[string, string, Role, string | null, string]>(
      `INSERT INTO memberships (platform_id, person_id, role, org_id, created_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(platform_id, person_id) DO UPDATE SET role = excluded.role, org_id = excluded.org_id`,
    ),
    deleteMembership: db.prepare<[string, string]>('DELETE FROM memberships WHERE platform_id = ? AND person_id = ?'),
    insertSession: db.prepare<[string, string, string, string]>('INSERT INTO sessions (token_hash, person_id, created_at, expires_at) VALUES (?, ?, ?, ?)'),
    session: db.prepare<[string], { person_id: string; expires_at: string }>('SELECT person_id, expires_at FROM sessions WHERE token_hash = ?'),
    deleteSession: db.prepare<[string]>('DELETE FROM sessions WHERE token_hash = ?'),
    deleteExpired: db.prepare<[string]>('DELETE FROM sessions WHERE expires_at <= ?'),
  }

  return {
    createPerson: (p) => void q.insertPerson.run(p.id, p.username, p.email, p.displayName, p.passwordHash, p.isDemo ? 1 : 0, p.createdAt),
    getPerson(personId) {
      const row = q.person.get(personId)
      return row ? toPerson(row) : null
    },
    setPersonLocale: (personId, locale) => void q.setLocale.run(locale, personId),
    findPersonByLogin(login) {
      const row = q.byLogin.get(login, login)
      return row ? toPerson(row) : null
    },
    countRealAccounts: () => q.countReal.get()?.n ?? 0,
    listDemoPeople: () => q.demoPeople.all().map((row) => ({ ...toPerson(row), memberships: q.membershipsOf.all(row.id).map(toMembership) })),
    getMembership(platformId, personId) {
      const row = q.membership.get(platformId, personId)
      return row ? toMembership(row) : null
    },
    listMemberships: (personId) => q.membershipsOf.all(personId).map(toMembership),
    listMembers: (platformId): MemberRecord[] =>
      q.members.all(platformId).map((r) => ({
        ...toMembership(r),
        name: r.display_name,
        username: r.username,
        isDemo: r.is_demo === 1,
      })),
    getMember(platformId, personId) {
      const r = q.member.get(platformId, personId)
      return r ? { ...toMembership(r), name: r.display_name, username: r.username, isDemo: r.is_demo === 1 } : null
    },
    setMembership: (m) => void q.upsertMembership.run(m.platformId, m.personId, m.role, m.orgId, new Date().toISOString()),
    removeMembership: (platformId, personId) => void q.deleteMembership.run(platformId, personId),
    createSession: (tokenHash, personId, expiresAt) => void q.insertSession.run(tokenHash, personId, new Date().toISOString(), expiresAt),
    getSession(tokenHash) {
      const row = q.session.get(tokenHash)
      return row ? { personId: row.person_id, expiresAt: row.expires_at } : null
    },
    deleteSession: (tokenHash) => void q.deleteSession.run(tokenHash),
    deleteExpiredSessions: (now) => void q.deleteExpired.run(now),
  }
}
