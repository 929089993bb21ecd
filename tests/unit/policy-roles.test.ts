import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { roleSchema } from '../../shared/api.js'
import { ROLES } from '../../shared/roles.js'
import { migrate } from '../../server/store/sqlite/migrations.js'

/**
 * The role list exists once (shared/roles.ts). The database's CHECK on
 * memberships.role was written in a shipped migration, which is never
 * edited: so it is tested against the list rather than generated from it.
 * A new role needs a migration that widens the CHECK, or this fails.
 */
describe('the role list is the one the database and the API accept', () => {
  const db = new Database(':memory:')
  migrate(db)

  it('the CHECK of memberships.role names exactly ROLES', () => {
    const sql = (db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'memberships'").get() as { sql: string }).sql
    const check = /role\s+TEXT\s+NOT\s+NULL\s+CHECK\s*\(\s*role\s+IN\s*\(([^)]*)\)\s*\)/i.exec(sql)
    expect(check, sql).not.toBeNull()
    const listed = check![1]!.split(',').map((s) => s.trim().replace(/^'|'$/g, ''))
    expect(listed).toEqual([...ROLES])
  })

  it('every role of the list can be stored, and nothing else', () => {
    db.exec(`INSERT INTO platforms (id, title, created_at) VALUES ('p', 'P', 'now')`)
    db.exec(`INSERT INTO people (id, display_name, created_at) VALUES ('someone', 'Someone', 'now')`)
    const insert = db.prepare(`INSERT OR REPLACE INTO memberships (platform_id, person_id, role, org_id, created_at) VALUES ('p', 'someone', ?, NULL, 'now')`)
    for (const role of ROLES) expect(() => insert.run(role), role).not.toThrow()
    expect(() => insert.run('admin')).toThrow(/CHECK/)
  })

  it('the API validates roles against the same list', () => {
    expect(roleSchema.options).toEqual([...ROLES])
  })
})
