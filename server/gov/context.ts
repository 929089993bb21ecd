import type { Store } from '../store/store.js'
import type { Rooms } from '../relay/rooms.js'
import { flushAuditAnchor, recordAudit, type AuditEvent } from '../audit/audit-log.js'
import { projectGov } from './projection.js'
import { principalOn } from '../identity/principal.js'
import { CloseCode } from '../../shared/protocol.js'

/**
 * What every governance change does after validating: change the database
 * and append the audit entry in one transaction, then write `gov` into the
 * live document (the normal Yjs sync delivers it), then apply the change to
 * open connections at once.
 */
/**
 * How soon `gov` must show a change. 'now': before the request returns, for
 * anything the relay decides permissions with (locks, owners, roles, the
 * pen, adoption). 'batched': within BATCH_MS, merged with other changes, for
 * high-frequency changes that decide nothing (hands, poll answers, comments):
 * 300 people answering a poll at once then cost a few projections and
 * broadcasts instead of 300.
 */
export type Urgency = 'now' | 'batched'
const BATCH_MS = 40

export class GovContext {
  private readonly batched = new Map<string, NodeJS.Timeout>()

  constructor(
    readonly store: Store,
    private readonly rooms: Rooms,
  ) {}

  /**
   * Runs `change` and records `audit` atomically, then reprojects the
   * platform. `audit` may be computed from what `change` returns (what was
   * decided inside the transaction).
   */
  commit<T>(platformId: string, audit: AuditEvent | AuditEvent[] | ((value: T) => AuditEvent | AuditEvent[]), change: () => T, urgency: Urgency = 'now'): T {
    const result = this.store.transaction(() => {
      const value = change()
      const events = typeof audit === 'function' ? audit(value) : audit
      for (const event of Array.isArray(events) ? events : [events]) recordAudit(this.store, event)
      return value
    })
    flushAuditAnchor(this.store)
    if (urgency === 'now') this.reproject(platformId)
    else if (!this.batched.has(platformId)) {
      const timer = setTimeout(() => this.reproject(platformId), BATCH_MS)
      this.batched.set(platformId, timer)
    }
    return result
  }

  reproject(platformId: string): void {
    const pending = this.batched.get(platformId)
    if (pending) clearTimeout(pending)
    this.batched.delete(platformId)
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
