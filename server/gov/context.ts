import type * as Y from 'yjs'
import { SINGLE_INSTANCE, type Cluster } from '../cluster/cluster.js'
import type { Store } from '../store/store.js'
import { flushAuditAnchor, recordAudit, type AuditEvent } from '../audit/audit-log.js'
import { projectGov, projectTouched } from './projection.js'
import { touchedId, type GovTouched } from './touched.js'
import { principalOn } from '../identity/principal.js'
import { CloseCode } from '../../shared/protocol.js'
import type { Principal } from '../../shared/policy.js'
import { tokenConnectionPrincipal, tokenIdOfConnectionKey } from '../identity/access-tokens.js'

/**
 * What governance needs of the platforms live in memory (the documents
 * service, server/documents/documents.ts, provides it): the loaded document
 * to project into, and the open connections whose principal a role change
 * replaces.
 */
export interface LivePlatforms {
  /** The platform's document if it is loaded, else null (a load projects gov in full). */
  loaded(platformId: string): Y.Doc | null
  connectionsOn(platformId: string): Iterable<{ principal: Principal; readonly sessionKey: string; close(code: number, reason: string): void }>
}

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
  /** Per platform: the keys touched by batched changes not yet projected, and the timer that projects them. */
  private readonly batched = new Map<string, { timer: NodeJS.Timeout; touched: Map<string, GovTouched> }>()
  /** Told of every committed change's audit events (the versions kept at sign-offs, locks, adoption: server/versions/). */
  private readonly committedListeners: Array<(platformId: string, events: readonly AuditEvent[]) => void> = []

  constructor(
    readonly store: Store,
    private readonly live: LivePlatforms,
    /** The other instances (multi-instance mode): told of every projection and principal change. */
    private readonly cluster: Cluster = SINGLE_INSTANCE,
  ) {}

  /**
   * Runs `change` and records `audit` atomically, then re-projects the gov
   * entries the change `touched` (server/gov/touched.ts), and only those.
   * `audit` and `touched` may be computed from what `change` returns (what
   * was decided inside the transaction).
   */
  commit<T>(
    platformId: string,
    audit: AuditEvent | AuditEvent[] | ((value: T) => AuditEvent | AuditEvent[]),
    change: () => T,
    touched: GovTouched[] | ((value: T) => GovTouched[]),
    urgency: Urgency = 'now',
  ): T {
    let keys: GovTouched[] = []
    let recorded: AuditEvent[] = []
    const result = this.store.transaction(() => {
      const value = change()
      const events = typeof audit === 'function' ? audit(value) : audit
      recorded = Array.isArray(events) ? events : [events]
      for (const event of recorded) recordAudit(this.store, event)
      keys = typeof touched === 'function' ? touched(value) : touched
      return value
    })
    flushAuditAnchor(this.store)
    for (const listener of this.committedListeners) listener(platformId, recorded)
    if (urgency === 'now') this.reproject(platformId, keys)
    else {
      let pending = this.batched.get(platformId)
      if (!pending) {
        pending = { timer: setTimeout(() => this.reproject(platformId, []), BATCH_MS), touched: new Map() }
        this.batched.set(platformId, pending)
      }
      for (const key of keys) pending.touched.set(touchedId(key), key)
    }
    return result
  }

  /** Calls `listener` after each commit with its audit events (it must not throw, nor change the document before the commit's caller returns). */
  onCommitted(listener: (platformId: string, events: readonly AuditEvent[]) => void): void {
    this.committedListeners.push(listener)
  }

  /**
   * Projects `touched` now, with the keys of batched changes still waiting
   * (they go out with it). Without `touched`, projects everything, as a load
   * does: for rows written to the store directly (tests, seeding).
   */
  reproject(platformId: string, touched?: readonly GovTouched[]): void {
    const pending = this.batched.get(platformId)
    if (pending) clearTimeout(pending.timer)
    this.batched.delete(platformId)
    const keys = touched ? new Map(pending?.touched) : null
    for (const key of touched ?? []) keys?.set(touchedId(key), key)
    const projected = this.reprojectHere(platformId, keys && [...keys.values()])
    // Instances holding the document live get it through the update event if it was projected here; else they project it.
    if (keys === null || keys.size > 0) this.cluster.publish({ kind: 'gov', platformId, touched: keys && [...keys.values()], projected })
  }

  /**
   * Projects `touched` (null: everything) into the document if it is live on
   * this instance; returns whether it was. Another instance's change arrives
   * here directly (cluster events, server/cluster/cluster-events.ts).
   */
  reprojectHere(platformId: string, touched: readonly GovTouched[] | null): boolean {
    const doc = this.live.loaded(platformId)
    if (!doc) return false
    if (touched === null) projectGov(doc, this.store, platformId)
    else if (touched.length > 0) projectTouched(doc, this.store, platformId, touched)
    return true
  }

  /** A platform's document was loaded: gov is rebuilt in full from the database. */
  loaded(platformId: string, doc: Y.Doc): void {
    projectGov(doc, this.store, platformId)
  }

  /**
   * A platform's document leaves memory: what batched changes were waiting
   * to project is not projected here, since the next load rebuilds gov in
   * full, but other instances holding the document live are told now: they
   * would otherwise never hear of it.
   */
  unloading(platformId: string): void {
    const pending = this.batched.get(platformId)
    if (!pending) return
    clearTimeout(pending.timer)
    this.batched.delete(platformId)
    if (pending.touched.size > 0) this.cluster.publish({ kind: 'gov', platformId, touched: [...pending.touched.values()], projected: false })
  }

  /** Re-reads a person's role on their open connections, on every instance; closes them if they are no longer a member. */
  refreshPrincipals(platformId: string, personId: string): void {
    this.refreshPrincipalsHere(platformId, personId)
    this.cluster.publish({ kind: 'principals', platformId, personId })
  }

  /** refreshPrincipals on this instance's connections only. */
  refreshPrincipalsHere(platformId: string, personId: string): void {
    const connections = [...this.live.connectionsOn(platformId)]
    if (connections.length === 0) return
    const principal = principalOn(this.store, platformId, personId)
    for (const conn of connections) {
      if (conn.principal.personId !== personId) continue
      // A connection opened with an access token keeps at most the token's role.
      const tokenId = tokenIdOfConnectionKey(conn.sessionKey)
      const current = tokenId === null ? principal : tokenConnectionPrincipal(this.store, tokenId)
      if (current) conn.principal = current
      else conn.close(CloseCode.UnknownPlatform, 'no longer a member of this platform')
    }
  }
}
