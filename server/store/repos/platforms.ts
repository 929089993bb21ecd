import type { SqlDatabase } from '../sql-database.js'
import type { GovOrganization, GovSection } from '../../../shared/gov.js'
import { DEFAULT_LANGUAGES, type PlatformLanguages } from '../../../shared/languages.js'
import type { PlatformRecord, PlatformStore } from '../store.js'

interface PlatformRow {
  id: string
  title: string
  adopted: number
  created_at: string
  approval_threshold: number | null
  adopted_at: string | null
  languages: string
}
interface SectionRow {
  id: string
  title: string
  owner_org_id: string | null
  locked: number
  position: number
  titles: string
}
interface OrgRow {
  id: string
  name: string
  short_name: string
  color: string
}

const toPlatform = (row: PlatformRow): PlatformRecord => ({
  id: row.id,
  title: row.title,
  adopted: row.adopted === 1,
  approvalThreshold: row.approval_threshold,
  createdAt: row.created_at,
  adoptedAt: row.adopted_at,
  languages: parseLanguages(row.languages),
})

/** The stored languages; a value this code did not write (hand-edited, damaged) reads as the default rather than failing every read. */
function parseLanguages(json: string): PlatformLanguages {
  try {
    const v = JSON.parse(json) as Partial<PlatformLanguages>
    if (typeof v.primary === 'string' && Array.isArray(v.others) && v.others.every((o) => typeof o === 'string'))
      return { primary: v.primary, others: v.others }
  } catch {
    // fall through
  }
  return DEFAULT_LANGUAGES
}
/** The stored translated titles; absent when there are none (or the value is not one this code wrote). */
function parseTitles(json: string): Record<string, string> | null {
  try {
    const v = JSON.parse(json) as unknown
    if (!v || typeof v !== 'object' || Array.isArray(v)) return null
    const entries = Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== '')
    return entries.length > 0 ? Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : null
  } catch {
    return null
  }
}
const titlesJson = (titles: Record<string, string> | undefined): string =>
  JSON.stringify(Object.fromEntries(Object.entries(titles ?? {}).filter(([, t]) => t !== '')))
const toSection = (r: SectionRow): GovSection => {
  const titles = parseTitles(r.titles)
  return {
    id: r.id,
    title: r.title,
    ownerOrgId: r.owner_org_id,
    locked: r.locked === 1,
    position: r.position,
    ...(titles ? { titles } : {}),
  }
}
const toOrg = (r: OrgRow): GovOrganization => ({ id: r.id, name: r.name, shortName: r.short_name, color: r.color })

/** Platforms, organizations and sections. */
export function platformsRepo(db: SqlDatabase): PlatformStore {
  const q = {
    platforms: db.prepare<[], PlatformRow>('SELECT * FROM platforms ORDER BY created_at, id'),
    platform: db.prepare<[string], PlatformRow>('SELECT * FROM platforms WHERE id = ?'),
    insertPlatform: db.prepare<[string, string, string]>('INSERT INTO platforms (id, title, created_at) VALUES (?, ?, ?)'),
    renamePlatform: db.prepare<[string, string]>('UPDATE platforms SET title = ? WHERE id = ?'),
    threshold: db.prepare<[number | null, string]>('UPDATE platforms SET approval_threshold = ? WHERE id = ?'),
    languages: db.prepare<[string, string]>('UPDATE platforms SET languages = ? WHERE id = ?'),
    adopt: db.prepare<[string, string, string]>('UPDATE platforms SET adopted = 1, adopted_at = ?, adopted_by = ? WHERE id = ?'),
    orgs: db.prepare<[string], OrgRow>('SELECT id, name, short_name, color FROM organizations WHERE platform_id = ? ORDER BY name'),
    org: db.prepare<[string, string], OrgRow>('SELECT id, name, short_name, color FROM organizations WHERE platform_id = ? AND id = ?'),
    insertOrg: db.prepare<[string, string, string, string, string]>(
      'INSERT INTO organizations (id, platform_id, name, short_name, color) VALUES (?, ?, ?, ?, ?)',
    ),
    updateOrg: db.prepare<[string, string, string, string, string]>(
      'UPDATE organizations SET name = ?, short_name = ?, color = ? WHERE platform_id = ? AND id = ?',
    ),
    sections: db.prepare<[string], SectionRow>(
      `SELECT id, title, owner_org_id, locked, position, titles FROM sections
       WHERE platform_id = ? AND removed_at IS NULL ORDER BY position, id`,
    ),
    removed: db.prepare<[string], { id: string; title: string; removed_at: string }>(
      'SELECT id, title, removed_at FROM sections WHERE platform_id = ? AND removed_at IS NOT NULL ORDER BY removed_at',
    ),
    section: db.prepare<[string, string], SectionRow>(
      `SELECT id, title, owner_org_id, locked, position, titles FROM sections
       WHERE platform_id = ? AND id = ? AND removed_at IS NULL`,
    ),
    anySectionRow: db.prepare<[string, string], SectionRow & { removed_at: string | null }>(
      'SELECT id, title, owner_org_id, locked, position, titles, removed_at FROM sections WHERE platform_id = ? AND id = ?',
    ),
    anySection: db.prepare<[string, string], { removed_at: string | null }>('SELECT removed_at FROM sections WHERE platform_id = ? AND id = ?'),
    insertSection: db.prepare<[string, string, string, string | null, number, number, string]>(
      'INSERT INTO sections (id, platform_id, title, owner_org_id, locked, position, titles) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    updateSection: db.prepare<[string, string | null, number, string, string, string]>(
      'UPDATE sections SET title = ?, owner_org_id = ?, locked = ?, titles = ? WHERE platform_id = ? AND id = ?',
    ),
    setPosition: db.prepare<[number, string, string]>('UPDATE sections SET position = ? WHERE platform_id = ? AND id = ?'),
    setRemoved: db.prepare<[string | null, string, string]>('UPDATE sections SET removed_at = ? WHERE platform_id = ? AND id = ?'),
  }

  return {
    listPlatforms: () => q.platforms.all().map(toPlatform),
    getPlatform(platformId) {
      const row = q.platform.get(platformId)
      return row ? toPlatform(row) : null
    },
    createPlatform({ id, title }) {
      q.insertPlatform.run(id, title, new Date().toISOString())
      return toPlatform(q.platform.get(id)!)
    },
    renamePlatform: (platformId, title) => void q.renamePlatform.run(title, platformId),
    setApprovalThreshold: (platformId, threshold) => void q.threshold.run(threshold, platformId),
    setPlatformLanguages: (platformId, languages) => void q.languages.run(JSON.stringify({ primary: languages.primary, others: languages.others }), platformId),
    adoptPlatform: (platformId, personId, at) => void q.adopt.run(at, personId, platformId),
    listOrganizations: (platformId) => q.orgs.all(platformId).map(toOrg),
    getOrganization(platformId, orgId) {
      const row = q.org.get(platformId, orgId)
      return row ? toOrg(row) : null
    },
    addOrganization: (platformId, org) => void q.insertOrg.run(org.id, platformId, org.name, org.shortName, org.color),
    updateOrganization: (platformId, org) => void q.updateOrg.run(org.name, org.shortName, org.color, platformId, org.id),
    listSections: (platformId) => q.sections.all(platformId).map(toSection),
    listRemovedSections: (platformId) => q.removed.all(platformId).map((r) => ({ id: r.id, title: r.title, removedAt: r.removed_at })),
    getSection(platformId, sectionId) {
      const row = q.section.get(platformId, sectionId)
      return row ? toSection(row) : null
    },
    addSection: (platformId, s) => void q.insertSection.run(s.id, platformId, s.title, s.ownerOrgId, s.locked ? 1 : 0, s.position, titlesJson(s.titles)),
    updateSection(platformId, sectionId, patch) {
      const current = q.section.get(platformId, sectionId)
      if (!current) return
      q.updateSection.run(
        patch.title ?? current.title,
        patch.ownerOrgId !== undefined ? patch.ownerOrgId : current.owner_org_id,
        patch.locked !== undefined ? (patch.locked ? 1 : 0) : current.locked,
        patch.titles !== undefined ? titlesJson(patch.titles) : current.titles,
        platformId,
        sectionId,
      )
    },
    setSectionPositions(platformId, orderedIds) {
      for (const [index, id] of orderedIds.entries()) q.setPosition.run(index + 1, platformId, id)
    },
    setSectionRemoved: (platformId, sectionId, removedAt) => void q.setRemoved.run(removedAt, platformId, sectionId),
    sectionExists(platformId, sectionId) {
      const row = q.anySection.get(platformId, sectionId)
      return row ? { removed: row.removed_at !== null } : null
    },
    getAnySection(platformId, sectionId) {
      const row = q.anySectionRow.get(platformId, sectionId)
      return row ? { section: toSection(row), removedAt: row.removed_at } : null
    },
  }
}
