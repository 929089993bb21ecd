import type { SyncConnection } from './sync-connection.js'

/**
 * PostgreSQL's schema migrations, applied in order on start; the table
 * plank_migrations records which ran. Never edit a shipped migration: append
 * a new one. The first is the SQLite schema as of its migration 16
 * (sqlite/migrations.ts) in PostgreSQL's types: text compares by code point
 * (COLLATE "C") as SQLite's does, logins ignore case (citext, as NOCASE),
 * integers are 64-bit (Yjs client ids and millisecond times pass 2^31), and
 * the tables the repositories order by insertion have a rowid column.
 */
const MIGRATIONS: string[] = [
  `
  CREATE EXTENSION IF NOT EXISTS citext;
  CREATE TABLE people (
      rowid BIGSERIAL NOT NULL,
      id TEXT COLLATE "C" PRIMARY KEY,
      username CITEXT UNIQUE,
      email CITEXT UNIQUE,
      display_name TEXT COLLATE "C" NOT NULL,
      password_hash TEXT COLLATE "C",
      is_demo BIGINT NOT NULL DEFAULT 0,
      created_at TEXT COLLATE "C" NOT NULL
    , locale TEXT COLLATE "C");
  CREATE TABLE platforms (
      id TEXT COLLATE "C" PRIMARY KEY,
      title TEXT COLLATE "C" NOT NULL,
      adopted BIGINT NOT NULL DEFAULT 0,
      created_at TEXT COLLATE "C" NOT NULL
    , approval_threshold BIGINT, adopted_at TEXT COLLATE "C", adopted_by TEXT COLLATE "C" REFERENCES people(id), languages TEXT COLLATE "C" NOT NULL DEFAULT '{"primary":"en","others":[]}');
  CREATE TABLE organizations (
      id TEXT COLLATE "C" PRIMARY KEY,
      platform_id TEXT COLLATE "C" NOT NULL REFERENCES platforms(id),
      name TEXT COLLATE "C" NOT NULL,
      short_name TEXT COLLATE "C" NOT NULL,
      color TEXT COLLATE "C" NOT NULL
    );
  CREATE INDEX organizations_platform ON organizations(platform_id);
  CREATE TABLE sections (
      id TEXT COLLATE "C" PRIMARY KEY,
      platform_id TEXT COLLATE "C" NOT NULL REFERENCES platforms(id),
      title TEXT COLLATE "C" NOT NULL,
      owner_org_id TEXT COLLATE "C" REFERENCES organizations(id),
      locked BIGINT NOT NULL DEFAULT 0,
      position DOUBLE PRECISION NOT NULL
    , removed_at TEXT COLLATE "C", titles TEXT COLLATE "C" NOT NULL DEFAULT '{}');
  CREATE INDEX sections_platform ON sections(platform_id, position);
  CREATE TABLE doc_updates (
      seq BIGSERIAL PRIMARY KEY,
      doc TEXT COLLATE "C" NOT NULL,
      data BYTEA NOT NULL
    );
  CREATE INDEX doc_updates_doc ON doc_updates(doc, seq);
  CREATE TABLE doc_states (
      doc TEXT COLLATE "C" PRIMARY KEY,
      data BYTEA NOT NULL,
      through_seq BIGINT NOT NULL
    );
  CREATE TABLE memberships (
      platform_id TEXT COLLATE "C" NOT NULL REFERENCES platforms(id),
      person_id TEXT COLLATE "C" NOT NULL REFERENCES people(id),
      role TEXT COLLATE "C" NOT NULL CHECK (role IN ('observer', 'delegate', 'boardRep', 'facilitator')),
      org_id TEXT COLLATE "C" REFERENCES organizations(id),
      created_at TEXT COLLATE "C" NOT NULL,
      PRIMARY KEY (platform_id, person_id)
    );
  CREATE INDEX memberships_person ON memberships(person_id);
  CREATE TABLE sessions (
      token_hash TEXT COLLATE "C" PRIMARY KEY,
      person_id TEXT COLLATE "C" NOT NULL REFERENCES people(id),
      created_at TEXT COLLATE "C" NOT NULL,
      expires_at TEXT COLLATE "C" NOT NULL
    );
  CREATE INDEX sessions_person ON sessions(person_id);
  CREATE TABLE invitations (
      id TEXT COLLATE "C" PRIMARY KEY,
      token_hash TEXT COLLATE "C" NOT NULL UNIQUE,
      platform_id TEXT COLLATE "C" NOT NULL REFERENCES platforms(id),
      role TEXT COLLATE "C" NOT NULL,
      org_id TEXT COLLATE "C" REFERENCES organizations(id),
      name TEXT COLLATE "C",
      created_by TEXT COLLATE "C" NOT NULL REFERENCES people(id),
      created_at TEXT COLLATE "C" NOT NULL,
      expires_at TEXT COLLATE "C" NOT NULL,
      used_at TEXT COLLATE "C",
      used_by TEXT COLLATE "C" REFERENCES people(id),
      revoked_at TEXT COLLATE "C"
    );
  CREATE INDEX invitations_platform ON invitations(platform_id);
  CREATE TABLE setup_tokens (
      token_hash TEXT COLLATE "C" PRIMARY KEY,
      created_at TEXT COLLATE "C" NOT NULL,
      used_at TEXT COLLATE "C"
    );
  CREATE TABLE audit_log (
      seq BIGSERIAL PRIMARY KEY,
      platform_id TEXT COLLATE "C",
      actor_id TEXT COLLATE "C",
      action TEXT COLLATE "C" NOT NULL,
      detail TEXT COLLATE "C" NOT NULL,
      created_at TEXT COLLATE "C" NOT NULL,
      prev_hash TEXT COLLATE "C" NOT NULL,
      hash TEXT COLLATE "C" NOT NULL
    , platform_seq BIGINT NOT NULL DEFAULT 0, mac TEXT COLLATE "C");
  CREATE INDEX audit_log_platform ON audit_log(platform_id, seq);
  CREATE UNIQUE INDEX audit_log_chain ON audit_log(COALESCE(platform_id, ''), platform_seq);
  CREATE TABLE amendments (
      rowid BIGSERIAL NOT NULL,
      id TEXT COLLATE "C" PRIMARY KEY,
      platform_id TEXT COLLATE "C" NOT NULL REFERENCES platforms(id),
      section_id TEXT COLLATE "C" NOT NULL REFERENCES sections(id),
      org_id TEXT COLLATE "C" NOT NULL REFERENCES organizations(id),
      author_id TEXT COLLATE "C" NOT NULL REFERENCES people(id),
      title TEXT COLLATE "C" NOT NULL,
      rationale TEXT COLLATE "C" NOT NULL DEFAULT '',
      status TEXT COLLATE "C" NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'accepted', 'declined', 'withdrawn')),
      base_hash TEXT COLLATE "C" NOT NULL,
      base_json TEXT COLLATE "C" NOT NULL,
      created_at TEXT COLLATE "C" NOT NULL,
      decided_by TEXT COLLATE "C" REFERENCES people(id),
      decided_at TEXT COLLATE "C",
      decision_note TEXT COLLATE "C" NOT NULL DEFAULT '',
      result_hash TEXT COLLATE "C"
    );
  CREATE INDEX amendments_platform ON amendments(platform_id, created_at);
  CREATE TABLE amendment_endorsements (
      amendment_id TEXT COLLATE "C" NOT NULL REFERENCES amendments(id),
      org_id TEXT COLLATE "C" NOT NULL REFERENCES organizations(id),
      person_id TEXT COLLATE "C" NOT NULL REFERENCES people(id),
      created_at TEXT COLLATE "C" NOT NULL,
      PRIMARY KEY (amendment_id, org_id)
    );
  CREATE TABLE comments (
      id TEXT COLLATE "C" PRIMARY KEY,
      platform_id TEXT COLLATE "C" NOT NULL REFERENCES platforms(id),
      section_id TEXT COLLATE "C" NOT NULL REFERENCES sections(id),
      parent_id TEXT COLLATE "C" REFERENCES comments(id),
      author_id TEXT COLLATE "C" NOT NULL REFERENCES people(id),
      body TEXT COLLATE "C" NOT NULL,
      anchor_start TEXT COLLATE "C",
      anchor_end TEXT COLLATE "C",
      quote TEXT COLLATE "C",
      created_at TEXT COLLATE "C" NOT NULL,
      edited_at TEXT COLLATE "C",
      deleted_at TEXT COLLATE "C",
      resolved_at TEXT COLLATE "C",
      resolved_by TEXT COLLATE "C" REFERENCES people(id),
      hidden_at TEXT COLLATE "C",
      hidden_by TEXT COLLATE "C" REFERENCES people(id),
      hidden_reason TEXT COLLATE "C"
    , amendment_id TEXT COLLATE "C" REFERENCES amendments(id), lang TEXT COLLATE "C");
  CREATE INDEX comments_platform ON comments(platform_id, created_at);
  CREATE TABLE comment_mentions (
      comment_id TEXT COLLATE "C" NOT NULL REFERENCES comments(id),
      person_id TEXT COLLATE "C" REFERENCES people(id),
      org_id TEXT COLLATE "C" REFERENCES organizations(id)
    );
  CREATE INDEX comment_mentions_comment ON comment_mentions(comment_id);
  CREATE TABLE inbox_items (
      id BIGSERIAL PRIMARY KEY,
      person_id TEXT COLLATE "C" NOT NULL REFERENCES people(id),
      platform_id TEXT COLLATE "C" NOT NULL REFERENCES platforms(id),
      comment_id TEXT COLLATE "C" NOT NULL REFERENCES comments(id),
      kind TEXT COLLATE "C" NOT NULL CHECK (kind IN ('mention', 'reply')),
      created_at TEXT COLLATE "C" NOT NULL,
      read_at TEXT COLLATE "C",
      UNIQUE (person_id, comment_id)
    );
  CREATE INDEX inbox_items_person ON inbox_items(person_id, platform_id, id);
  CREATE TABLE signoffs (
      rowid BIGSERIAL NOT NULL,
      id TEXT COLLATE "C" PRIMARY KEY,
      platform_id TEXT COLLATE "C" NOT NULL REFERENCES platforms(id),
      section_id TEXT COLLATE "C" NOT NULL REFERENCES sections(id),
      org_id TEXT COLLATE "C" NOT NULL REFERENCES organizations(id),
      person_id TEXT COLLATE "C" NOT NULL REFERENCES people(id),
      decision TEXT COLLATE "C" NOT NULL CHECK (decision IN ('approve', 'changes')),
      note TEXT COLLATE "C" NOT NULL DEFAULT '',
      hash TEXT COLLATE "C" NOT NULL,
      snapshot_json TEXT COLLATE "C" NOT NULL,
      snapshot_text TEXT COLLATE "C" NOT NULL,
      created_at TEXT COLLATE "C" NOT NULL
    );
  CREATE INDEX signoffs_section ON signoffs(platform_id, section_id, org_id, created_at);
  CREATE TABLE drafting_sessions (
      id TEXT COLLATE "C" PRIMARY KEY,
      platform_id TEXT COLLATE "C" NOT NULL REFERENCES platforms(id),
      title TEXT COLLATE "C" NOT NULL,
      scheduled_start TEXT COLLATE "C",
      status TEXT COLLATE "C" NOT NULL CHECK (status IN ('planned', 'running', 'ended')),
      started_at BIGINT,
      ended_at BIGINT,
      current_item BIGINT,
      item_started_at BIGINT,
      paused_at BIGINT,
      paused_ms BIGINT NOT NULL DEFAULT 0,
      extra_ms BIGINT NOT NULL DEFAULT 0,
      follow_section_id TEXT COLLATE "C",
      follow_seq BIGINT NOT NULL DEFAULT 0,
      pen_section_id TEXT COLLATE "C",
      pen_person_id TEXT COLLATE "C" REFERENCES people(id),
      progressive BIGINT NOT NULL DEFAULT 0,
      notes TEXT COLLATE "C" NOT NULL DEFAULT '',
      created_at TEXT COLLATE "C" NOT NULL
    );
  CREATE INDEX drafting_sessions_platform ON drafting_sessions(platform_id);
  CREATE TABLE agenda_items (
      session_id TEXT COLLATE "C" NOT NULL REFERENCES drafting_sessions(id),
      position BIGINT NOT NULL,
      kind TEXT COLLATE "C" NOT NULL CHECK (kind IN ('section', 'free')),
      section_id TEXT COLLATE "C" REFERENCES sections(id),
      title TEXT COLLATE "C" NOT NULL,
      time_box_ms BIGINT NOT NULL, amendment_id TEXT COLLATE "C" REFERENCES amendments(id),
      PRIMARY KEY (session_id, position)
    );
  CREATE TABLE speaking_queue (
      id BIGSERIAL PRIMARY KEY,
      session_id TEXT COLLATE "C" NOT NULL REFERENCES drafting_sessions(id),
      item BIGINT NOT NULL,
      person_id TEXT COLLATE "C" NOT NULL REFERENCES people(id),
      org_id TEXT COLLATE "C",
      raised_at BIGINT NOT NULL,
      lowered_at BIGINT,
      called_at BIGINT
    );
  CREATE INDEX speaking_queue_session ON speaking_queue(session_id, item);
  CREATE TABLE polls (
      id TEXT COLLATE "C" PRIMARY KEY,
      session_id TEXT COLLATE "C" NOT NULL REFERENCES drafting_sessions(id),
      item BIGINT NOT NULL,
      kind TEXT COLLATE "C" NOT NULL CHECK (kind IN ('consent', 'fist')),
      question TEXT COLLATE "C" NOT NULL,
      opened_at BIGINT NOT NULL,
      closed_at BIGINT
    );
  CREATE TABLE poll_answers (
      poll_id TEXT COLLATE "C" NOT NULL REFERENCES polls(id),
      person_id TEXT COLLATE "C" NOT NULL REFERENCES people(id),
      org_id TEXT COLLATE "C",
      value TEXT COLLATE "C" NOT NULL,
      answered_at BIGINT NOT NULL,
      PRIMARY KEY (poll_id, person_id)
    );
  CREATE TABLE session_events (
      id BIGSERIAL PRIMARY KEY,
      session_id TEXT COLLATE "C" NOT NULL REFERENCES drafting_sessions(id),
      at BIGINT NOT NULL,
      kind TEXT COLLATE "C" NOT NULL,
      detail TEXT COLLATE "C" NOT NULL
    );
  CREATE INDEX session_events_session ON session_events(session_id, id);
  CREATE TABLE doc_clients (
      doc TEXT COLLATE "C" NOT NULL,
      client BIGINT NOT NULL,
      person_id TEXT COLLATE "C" NOT NULL,
      PRIMARY KEY (doc, client)
    );
  CREATE TABLE access_tokens (
      id TEXT COLLATE "C" PRIMARY KEY,
      secret_hash TEXT COLLATE "C" NOT NULL,
      person_id TEXT COLLATE "C" NOT NULL REFERENCES people(id),
      platform_id TEXT COLLATE "C" NOT NULL REFERENCES platforms(id),
      role TEXT COLLATE "C" NOT NULL,
      name TEXT COLLATE "C" NOT NULL,
      created_at TEXT COLLATE "C" NOT NULL,
      expires_at TEXT COLLATE "C",
      last_used_at TEXT COLLATE "C",
      revoked_at TEXT COLLATE "C"
    );
  CREATE INDEX access_tokens_person ON access_tokens(person_id, created_at);
  CREATE TABLE approval_notices (
      id BIGSERIAL PRIMARY KEY,
      person_id TEXT COLLATE "C" NOT NULL REFERENCES people(id),
      platform_id TEXT COLLATE "C" NOT NULL REFERENCES platforms(id),
      signoff_id TEXT COLLATE "C" NOT NULL REFERENCES signoffs(id),
      section_id TEXT COLLATE "C" NOT NULL REFERENCES sections(id),
      org_id TEXT COLLATE "C" NOT NULL REFERENCES organizations(id),
      created_at TEXT COLLATE "C" NOT NULL,
      read_at TEXT COLLATE "C", amendment_id TEXT COLLATE "C" REFERENCES amendments(id),
      UNIQUE (person_id, signoff_id)
    );
  CREATE INDEX approval_notices_person ON approval_notices(person_id, platform_id, id);
  CREATE INDEX approval_notices_signoff ON approval_notices(signoff_id);
  CREATE TABLE translation_reviews (
      platform_id TEXT COLLATE "C" NOT NULL REFERENCES platforms(id),
      section_id TEXT COLLATE "C" NOT NULL REFERENCES sections(id),
      lang TEXT COLLATE "C" NOT NULL,
      up_to_date_with TEXT COLLATE "C" NOT NULL,
      primary_json TEXT COLLATE "C" NOT NULL,
      person_id TEXT COLLATE "C" NOT NULL REFERENCES people(id),
      at TEXT COLLATE "C" NOT NULL,
      PRIMARY KEY (platform_id, section_id, lang)
    );
  CREATE TABLE section_versions (
      rowid BIGSERIAL NOT NULL,
      id TEXT COLLATE "C" PRIMARY KEY,
      platform_id TEXT COLLATE "C" NOT NULL REFERENCES platforms(id),
      section_id TEXT COLLATE "C" NOT NULL REFERENCES sections(id),
      at TEXT COLLATE "C" NOT NULL,
      reason TEXT COLLATE "C" NOT NULL,
      name TEXT COLLATE "C",
      hash TEXT COLLATE "C" NOT NULL,
      person_ids TEXT COLLATE "C" NOT NULL,
      org_ids TEXT COLLATE "C" NOT NULL,
      actor_id TEXT COLLATE "C" REFERENCES people(id),
      restored_from TEXT COLLATE "C" REFERENCES section_versions(id)
    );
  CREATE INDEX section_versions_by_section ON section_versions (platform_id, section_id);
  CREATE TABLE version_texts (
      platform_id TEXT COLLATE "C" NOT NULL REFERENCES platforms(id),
      section_id TEXT COLLATE "C" NOT NULL REFERENCES sections(id),
      hash TEXT COLLATE "C" NOT NULL,
      content TEXT COLLATE "C" NOT NULL,
      PRIMARY KEY (platform_id, section_id, hash)
    );
  CREATE TABLE server_writes (
      doc TEXT COLLATE "C" NOT NULL,
      client BIGINT NOT NULL,
      clock_from BIGINT NOT NULL,
      clock_to BIGINT NOT NULL,
      person_id TEXT COLLATE "C" NOT NULL,
      PRIMARY KEY (doc, client, clock_from)
    );
  `,
  // 2: the deployment's identity. Instances sharing this database name their
  // Redis channels after it, so two deployments on one Redis never hear each other.
  `
  CREATE TABLE cluster_identity (
      singleton BIGINT PRIMARY KEY CHECK (singleton = 1),
      deployment_id TEXT COLLATE "C" NOT NULL,
      created_at TEXT COLLATE "C" NOT NULL
    );
  INSERT INTO cluster_identity (singleton, deployment_id, created_at)
    VALUES (1, gen_random_uuid()::text, to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'));
  `,
  `
  -- Abuse limits' counts: the tables of SQLite's migration that adds them (server/store/repos/limits.ts).
  CREATE TABLE rate_events (
    id BIGSERIAL PRIMARY KEY,
    scope TEXT COLLATE "C" NOT NULL,
    subject TEXT COLLATE "C" NOT NULL,
    at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
  );
  CREATE INDEX rate_events_by_subject ON rate_events (scope, subject, at);
  CREATE INDEX rate_events_by_expiry ON rate_events (expires_at);
  CREATE TABLE sign_in_failures (
    pair TEXT COLLATE "C" PRIMARY KEY,
    failures BIGINT NOT NULL,
    last_at BIGINT NOT NULL
  );
  CREATE INDEX sign_in_failures_by_time ON sign_in_failures (last_at);
  CREATE TABLE tickets (
    hash TEXT COLLATE "C" PRIMARY KEY,
    person_id TEXT COLLATE "C" NOT NULL,
    platform_id TEXT COLLATE "C" NOT NULL,
    session_key TEXT COLLATE "C" NOT NULL,
    expires_at BIGINT NOT NULL
  );
  CREATE INDEX tickets_by_expiry ON tickets (expires_at);
  `,
]

/** A lock only the migrating instance holds: instances starting together migrate once. */
const MIGRATION_LOCK = 0x706c616d

/**
 * Applies the migrations not yet applied, each in its own transaction; returns
 * how many ran. `through` stops at that version: tests build the database an
 * earlier Plank left, then migrate it the way a newer one starting would.
 */
export function migratePostgres(connection: SyncConnection, through = MIGRATIONS.length): number {
  const last = Math.min(through, MIGRATIONS.length)
  const q = (text: string, values: Array<string | number> = []) => connection.query(text, values)
  q('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK])
  try {
    q('CREATE TABLE IF NOT EXISTS plank_migrations (version BIGINT PRIMARY KEY, applied_at TEXT NOT NULL)')
    const done = Number(q('SELECT COALESCE(MAX(version), 0) AS n FROM plank_migrations').rows[0]?.n ?? 0)
    for (let version = done + 1; version <= last; version++) {
      q('BEGIN')
      try {
        q(MIGRATIONS[version - 1]!)
        q('INSERT INTO plank_migrations (version, applied_at) VALUES ($1, $2)', [version, new Date().toISOString()])
        q('COMMIT')
      } catch (error) {
        q('ROLLBACK')
        throw error
      }
    }
    return Math.max(0, last - done)
  } finally {
    q('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK])
  }
}

/** How many migrations this version of Plank has. */
export const POSTGRES_SCHEMA_VERSION = MIGRATIONS.length
