/**
 * A minimal y-websocket client for the load generator: the y-protocols sync
 * handshake and update messages over `ws`, nothing else (no awareness unless
 * the scenario sends it, no reconnect). For Hocuspocus it speaks that
 * server's framing instead: every message starts with the document name, the
 * first is an Auth message (empty token: the bench's Hocuspocus has no
 * onAuthenticate hook), the server's own SyncStep1 comes as type 4
 * (SyncReply) and each accepted update is acknowledged with type 8
 * (SyncStatus), both ignored here except for answering the SyncStep1. Two hundred stock WebsocketProviders in one process would spend
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
const MSG_AWARENESS = 1
/** Hocuspocus message types (packages/server/src/types.ts MessageType) beyond y-protocols'. */
const HP_AUTH = 2
const HP_SYNC_REPLY = 4
const HP_AUTH_TOKEN = 0

/** How a server frames its messages: y-websocket's (Plank, @y/websocket-server) or Hocuspocus's. */
export type WireProtocol = 'y-websocket' | 'hocuspocus'

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
  /** Default y-websocket; 'hocuspocus' needs `docName`. */
  protocol?: WireProtocol
  /** Hocuspocus: the document name every message starts with. */
  docName?: string
  /** Use this document instead of a fresh one (a writer reconnecting keeps its doc). */
  doc?: Y.Doc
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
  readonly doc: Y.Doc
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

  private readonly prefix: Uint8Array

  constructor(private readonly opts: ClientOptions) {
    this.doc = opts.doc ?? new Y.Doc()
    if (opts.protocol === 'hocuspocus') {
      if (!opts.docName) throw new Error('a Hocuspocus client needs docName')
      const enc = encoding.createEncoder()
      encoding.writeVarString(enc, opts.docName)
      this.prefix = encoding.toUint8Array(enc)
    } else this.prefix = new Uint8Array(0)
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
      if (this.opts.protocol === 'hocuspocus') {
        const auth = this.encoder()
        encoding.writeVarUint(auth, HP_AUTH)
        encoding.writeVarUint(auth, HP_AUTH_TOKEN)
        encoding.writeVarString(auth, '')
        this.ws.send(encoding.toUint8Array(auth))
      }
      const enc = this.encoder()
      encoding.writeVarUint(enc, MSG_SYNC)
      encoding.writeVarUint(enc, SYNC_STEP1)
      encoding.writeVarUint8Array(enc, Y.encodeStateVector(this.doc))
      this.ws.send(encoding.toUint8Array(enc))
    })
    this.ws.on('message', (data: Buffer) => this.onMessage(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)))
    this.ws.on('error', (err) => this.errors.push(err.message))
    this.ws.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString(), at: performance.now() }
      // A reconnecting writer hands its doc to the next client: this one stops sending.
      this.doc.off('update', this.onDocUpdate)
      this.rejectSynced(new Error(`closed ${code} ${reason.toString()} before sync`))
    })
    this.doc.on('update', this.onDocUpdate)
  }

  private readonly onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin === this) return // came from the server
    if (this.ws.readyState !== WebSocket.OPEN) {
      this.unsent++
      return
    }
    this.ws.send(this.frame(syncUpdateMessage(update)))
  }

  /** An encoder that already holds the protocol's per-message prefix (Hocuspocus: the document name). */
  private encoder(): encoding.Encoder {
    const enc = encoding.createEncoder()
    if (this.prefix.length) encoding.writeUint8Array(enc, this.prefix)
    return enc
  }

  /** A y-websocket message framed for this client's protocol. */
  private frame(message: Uint8Array): Uint8Array {
    if (!this.prefix.length) return message
    const out = new Uint8Array(this.prefix.length + message.length)
    out.set(this.prefix)
    out.set(message, this.prefix.length)
    return out
  }

  /** Sends an awareness update (y-protocols encoding) framed for this client's protocol. */
  sendAwareness(update: Uint8Array): void {
    const enc = this.encoder()
    encoding.writeVarUint(enc, MSG_AWARENESS)
    encoding.writeVarUint8Array(enc, update)
    this.send(encoding.toUint8Array(enc))
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
    if (this.prefix.length) decoding.readVarString(dec) // Hocuspocus: the document name
    const type = decoding.readVarUint(dec)
    if (type === MSG_REFUSED && !this.prefix.length) {
      this.refusals.push(decoding.readVarString(dec))
      return
    }
    const isSync = type === MSG_SYNC || (this.prefix.length > 0 && type === HP_SYNC_REPLY)
    if (!isSync) return // awareness, query-awareness, save acks, Hocuspocus auth and sync status: not measured
    const syncType = decoding.readVarUint(dec)
    if (syncType === SYNC_STEP1) {
      // Answer with what we have that the server lacks (nothing, for a reader).
      const sv = decoding.readVarUint8Array(dec)
      const enc = this.encoder()
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
    // One update at a time, in one transaction: Y.mergeUpdates grows with the square of the
    // count (20,000 keystrokes: 8.9 s; the trace's 259,778 did not finish in 15 minutes),
    // while applying them in order takes 1.8 s for the whole trace.
    doc.transact(() => {
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(this.doc))
      for (const update of this.received) Y.applyUpdate(doc, update)
    })
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
export async function connectAll(count: number, make: (i: number) => LoadClient, concurrency: number, timeoutMs = 60_000): Promise<LoadClient[]> {
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
