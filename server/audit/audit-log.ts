import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { canonicalJson } from '../../shared/canonical-json.js'
import type { AuditRow, AuditStore } from '../store/store.js'

/**
 * The append-only, hash-chained audit log, anchored outside the database
 * (issue 11, finding 14):
 * - each platform's entries form their own chain, numbered 1, 2, 3…
 *   (`platformSeq`; entries of no platform form one more chain), so reading
 *   one platform's log says nothing about the others;
 * - each entry carries an HMAC of its hash with the server's audit key,
 *   which lives outside the database (PLANK_AUDIT_KEY, or the file
 *   `audit.key` in the data folder): whoever can write the database but not
 *   read the key cannot rewrite an entry and re-hash the chain;
 * - the head of every chain (count and hash), signed with the same key, is
 *   written after each append to `audit-anchor.json` next to the database:
 *   removing entries from the end of a chain no longer goes unnoticed;
 * - an adopted platform's export carries its chain's head, so anyone holding
 *   the export can check the log against it.
 */
export const GENESIS_HASH = '0'.repeat(64)
export const AUDIT_KEY_FILE = 'audit.key'
export const AUDIT_ANCHOR_FILE = 'audit-anchor.json'

export interface AuditEvent {
  platformId: string | null
  actorId: string | null
  action: string
  detail: Record<string, unknown>
}

/** What every entry's hash covers, whichever rule hashes it. */
const entryContent = (row: Omit<AuditRow, 'seq' | 'hash' | 'mac' | 'platformSeq'>) => ({
  platformId: row.platformId,
  actorId: row.actorId,
  action: row.action,
  detail: row.detail,
  createdAt: row.createdAt,
  prevHash: row.prevHash,
})

const sha256OfJson = (value: unknown): string => createHash('sha256').update(canonicalJson(value)).digest('hex')

/** The hash of an entry covers its content, its place in its chain and the previous entry's hash. */
export function entryHash(row: Omit<AuditRow, 'seq' | 'hash' | 'mac'>): string {
  return sha256OfJson({ ...entryContent(row), platformSeq: row.platformSeq })
}

/** The hash entries had before chains were per platform (one global chain): used once, to check them before sealing. */
function legacyEntryHash(row: AuditRow): string {
  return sha256OfJson(entryContent(row))
}

const hmac = (key: Buffer, text: string): string => createHmac('sha256', key).update(text).digest('hex')
const sameHex = (a: string, b: string): boolean => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b))

/** A chain's name in the anchor: the platform id, or '' for entries of no platform. */
const chainOf = (platformId: string | null): string => platformId ?? ''

export interface ChainHead {
  count: number
  hash: string
}

export interface AuditAnchor {
  version: 1
  chains: Record<string, ChainHead>
  mac: string
}

const anchorMac = (key: Buffer, chains: Record<string, ChainHead>): string => hmac(key, canonicalJson({ version: 1, chains }))

/**
 * The audit key: PLANK_AUDIT_KEY if set (at least 32 characters), else the
 * file `audit.key` in the data folder, created on first start (32 random
 * bytes, hex, mode 0600) unless `create` is false.
 */
export function loadAuditKey(dataDir: string, fromEnv: string | null, create = true): { key: Buffer; created: boolean; source: string } {
  if (fromEnv !== null && fromEnv !== '') {
    if (fromEnv.length < 32) throw new Error('PLANK_AUDIT_KEY must be at least 32 characters long')
    return { key: Buffer.from(fromEnv, 'utf8'), created: false, source: 'PLANK_AUDIT_KEY' }
  }
  const file = join(dataDir, AUDIT_KEY_FILE)
  if (existsSync(file)) {
    const text = readFileSync(file, 'utf8').trim()
    if (!/^[0-9a-f]{64}$/.test(text)) throw new Error(`${file} must hold 64 hexadecimal characters`)
    return { key: Buffer.from(text, 'hex'), created: false, source: file }
  }
  if (!create) throw new Error(`No audit key: set PLANK_AUDIT_KEY or provide ${file}`)
  mkdirSync(dataDir, { recursive: true })
  const key = randomBytes(32)
  writeFileSync(file, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' })
  return { key, created: true, source: file }
}

/** The anchor file as written, or null if there is none; throws on a file that is not an anchor. */
export function readAnchorFile(file: string): AuditAnchor | null {
  if (!existsSync(file)) return null
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<AuditAnchor>
  if (parsed.version !== 1 || typeof parsed.chains !== 'object' || parsed.chains === null || typeof parsed.mac !== 'string') {
    throw new Error(`${file} is not an audit anchor`)
  }
  return parsed as AuditAnchor
}

export type AuditVerification =
  | { ok: true; entries: number /** Entries after the anchored head (written just before a crash, or not flushed yet). */; unanchored: number }
  | {
      ok: false
      /** The table row at fault, when there is one (not for removed entries). Internal: not shown per platform. */
      seq: number | null
      platformId: string | null
      /** The entry's number in its platform's chain. */
      platformSeq: number
      problem: string
    }

export interface VerifyOptions {
  /** Checks each entry's HMAC (and the anchor's) when given. */
  key?: Buffer
  /** The anchored heads; every chain it names must reach at least that far, through that very entry. */
  anchor?: AuditAnchor | null
  /** Which chains the anchor is checked for: all it names (default), or only these. */
  chains?: Array<string | null>
}

/**
 * Walks every chain in `rows`; names the first entry that does not match.
 * With the key, every entry must carry the server's HMAC; with the anchor,
 * no chain may end before its anchored head or differ from it.
 */
export function verifyAuditChain(rows: AuditRow[], options: VerifyOptions = {}): AuditVerification {
  const byChain = new Map<string, AuditRow[]>()
  for (const row of rows) {
    const list = byChain.get(chainOf(row.platformId)) ?? []
    list.push(row)
    byChain.set(chainOf(row.platformId), list)
  }
  let unanchored = 0
  const { key, anchor } = options
  if (anchor && key && !sameHex(anchor.mac, anchorMac(key, anchor.chains))) {
    return {
      ok: false,
      seq: null,
      platformId: null,
      platformSeq: 0,
      problem: 'the anchor file does not carry the server’s signature (it was changed, or the key is not the one that wrote it)',
    }
  }
  for (const [chain, list] of byChain) {
    let prev = GENESIS_HASH
    let expected = 1
    for (const row of list) {
      const at = { seq: row.seq, platformId: row.platformId, platformSeq: expected }
      if (row.platformSeq !== expected) return { ok: false, ...at, seq: null, problem: `entry ${expected} is missing` }
      if (row.prevHash !== prev) return { ok: false, ...at, problem: 'does not follow the previous entry (an entry before it was changed or removed)' }
      if (entryHash(row) !== row.hash) return { ok: false, ...at, problem: 'its content does not match its hash (it was changed)' }
      if (key && row.mac === null) return { ok: false, ...at, problem: 'it is not signed with the server’s audit key' }
      if (key && !sameHex(row.mac!, hmac(key, row.hash))) {
        return { ok: false, ...at, problem: 'its signature does not match (it was rewritten and re-hashed without the server’s key)' }
      }
      prev = row.hash
      expected++
    }
    const head = anchor?.chains[chain]
    if (anchor && head === undefined && list.length > 0 && (options.chains === undefined || options.chains.some((c) => chainOf(c) === chain))) {
      unanchored += list.length
    }
  }
  if (anchor) {
    const names = options.chains === undefined ? Object.keys(anchor.chains) : options.chains.map(chainOf)
    for (const chain of names) {
      const head = anchor.chains[chain]
      if (!head) continue
      const list = byChain.get(chain) ?? []
      const platformId = chain === '' ? null : chain
      if (list.length < head.count) {
        return {
          ok: false,
          seq: null,
          platformId,
          platformSeq: list.length + 1,
          problem: `entries ${list.length + 1} to ${head.count} were removed from the end (the anchor records ${head.count})`,
        }
      }
      const anchored = list[head.count - 1]
      if (anchored && anchored.hash !== head.hash) {
        return { ok: false, seq: anchored.seq, platformId, platformSeq: head.count, problem: 'it is not the entry the anchor records (the log was rewritten)' }
      }
      unanchored += list.length - head.count
    }
  }
  return { ok: true, entries: rows.length, unanchored }
}

/** The audit log of one store: appends, signs, anchors and verifies. */
export class AuditLog {
  private anchor: AuditAnchor
  private readonly dirty = new Set<string | null>()
  private flushScheduled = false

  constructor(
    readonly store: AuditStore,
    private readonly key: Buffer,
    readonly anchorFile: string,
    private readonly log: (line: string) => void,
  ) {
    this.anchor = { version: 1, chains: {}, mac: anchorMac(key, {}) }
  }

  /** Appends one governance action. Call inside the transaction that made the change. */
  record(event: AuditEvent): void {
    const head = this.store.auditHead(event.platformId)
    const row = {
      platformId: event.platformId,
      platformSeq: (head?.platformSeq ?? 0) + 1,
      actorId: event.actorId,
      action: event.action,
      detail: canonicalJson(event.detail),
      createdAt: new Date().toISOString(),
      prevHash: head?.hash ?? GENESIS_HASH,
    }
    const hash = entryHash(row)
    this.store.appendAudit({ ...row, hash, mac: hmac(this.key, hash) })
    this.dirty.add(event.platformId)
    // After the current synchronous step the transaction has committed (or
    // rolled back): the anchor then follows what is really stored.
    if (!this.flushScheduled) {
      this.flushScheduled = true
      setImmediate(() => this.flushAnchor())
    }
  }

  /**
   * Writes the heads of the chains appended to since the last flush. A head
   * only moves forward along its chain: if the stored chain no longer
   * passes through the anchored head (entries were removed or rewritten
   * behind the server's back), the anchor stays where it was, and says so.
   */
  flushAnchor(): void {
    this.flushScheduled = false
    if (this.dirty.size === 0) return
    const chains = { ...this.anchor.chains }
    for (const platformId of this.dirty) {
      const chain = chainOf(platformId)
      const head = this.store.auditHead(platformId)
      if (!head) continue
      const anchored = chains[chain]
      if (anchored) {
        const through = this.store.auditEntry(platformId, anchored.count)
        if (!through || through.hash !== anchored.hash) {
          this.log(
            `AUDIT: the stored chain of ${platformId ?? 'entries of no platform'} no longer passes through its anchored entry ${anchored.count}: the anchor is kept; run npm run audit:verify`,
          )
          continue
        }
      }
      chains[chain] = { count: head.platformSeq, hash: head.hash }
    }
    this.dirty.clear()
    this.writeAnchor(chains)
  }

  private writeAnchor(chains: Record<string, ChainHead>): void {
    const anchor: AuditAnchor = { version: 1, chains, mac: anchorMac(this.key, chains) }
    const temp = `${this.anchorFile}.${process.pid}.tmp`
    try {
      writeFileSync(temp, `${JSON.stringify(anchor, null, 1)}\n`, { mode: 0o600 })
      renameSync(temp, this.anchorFile)
      this.anchor = anchor
    } catch (error) {
      // The entries are stored and signed; only the tail check lags until the next append.
      this.log(`AUDIT: could not write ${this.anchorFile}: ${(error as Error).message}`)
    }
  }

  /** A chain's head as anchored now: what an adopted platform's export carries. */
  head(platformId: string): ChainHead {
    const head = this.store.auditHead(platformId)
    return { count: head?.platformSeq ?? 0, hash: head?.hash ?? GENESIS_HASH }
  }

  /** One platform's chain (for its facilitators: nothing about other platforms), or every chain. */
  verify(platformId?: string): AuditVerification {
    const rows = this.store.listAudit(platformId)
    return verifyAuditChain(rows, { key: this.key, anchor: this.anchor, ...(platformId !== undefined ? { chains: [platformId] } : {}) })
  }

  /**
   * Opening: entries written before chains were per platform and signed are
   * checked with the old rule and, if intact, sealed (re-chained per
   * platform and signed); then the anchor is read, or built if there is none.
   */
  open(keyCreated: boolean): void {
    const rows = this.store.listAudit()
    let sealed = false
    if (rows.length > 0 && rows.every((r) => r.mac === null)) sealed = this.seal(rows)
    else if (rows.some((r) => r.mac === null)) this.log('AUDIT: some entries are not signed; npm run audit:verify names them')
    let existing: AuditAnchor | null = null
    try {
      existing = readAnchorFile(this.anchorFile)
    } catch (error) {
      this.log(`AUDIT: ${(error as Error).message}; it is kept for inspection and not trusted`)
    }
    if (existing) {
      if (!sameHex(existing.mac, anchorMac(this.key, existing.chains))) {
        this.log(`AUDIT: ${this.anchorFile} does not carry the server's signature (changed, or another key); npm run audit:verify reports it`)
      }
      this.anchor = existing
      return
    }
    const heads: Record<string, ChainHead> = {}
    for (const row of this.store.listAudit()) heads[chainOf(row.platformId)] = { count: row.platformSeq, hash: row.hash }
    if (rows.length > 0 && !keyCreated && !sealed) {
      // Someone removed the anchor: say so loudly and keep the fact in the log itself.
      this.log(`AUDIT: ${this.anchorFile} is missing; rebuilt from the database (entries removed before now cannot be detected)`)
      this.writeAnchor(heads)
      this.record({ platformId: null, actorId: null, action: 'audit.anchor.rebuilt', detail: { chains: Object.keys(heads).length } })
      this.flushAnchor()
      return
    }
    this.writeAnchor(heads)
  }

  private seal(rows: AuditRow[]): boolean {
    let prev = GENESIS_HASH
    for (const row of rows) {
      if (row.prevHash !== prev || legacyEntryHash(row) !== row.hash) {
        this.log(`AUDIT: the audit log was already broken at entry ${row.seq} before it could be signed; it is left as it is`)
        return false
      }
      prev = row.hash
    }
    const heads = new Map<string, string>()
    const resealed = rows.map((row) => {
      const chain = chainOf(row.platformId)
      const next = { ...row, prevHash: heads.get(chain) ?? GENESIS_HASH }
      const hash = entryHash(next)
      heads.set(chain, hash)
      return { seq: row.seq, platformSeq: row.platformSeq, prevHash: next.prevHash, hash, mac: hmac(this.key, hash) }
    })
    this.store.resealAudit(resealed)
    this.log(`Audit log: ${rows.length} earlier entries checked, re-chained per platform and signed.`)
    return true
  }
}

const logs = new WeakMap<AuditStore, AuditLog>()

/** Opens the audit log of a store with its key and anchor (in `dataDir`); every append goes through it. */
export function openAuditLog(store: AuditStore, options: { dataDir: string; key: string | null; log: (line: string) => void }): AuditLog {
  const { key, created } = loadAuditKey(options.dataDir, options.key)
  const auditLog = new AuditLog(store, key, join(options.dataDir, AUDIT_ANCHOR_FILE), options.log)
  auditLog.open(created)
  logs.set(store, auditLog)
  const keyFile = join(options.dataDir, AUDIT_KEY_FILE)
  if (options.key === null && existsSync(keyFile) && (statSync(keyFile).mode & 0o077) !== 0) {
    options.log(`AUDIT: ${keyFile} is readable by other users: chmod 600 it`)
  }
  return auditLog
}

export function auditLogOf(store: AuditStore): AuditLog {
  const auditLog = logs.get(store)
  if (!auditLog) throw new Error('The audit log of this store is not open (openAuditLog)')
  return auditLog
}

/** Appends one governance action. Call inside the transaction that made the change. */
export const recordAudit = (store: AuditStore, event: AuditEvent): void => auditLogOf(store).record(event)

/** After a committing transaction: moves the anchor to the new heads at once. */
export const flushAuditAnchor = (store: AuditStore): void => logs.get(store)?.flushAnchor()

/** A platform's verification as its facilitators see it: numbers of its own chain only. */
export const publicVerification = (v: AuditVerification): { ok: true; entries: number } | { ok: false; seq: number; problem: string } =>
  v.ok ? { ok: true, entries: v.entries } : { ok: false, seq: v.platformSeq, problem: v.problem }
