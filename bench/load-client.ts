/**
 * A minimal y-websocket client for the load generator: the y-protocols sync
 * handshake and update messages over `ws`, nothing else (no awareness, no
 * reconnect). Two hundred stock WebsocketProviders in one process would spend
 * the bench's CPU on awareness timers and on applying every update to every
 * reader's Y.Doc; this client lets readers only record what arrives, so the
 * machine's time goes to the servers under test. Both servers get exactly the
 * same client.
 */
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { performance } from 'node:perf_hooks'
import WebSocket from 'ws'
import * as Y from 'yjs'

const MSG_SYNC = 0
const SYNC_STEP1 = 0
const SYNC_STEP2 = 1
const SYNC_UPDATE = 2
/** Plank's "Refused" message (shared/protocol.ts); the peer never sends it. */
const MSG_REFUSED = 101

export type ClientMode =
  /** Keeps a live Y.Doc: writers, and the clients that verify content. */
  | 'apply'
  /** Keeps the raw updates only; they are applied after the timed phase to verify. */
  | 'record'

export type UpdateListener = (update: Uint8Array, at: number, from: 'step2' | 'update') => void

export interface ClientOptions {
  url: string
  /** Sent on the upgrade request (Plank's session cookie). */
  headers?: Record<string, string>
  mode: ClientMode
  onUpdate?: UpdateListener
  /**
   * 'record' mode only: updates for which this returns true are applied to the
   * live doc instead of being recorded (e.g. only what the server writes to gov).
   * Called after onUpdate.
   */
  applyWhen?: (update: Uint8Array, from: 'step2' | 'update') => boolean
  /** 'record' mode only: updates for which this returns false are neither applied nor recorded. */
  recordWhen?: (update: Uint8Array, from: 'step2' | 'update') => boolean
  /** Bytes of the sync step 2 are kept in `received` only if true (the storm's 1 MB replies add up). */
  keepStep2?: boolean
}

export interface CloseInfo {
  code: number
  reason: string
  at: number
}

export class LoadClient {
  readonly doc = new Y.Doc()
  /** Updates received in 'record' mode (sync step 2 first), in arrival order. */
  readonly received: Uint8Array[] = []
  readonly startedAt = performance.now()
  openedAt: number | null = null
  syncedAt: number | null = null
  step2Bytes = 0
  closed: CloseInfo | null = null
  refusals: string[] = []
  errors: string[] = []
  /** Local edits made while the socket was not open (they were never sent). */
  unsent = 0
  readonly synced: Promise<void>
  private readonly ws: WebSocket

  constructor(private readonly opts: ClientOptions) {
    this.ws = new WebSocket(opts.url, { headers: opts.headers })
    this.ws.binaryType = 'nodebuffer'
    this.synced = new Promise<void>((resolve, reject) => {
      this.resolveSynced = resolve
      this.rejectSynced = reject
    })
    // A failed connection must not become an unhandled rejection if nobody awaits it.
    this.synced.catch(() => undefined)
    this.ws.on('open', () => {
      this.openedAt = performance.now()
      const enc = encoding.createEncoder()
      encoding.writeVarUint(enc, MSG_SYNC)
      encoding.writeVarUint(enc, SYNC_STEP1)
      encoding.writeVarUint8Array(enc, Y.encodeStateVector(this.doc))
      this.ws.send(encoding.toUint8Array(enc))
    })
    this.ws.on('message', (data: Buffer) => this.onMessage(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)))
    this.ws.on('error', (err) => this.errors.push(err.message))
    this.ws.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString(), at: performance.now() }
      this.rejectSynced(new Error(`closed ${code} ${reason.toString()} before sync`))
    })
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === this) return // came from the server
      if (this.ws.readyState !== WebSocket.OPEN) {
        this.unsent++
        return
      }
      this.ws.send(syncUpdateMessage(update))
    })
  }

  private resolveSynced: () => void = () => undefined
  private rejectSynced: (err: Error) => void = () => undefined

  get open(): boolean {
    return this.ws.readyState === WebSocket.OPEN
  }

  /** Sends a raw protocol message (e.g. awareness) if the socket is open. */
  send(message: Uint8Array): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(message)
  }

  get bufferedAmount(): number {
    return this.ws.bufferedAmount
  }

  private onMessage(msg: Uint8Array): void {
    const at = performance.now()
    const dec = decoding.createDecoder(msg)
    const type = decoding.readVarUint(dec)
    if (type === MSG_REFUSED) {
      this.refusals.push(decoding.readVarString(dec))
      return
    }
    if (type !== MSG_SYNC) return // awareness, query-awareness, save acks: not measured
    const syncType = decoding.readVarUint(dec)
    if (syncType === SYNC_STEP1) {
      // Answer with what we have that the server lacks (nothing, for a reader).
      const sv = decoding.readVarUint8Array(dec)
      const enc = encoding.createEncoder()
      encoding.writeVarUint(enc, MSG_SYNC)
      encoding.writeVarUint(enc, SYNC_STEP2)
      encoding.writeVarUint8Array(enc, Y.encodeStateAsUpdate(this.doc, sv))
      this.ws.send(encoding.toUint8Array(enc))
      return
    }
    if (syncType !== SYNC_STEP2 && syncType !== SYNC_UPDATE) return
    const update = decoding.readVarUint8Array(dec)
    const from = syncType === SYNC_STEP2 ? 'step2' : 'update'
    this.opts.onUpdate?.(update, at, from)
    if (this.opts.mode === 'apply' || this.opts.applyWhen?.(update, from)) Y.applyUpdate(this.doc, update, this)
    // Copy: the decoded bytes are a view into ws's read buffer (often 64 KB),
    // and keeping thousands of views would keep those buffers alive.
    else if (this.opts.recordWhen && !this.opts.recordWhen(update, from)) {
      // Dropped on purpose (the caller keeps what it needs).
    } else if (from === 'update' || this.opts.keepStep2 !== false) this.received.push(update.slice())
    if (from === 'step2') {
      this.step2Bytes += update.byteLength
      if (this.syncedAt === null) {
        this.syncedAt = at
        this.resolveSynced()
      }
    }
  }

  /** Resolves once everything this client sent has left its socket buffer. */
  async flushed(timeoutMs = 30_000): Promise<boolean> {
    const deadline = performance.now() + timeoutMs
    while (this.open && this.ws.bufferedAmount > 0) {
      if (performance.now() > deadline) return false
      await new Promise((r) => setTimeout(r, 10))
    }
    return true
  }

  /** The document as this client saw it: its live doc, or its recorded updates applied now. */
  materialize(): Y.Doc {
    if (this.opts.mode === 'apply') return this.doc
    const doc = new Y.Doc()
    Y.applyUpdate(doc, Y.mergeUpdates([Y.encodeStateAsUpdate(this.doc), ...this.received]))
    return doc
  }

  async close(): Promise<void> {
    if (this.closed) return
    const done = new Promise<void>((r) => this.ws.once('close', () => r()))
    this.ws.close()
    await done
  }

  /** For a server that stopped answering: drop the socket without a closing handshake. */
  terminate(): void {
    this.ws.terminate()
  }
}

export function syncUpdateMessage(update: Uint8Array): Uint8Array {
  const enc = encoding.createEncoder()
  encoding.writeVarUint(enc, MSG_SYNC)
  encoding.writeVarUint(enc, SYNC_UPDATE)
  encoding.writeVarUint8Array(enc, update)
  return encoding.toUint8Array(enc)
}

/** Opens `count` clients, `concurrency` handshakes at a time; returns them all (some may have failed). */
export async function connectAll(
  count: number,
  make: (i: number) => LoadClient,
  concurrency: number,
  timeoutMs = 60_000,
): Promise<LoadClient[]> {
  const clients: LoadClient[] = []
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < count) {
      const c = make(next++)
      clients.push(c)
      await withTimeout(c.synced, timeoutMs).catch(() => undefined)
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker))
  return clients
}

export async function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, rej) => {
    timer = setTimeout(() => rej(new Error(`timed out after ${ms} ms`)), ms)
  })
  try {
    return await Promise.race([p, timeout])
  } finally {
    clearTimeout(timer)
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))
