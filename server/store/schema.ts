import type Database from 'better-sqlite3'

/**
 * Schema migrations, applied in order; `user_version` records how many ran.
 * Never edit a shipped migration: append a new one.
 */
const MIGRATIONS: string[] = [
  `
  CREATE TABLE platforms (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    adopted INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
  );
  CREATE TABLE organizations (
    id TEXT PRIMARY KEY,
    platform_id TEXT NOT NULL REFERENCES platforms(id),
    name TEXT NOT NULL,
    short_name TEXT NOT NULL,
    color TEXT NOT NULL
  );
  CREATE INDEX organizations_platform ON organizations(platform_id);
  CREATE TABLE sections (
    id TEXT PRIMARY KEY,
    platform_id TEXT NOT NULL REFERENCES platforms(id),
    title TEXT NOT NULL,
    owner_org_id TEXT REFERENCES organizations(id),
    locked INTEGER NOT NULL DEFAULT 0,
    position REAL NOT NULL
  );
  CREATE INDEX sections_platform ON sections(platform_id, position);
  -- The append-only log of each document's accepted Yjs updates.
  CREATE TABLE doc_updates (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    doc TEXT NOT NULL,
    data BLOB NOT NULL
  );
  CREATE INDEX doc_updates_doc ON doc_updates(doc, seq);
  -- A document's compacted state: every update up to through_seq merged.
  CREATE TABLE doc_states (
    doc TEXT PRIMARY KEY,
    data BLOB NOT NULL,
    through_seq INTEGER NOT NULL
  );
  `,
]

export function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number
  for (let version = current; version < MIGRATIONS.length; version++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version]!)
      db.pragma(`user_version = ${version + 1}`)
    })()
  }
}
