import type { SqlDatabase } from '../sql-database.js'
import type { Role } from '../../../shared/roles.js'
import type { InvitationRow, InvitationStore } from '../store.js'

interface Row {
  id: string
  token_hash: string
  platform_id: string
  role: Role
  org_id: string | null
  name: string | null
  created_by: string
  created_at: string
  expires_at: string
  used_at: string | null
  used_by: string | null
  revoked_at: string | null
}

const toInvitation = (r: Row): InvitationRow => ({
  id: r.id,
  tokenHash: r.token_hash,
  platformId: r.platform_id,
  role: r.role,
  orgId: r.org_id,
  name: r.name,
  createdBy: r.created_by,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  usedAt: r.used_at,
  usedBy: r.used_by,
  revokedAt: r.revoked_at,
})

/** Invitations and the first-run setup token. */
export function invitationsRepo(db: SqlDatabase): InvitationStore {
  const q = {
    insert: db.prepare<[string, string, string, Role, string | null, string | null, string, string, string]>(
      `INSERT INTO invitations (id, token_hash, platform_id, role, org_id, name, created_by, created_at, expires_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    get: db.prepare<[string, string], Row>('SELECT * FROM invitations WHERE platform_id = ? AND id = ?'),
    byToken: db.prepare<[string], Row>('SELECT * FROM invitations WHERE token_hash = ?'),
    list: db.prepare<[string], Row>('SELECT * FROM invitations WHERE platform_id = ? ORDER BY created_at DESC, id'),
    markUsed: db.prepare<[string, string, string]>('UPDATE invitations SET used_at = ?, used_by = ? WHERE id = ? AND used_at IS NULL'),
    revoke: db.prepare<[string, string]>('UPDATE invitations SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL'),
    insertSetup: db.prepare<[string, string]>('INSERT INTO setup_tokens (token_hash, created_at) VALUES (?, ?)'),
    useSetup: db.prepare<[string, string]>('UPDATE setup_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL'),
    getSetup: db.prepare<[string], { created_at: string; used_at: string | null }>('SELECT created_at, used_at FROM setup_tokens WHERE token_hash = ?'),
  }
  return {
    createInvitation: (i) => void q.insert.run(i.id, i.tokenHash, i.platformId, i.role, i.orgId, i.name, i.createdBy, i.createdAt, i.expiresAt),
    getInvitation(platformId, invitationId) {
      const row = q.get.get(platformId, invitationId)
      return row ? toInvitation(row) : null
    },
    findInvitationByTokenHash(tokenHash) {
      const row = q.byToken.get(tokenHash)
      return row ? toInvitation(row) : null
    },
    listInvitations: (platformId) => q.list.all(platformId).map(toInvitation),
    markInvitationUsed: (invitationId, personId, at) => void q.markUsed.run(at, personId, invitationId),
    revokeInvitation: (invitationId, at) => void q.revoke.run(at, invitationId),
    putSetupToken(tokenHash, at) {
      q.insertSetup.run(tokenHash, at)
    },
    useSetupToken: (tokenHash, at) => q.useSetup.run(at, tokenHash).changes === 1,
    getSetupToken(tokenHash) {
      const row = q.getSetup.get(tokenHash)
      return row ? { createdAt: row.created_at, usedAt: row.used_at } : null
    },
  }
}
