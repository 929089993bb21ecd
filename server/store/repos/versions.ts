import type { SqlDatabase } from '../sql-database.js'
import type { VersionReason } from '../../../shared/versions.js'
import type { VersionRow, VersionStore } from '../store.js'

interface Row {
  id: string
  platform_id: string
  section_id: string
  at: string
  reason: string
  name: string | null
  hash: string
  person_ids: string
  org_ids: string
  actor_id: string | null
  restored_from: string | null
}

const toVersion = (r: Row): VersionRow => ({
  id: r.id,
  platformId: r.platform_id,
  sectionId: r.section_id,
  at: r.at,
  reason: r.reason as VersionReason,
  name: r.name,
  hash: r.hash,
  personIds: JSON.parse(r.person_ids) as string[],
  orgIds: JSON.parse(r.org_ids) as string[],
  actorId: r.actor_id,
  restoredFrom: r.restored_from,
})

/** Section versions (issue 16): rows in the order kept (rowid), texts once per section and hash. */
export function versionsRepo(db: SqlDatabase): VersionStore {
  const q = {
    insert: db.prepare<[string, string, string, string, string, string, string, string, string | null, string | null]>(
      `INSERT INTO section_versions (id, platform_id, section_id, at, reason, hash, person_ids, org_ids, actor_id, restored_from)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    insertText: db.prepare<[string, string, string, string]>(
      'INSERT INTO version_texts (platform_id, section_id, hash, content) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
    ),
    hasText: db.prepare<[string, string, string], { one: number }>('SELECT 1 AS one FROM version_texts WHERE platform_id = ? AND section_id = ? AND hash = ?'),
    text: db.prepare<[string, string, string], { content: string }>('SELECT content FROM version_texts WHERE platform_id = ? AND section_id = ? AND hash = ?'),
    ofSection: db.prepare<[string, string, number], Row>('SELECT * FROM section_versions WHERE platform_id = ? AND section_id = ? ORDER BY rowid DESC LIMIT ?'),
    ofPlatform: db.prepare<[string, number], Row>('SELECT * FROM section_versions WHERE platform_id = ? ORDER BY rowid DESC LIMIT ?'),
    latest: db.prepare<[string, string], Row>('SELECT * FROM section_versions WHERE platform_id = ? AND section_id = ? ORDER BY rowid DESC LIMIT 1'),
    sections: db.prepare<[string], { section_id: string }>('SELECT DISTINCT section_id FROM section_versions WHERE platform_id = ?'),
    one: db.prepare<[string, string], Row>('SELECT * FROM section_versions WHERE platform_id = ? AND id = ?'),
    rename: db.prepare<[string | null, string, string]>('UPDATE section_versions SET name = ? WHERE platform_id = ? AND id = ?'),
  }
  return {
    insertVersion(v, content) {
      if (content !== null) q.insertText.run(v.platformId, v.sectionId, v.hash, content)
      q.insert.run(v.id, v.platformId, v.sectionId, v.at, v.reason, v.hash, JSON.stringify(v.personIds), JSON.stringify(v.orgIds), v.actorId, v.restoredFrom)
    },
    hasVersionText: (platformId, sectionId, hash) => q.hasText.get(platformId, sectionId, hash) !== undefined,
    versionText: (platformId, sectionId, hash) => q.text.get(platformId, sectionId, hash)?.content ?? null,
    listVersions: (platformId, sectionId, limit) =>
      (sectionId === null ? q.ofPlatform.all(platformId, limit) : q.ofSection.all(platformId, sectionId, limit)).map(toVersion),
    latestVersion(platformId, sectionId) {
      const row = q.latest.get(platformId, sectionId)
      return row ? toVersion(row) : null
    },
    sectionsWithVersions: (platformId) => new Set(q.sections.all(platformId).map((r) => r.section_id)),
    getVersion(platformId, id) {
      const row = q.one.get(platformId, id)
      return row ? toVersion(row) : null
    },
    renameVersion: (platformId, id, name) => q.rename.run(name, platformId, id).changes > 0,
  }
}
