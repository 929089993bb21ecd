import type { SqlDatabase } from '../sql-database.js'
import type { Role } from '../../../shared/roles.js'
import type { AccessTokenRow, AccessTokenStore } from '../store.js'

interface Row {
  id: string
  secret_hash: string
  person_id: string
  platform_id: string
  role: Role
  name: string
  created_at: string
  expires_at: string | null
  last_used_at: string | null
  revoked_at: string | null
}

const toToken = (r: Row): AccessTokenRow => ({
  id: r.id,
  secretHash: r.secret_hash,
  personId: r.person_id,
  platformId: r.platform_id,
  role: r.role,
  name: r.name,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  lastUsedAt: r.last_used_at,
  revokedAt: r.revoked_at,
})

/** Personal access tokens: rows hold the secret's hash, never the secret. */
export function accessTokensRepo(db: SqlDatabase): AccessTokenStore {
  const q = {
    insert: db.prepare<[string, string, string, string, Role, string, string, string | null]>(
      `INSERT INTO access_tokens (id, secret_hash, person_id, platform_id, role, name, created_at, expires_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    get: db.prepare<[string], Row>('SELECT * FROM access_tokens WHERE id = ?'),
    list: db.prepare<[string], Row>('SELECT * FROM access_tokens WHERE person_id = ? ORDER BY created_at DESC, id'),
    revoke: db.prepare<[string, string]>('UPDATE access_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL'),
    used: db.prepare<[string, string]>('UPDATE access_tokens SET last_used_at = ? WHERE id = ?'),
  }
  return {
    createAccessToken(t) {
      q.insert.run(t.id, t.secretHash, t.personId, t.platformId, t.role, t.name, t.createdAt, t.expiresAt)
    },
    getAccessToken(tokenId) {
      const row = q.get.get(tokenId)
      return row ? toToken(row) : null
    },
    listAccessTokens: (personId) => q.list.all(personId).map(toToken),
    revokeAccessToken(tokenId, at) {
      q.revoke.run(at, tokenId)
    },
    markAccessTokenUsed(tokenId, at) {
      q.used.run(at, tokenId)
    },
  }
}
