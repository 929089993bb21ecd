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
  `
  -- Accounts. Demo people (is_demo) have no password: demo mode signs them in.
  CREATE TABLE people (
    id TEXT PRIMARY KEY,
    username TEXT UNIQUE COLLATE NOCASE,
    email TEXT UNIQUE COLLATE NOCASE,
    display_name TEXT NOT NULL,
    password_hash TEXT,
    is_demo INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
  );
  -- One role per person per platform.
  CREATE TABLE memberships (
    platform_id TEXT NOT NULL REFERENCES platforms(id),
    person_id TEXT NOT NULL REFERENCES people(id),
    role TEXT NOT NULL CHECK (role IN ('observer', 'delegate', 'boardRep', 'facilitator')),
    org_id TEXT REFERENCES organizations(id),
    created_at TEXT NOT NULL,
    PRIMARY KEY (platform_id, person_id)
  );
  CREATE INDEX memberships_person ON memberships(person_id);
  -- Sessions and one-time tokens are stored as SHA-256 hashes of the secret.
  CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES people(id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
  );
  CREATE INDEX sessions_person ON sessions(person_id);
  CREATE TABLE invitations (
    id TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    platform_id TEXT NOT NULL REFERENCES platforms(id),
    role TEXT NOT NULL,
    org_id TEXT REFERENCES organizations(id),
    name TEXT,
    created_by TEXT NOT NULL REFERENCES people(id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at TEXT,
    used_by TEXT REFERENCES people(id),
    revoked_at TEXT
  );
  CREATE INDEX invitations_platform ON invitations(platform_id);
  CREATE TABLE setup_tokens (
    token_hash TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    used_at TEXT
  );
  -- Append-only governance log; each entry carries the hash of the previous one.
  CREATE TABLE audit_log (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    platform_id TEXT,
    actor_id TEXT,
    action TEXT NOT NULL,
    detail TEXT NOT NULL,
    created_at TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
  );
  CREATE INDEX audit_log_platform ON audit_log(platform_id, seq);
  ALTER TABLE sections ADD COLUMN removed_at TEXT;
  `,
  `
  -- Comment threads: a root comment carries the anchor (two Yjs relative
  -- positions, base64) and the quoted text at creation; replies point to it.
  CREATE TABLE comments (
    id TEXT PRIMARY KEY,
    platform_id TEXT NOT NULL REFERENCES platforms(id),
    section_id TEXT NOT NULL REFERENCES sections(id),
    parent_id TEXT REFERENCES comments(id),
    author_id TEXT NOT NULL REFERENCES people(id),
    body TEXT NOT NULL,
    anchor_start TEXT,
    anchor_end TEXT,
    quote TEXT,
    created_at TEXT NOT NULL,
    edited_at TEXT,
    deleted_at TEXT,
    resolved_at TEXT,
    resolved_by TEXT REFERENCES people(id),
    hidden_at TEXT,
    hidden_by TEXT REFERENCES people(id),
    hidden_reason TEXT
  );
  CREATE INDEX comments_platform ON comments(platform_id, created_at);
  CREATE TABLE comment_mentions (
    comment_id TEXT NOT NULL REFERENCES comments(id),
    person_id TEXT REFERENCES people(id),
    org_id TEXT REFERENCES organizations(id)
  );
  CREATE INDEX comment_mentions_comment ON comment_mentions(comment_id);
  -- Each person's inbox: mentions of them or their organization, replies in their threads.
  CREATE TABLE inbox_items (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    person_id TEXT NOT NULL REFERENCES people(id),
    platform_id TEXT NOT NULL REFERENCES platforms(id),
    comment_id TEXT NOT NULL REFERENCES comments(id),
    kind TEXT NOT NULL CHECK (kind IN ('mention', 'reply')),
    created_at TEXT NOT NULL,
    read_at TEXT,
    UNIQUE (person_id, comment_id)
  );
  CREATE INDEX inbox_items_person ON inbox_items(person_id, platform_id, id);
  `,
  `
  -- Board representatives' decisions, each tied to the exact text reviewed:
  -- its content hash and a snapshot (content JSON and plain text). Rows are
  -- never changed; the newest row per section and organization counts.
  CREATE TABLE signoffs (
    id TEXT PRIMARY KEY,
    platform_id TEXT NOT NULL REFERENCES platforms(id),
    section_id TEXT NOT NULL REFERENCES sections(id),
    org_id TEXT NOT NULL REFERENCES organizations(id),
    person_id TEXT NOT NULL REFERENCES people(id),
    decision TEXT NOT NULL CHECK (decision IN ('approve', 'changes')),
    note TEXT NOT NULL DEFAULT '',
    hash TEXT NOT NULL,
    snapshot_json TEXT NOT NULL,
    snapshot_text TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE INDEX signoffs_section ON signoffs(platform_id, section_id, org_id, created_at);
  -- null: every member organization must approve; a number: that many, with no open request for changes.
  ALTER TABLE platforms ADD COLUMN approval_threshold INTEGER;
  ALTER TABLE platforms ADD COLUMN adopted_at TEXT;
  ALTER TABLE platforms ADD COLUMN adopted_by TEXT REFERENCES people(id);
  `,
  `
  -- Facilitated drafting sessions. Times are server epoch milliseconds: the
  -- countdown everyone sees is computed from them and the server's clock.
  CREATE TABLE drafting_sessions (
    id TEXT PRIMARY KEY,
    platform_id TEXT NOT NULL REFERENCES platforms(id),
    title TEXT NOT NULL,
    scheduled_start TEXT,
    status TEXT NOT NULL CHECK (status IN ('planned', 'running', 'ended')),
    started_at INTEGER,
    ended_at INTEGER,
    current_item INTEGER,
    item_started_at INTEGER,
    paused_at INTEGER,
    paused_ms INTEGER NOT NULL DEFAULT 0,
    extra_ms INTEGER NOT NULL DEFAULT 0,
    follow_section_id TEXT,
    follow_seq INTEGER NOT NULL DEFAULT 0,
    pen_section_id TEXT,
    pen_person_id TEXT REFERENCES people(id),
    progressive INTEGER NOT NULL DEFAULT 0,
    notes TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
  );
  CREATE INDEX drafting_sessions_platform ON drafting_sessions(platform_id);
  CREATE TABLE agenda_items (
    session_id TEXT NOT NULL REFERENCES drafting_sessions(id),
    position INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('section', 'free')),
    section_id TEXT REFERENCES sections(id),
    title TEXT NOT NULL,
    time_box_ms INTEGER NOT NULL,
    PRIMARY KEY (session_id, position)
  );
  CREATE TABLE speaking_queue (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id TEXT NOT NULL REFERENCES drafting_sessions(id),
    item INTEGER NOT NULL,
    person_id TEXT NOT NULL REFERENCES people(id),
    org_id TEXT,
    raised_at INTEGER NOT NULL,
    lowered_at INTEGER,
    called_at INTEGER
  );
  CREATE INDEX speaking_queue_session ON speaking_queue(session_id, item);
  CREATE TABLE polls (
    id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES drafting_sessions(id),
    item INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('consent', 'fist')),
    question TEXT NOT NULL,
    opened_at INTEGER NOT NULL,
    closed_at INTEGER
  );
  CREATE TABLE poll_answers (
    poll_id TEXT NOT NULL REFERENCES polls(id),
    person_id TEXT NOT NULL REFERENCES people(id),
    org_id TEXT,
    value TEXT NOT NULL,
    answered_at INTEGER NOT NULL,
    PRIMARY KEY (poll_id, person_id)
  );
  -- What happened, in order, for the minutes.
  CREATE TABLE session_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id TEXT NOT NULL REFERENCES drafting_sessions(id),
    at INTEGER NOT NULL,
    kind TEXT NOT NULL,
    detail TEXT NOT NULL
  );
  CREATE INDEX session_events_session ON session_events(session_id, id);
  `,
  `
  -- Audit entries are numbered and chained per platform (platform_seq;
  -- entries of no platform form their own chain) and carry an HMAC with a
  -- key kept outside the database. Existing entries are numbered here and
  -- sealed (re-chained and signed) by the server on its next start.
  ALTER TABLE audit_log ADD COLUMN platform_seq INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE audit_log ADD COLUMN mac TEXT;
  UPDATE audit_log SET platform_seq = (
    SELECT COUNT(*) FROM audit_log AS earlier
    WHERE earlier.platform_id IS audit_log.platform_id AND earlier.seq <= audit_log.seq
  );
  CREATE UNIQUE INDEX audit_log_chain ON audit_log(COALESCE(platform_id, ''), platform_seq);
  `,
  `
  -- Which person writes under each Yjs client id of a document: a client id is
  -- one editor's, and nobody else may extend it (a crafted update under a
  -- victim's id would make the victim's next edits look already stored).
  CREATE TABLE doc_clients (
    doc TEXT NOT NULL,
    client INTEGER NOT NULL,
    person_id TEXT NOT NULL,
    PRIMARY KEY (doc, client)
  ) WITHOUT ROWID;
  `,
  `
  -- Personal access tokens for non-browser clients (server/identity/access-tokens.ts):
  -- a credential that survives reconnects, for one platform and a role no
  -- higher than its owner's. Only the SHA-256 of the secret is stored.
  CREATE TABLE access_tokens (
    id TEXT PRIMARY KEY,
    secret_hash TEXT NOT NULL,
    person_id TEXT NOT NULL REFERENCES people(id),
    platform_id TEXT NOT NULL REFERENCES platforms(id),
    role TEXT NOT NULL,
    name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT,
    last_used_at TEXT,
    revoked_at TEXT
  );
  CREATE INDEX access_tokens_person ON access_tokens(person_id, created_at);
  `,
  `
  -- A board representative's notice that their organization's approval is
  -- now of an earlier version (server/signoff/stale-approvals.ts): one per
  -- person and approval, however many edits follow it.
  CREATE TABLE approval_notices (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    person_id TEXT NOT NULL REFERENCES people(id),
    platform_id TEXT NOT NULL REFERENCES platforms(id),
    signoff_id TEXT NOT NULL REFERENCES signoffs(id),
    section_id TEXT NOT NULL REFERENCES sections(id),
    org_id TEXT NOT NULL REFERENCES organizations(id),
    created_at TEXT NOT NULL,
    read_at TEXT,
    UNIQUE (person_id, signoff_id)
  );
  CREATE INDEX approval_notices_person ON approval_notices(person_id, platform_id, id);
  CREATE INDEX approval_notices_signoff ON approval_notices(signoff_id);
  `,
  `
  -- Amendments (server/amendments/amendments.ts): an organization's proposed
  -- wording for a section, written in the document's root amend:<id>. The
  -- text the amendment was proposed against (base_json, base_hash) is the
  -- three-way merge's base when it is accepted.
  CREATE TABLE amendments (
    id TEXT PRIMARY KEY,
    platform_id TEXT NOT NULL REFERENCES platforms(id),
    section_id TEXT NOT NULL REFERENCES sections(id),
    org_id TEXT NOT NULL REFERENCES organizations(id),
    author_id TEXT NOT NULL REFERENCES people(id),
    title TEXT NOT NULL,
    rationale TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'accepted', 'declined', 'withdrawn')),
    base_hash TEXT NOT NULL,
    base_json TEXT NOT NULL,
    created_at TEXT NOT NULL,
    decided_by TEXT REFERENCES people(id),
    decided_at TEXT,
    decision_note TEXT NOT NULL DEFAULT '',
    result_hash TEXT
  );
  CREATE INDEX amendments_platform ON amendments(platform_id, created_at);
  -- One endorsement per organization (the key); withdrawing one deletes its row (the audit log keeps it).
  CREATE TABLE amendment_endorsements (
    amendment_id TEXT NOT NULL REFERENCES amendments(id),
    org_id TEXT NOT NULL REFERENCES organizations(id),
    person_id TEXT NOT NULL REFERENCES people(id),
    created_at TEXT NOT NULL,
    PRIMARY KEY (amendment_id, org_id)
  );
  -- The accepted amendment whose change made the approval stale, if it was one.
  ALTER TABLE approval_notices ADD COLUMN amendment_id TEXT REFERENCES amendments(id);
  -- A drafting session's agenda item may be about an amendment (of its section): the room discusses it and takes its temperature.
  ALTER TABLE agenda_items ADD COLUMN amendment_id TEXT REFERENCES amendments(id);
  `,
  `
  -- A comment thread on an amendment's proposed text (issue 14): its anchor is
  -- in the root amend:<amendment_id>; section_id stays the amendment's section.
  ALTER TABLE comments ADD COLUMN amendment_id TEXT REFERENCES amendments(id);
  `,
  `
  -- Platform languages (issue 15): JSON {"primary","others"}; English alone until a facilitator sets them.
  ALTER TABLE platforms ADD COLUMN languages TEXT NOT NULL DEFAULT '{"primary":"en","others":[]}';
  -- Each translation's last review: the version (content hash, and text) of the primary it was brought up to date with.
  CREATE TABLE translation_reviews (
    platform_id TEXT NOT NULL REFERENCES platforms(id),
    section_id TEXT NOT NULL REFERENCES sections(id),
    lang TEXT NOT NULL,
    up_to_date_with TEXT NOT NULL,
    primary_json TEXT NOT NULL,
    person_id TEXT NOT NULL REFERENCES people(id),
    at TEXT NOT NULL,
    PRIMARY KEY (platform_id, section_id, lang)
  );
  -- A comment thread on a translation: its anchor is in the root body:<section_id>:<lang>.
  ALTER TABLE comments ADD COLUMN lang TEXT;
  `,
  `
  -- The interface language a person chose (issue 15): it follows them to every device; NULL = the browser's.
  ALTER TABLE people ADD COLUMN locale TEXT;
  `,
  `
  -- A section's title in each translation (issue 15): JSON {"<lang>": "<title>"}; the primary's title stays in title.
  ALTER TABLE sections ADD COLUMN titles TEXT NOT NULL DEFAULT '{}';
  `,
  `
  -- Versions of a section (issue 16): kept at each sign-off decision, lock,
  -- accepted amendment, session item end, adoption and restore, and after a
  -- pause in the writing (server/versions/versions.ts). Read only by the
  -- history: opening a platform never reads them.
  CREATE TABLE section_versions (
    id TEXT PRIMARY KEY,
    platform_id TEXT NOT NULL REFERENCES platforms(id),
    section_id TEXT NOT NULL REFERENCES sections(id),
    at TEXT NOT NULL,
    reason TEXT NOT NULL,
    name TEXT,
    hash TEXT NOT NULL,
    person_ids TEXT NOT NULL,
    org_ids TEXT NOT NULL,
    actor_id TEXT REFERENCES people(id),
    restored_from TEXT REFERENCES section_versions(id)
  );
  CREATE INDEX section_versions_by_section ON section_versions (platform_id, section_id);
  -- A version's text, every language, with who wrote which words: once per
  -- distinct text (the same hash in the same section is the same text).
  CREATE TABLE version_texts (
    platform_id TEXT NOT NULL REFERENCES platforms(id),
    section_id TEXT NOT NULL REFERENCES sections(id),
    hash TEXT NOT NULL,
    content TEXT NOT NULL,
    PRIMARY KEY (platform_id, section_id, hash)
  );
  `,
  `
  -- Text the server wrote on someone's behalf (an accepted amendment's words, a restore): the server's own
  -- Yjs client id changes with each load, so its clock ranges are named, for who wrote which words (issue 16).
  CREATE TABLE server_writes (
    doc TEXT NOT NULL,
    client INTEGER NOT NULL,
    clock_from INTEGER NOT NULL,
    clock_to INTEGER NOT NULL,
    person_id TEXT NOT NULL,
    PRIMARY KEY (doc, client, clock_from)
  ) WITHOUT ROWID;
  `,
  `
  -- Abuse limits' counts (issue 17): in the store, so that instances sharing it count the same events.
  -- Times are epoch ms; rows past their expiry are purged as others are written (server/identity/).
  CREATE TABLE rate_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    scope TEXT NOT NULL,
    subject TEXT NOT NULL,
    at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
  );
  CREATE INDEX rate_events_by_subject ON rate_events (scope, subject, at);
  CREATE INDEX rate_events_by_expiry ON rate_events (expires_at);
  -- Failed sign-ins per (login, address) pair, under the pair's hash.
  CREATE TABLE sign_in_failures (
    pair TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    last_at INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX sign_in_failures_by_time ON sign_in_failures (last_at);
  -- Websocket tickets, under their hash: single use is one DELETE … RETURNING.
  CREATE TABLE tickets (
    hash TEXT PRIMARY KEY,
    person_id TEXT NOT NULL,
    platform_id TEXT NOT NULL,
    session_key TEXT NOT NULL,
    expires_at INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX tickets_by_expiry ON tickets (expires_at);
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
