import type { Store } from '../store/store.js'
import type { Rooms } from '../relay/rooms.js'
import { recordAudit, type AuditEvent } from '../audit/audit-log.js'
import { projectGov } from './projection.js'
import { principalOn } from '../identity/principal.js'
import { CloseCode } from '../../shared/protocol.js'

/**
 * What every governance change does after validating: change the database
 * and append the audit entry in one transaction, then write `gov` into the
 * live document (the normal Yjs sync delivers it), then apply the change to
 * open connections at once.
 */
export class GovContext {
  constructor(
    readonly store: Store,
    private readonly rooms: Rooms,
  ) {}

  /** Runs `change` and records `audit` atomically, then reprojects the platform. */
  commit<T>(platformId: string, audit: AuditEvent | AuditEvent[], change: () => T): T {
    const result = this.store.transaction(() => {
      const value = change()
      for (const event of Array.isArray(audit) ? audit : [audit]) recordAudit(this.store, event)
      return value
    })
    this.reproject(platformId)
    return result
  }

  reproject(platformId: string): void {
    const room = this.rooms.get(platformId)
    if (room && !room.failed) projectGov(room.doc, this.store, platformId)
  }

  /** Re-reads a person's role on their open connections; closes them if they are no longer a member. */
  refreshPrincipals(platformId: string, personId: string): void {
    const room = this.rooms.get(platformId)
    if (!room) return
    const principal = principalOn(this.store, platformId, personId)
    for (const conn of [...room.connections]) {
      if (conn.principal.personId !== personId) continue
      if (principal) conn.principal = principal
      else conn.close(CloseCode.UnknownPlatform, 'no longer a member of this platform')
    }
  }
}
