import * as Y from 'yjs'
import * as decoding from 'lib0/decoding'
import type * as encoding from 'lib0/encoding'
import { WebsocketProvider } from 'y-websocket'
import { IndexeddbPersistence, storeState } from 'y-indexeddb'
import { CloseCode, MessageType, SAVE_ACK_PARAM, ServerStatus } from '../../../shared/protocol.js'
import { encodeSaveCheck, readRefused, readSaveCheck, readServerStatus } from '../../../shared/protocol-messages.js'
import { govComments, govMap } from '../../../shared/gov.js'
import { cachedPersonId } from '../session.js'
import { clearPlatformDevice, deleteDatabase, deviceDatabaseName, dropUnownedCopy, registerDeviceDatabase } from './device-data.js'

export type SaveStatus = 'connecting' | 'saving' | 'saved' | 'offline'

export interface ConnectionState {
  status: SaveStatus
  /** Set when the server closed the connection for good (4400–4499). */
  closedCode: number | null
  /** Reason carried by the last Refused message. */
  refusedReason: string | null
  /** True once the stored copy on this device has been loaded. */
  localLoaded: boolean
  /** True once the document has synced with the server at least once. */
  everSynced: boolean
  /**
   * False while the server says (ServerStatus) that edits reach people on
   * other instances only late: saving is unaffected. True again when it says
   * so, and whenever the connection closes (a new one is told on connecting
   * if it is still not live).
   */
  liveAcrossInstances: boolean
}

/** A hidden comment's body leaves the device copy this soon after the change arrives. */
const COMPACT_DELAY_MS = 300

/** Debounce between a local change and the "saved up to here?" question. */
const SAVE_CHECK_DELAY_MS = 100
/** While someone types without pause, the question is still asked this often (so the oldest unsaved change stays young). */
const SAVE_CHECK_MAX_WAIT_MS = 400

type MessageHandler = (encoder: encoding.Encoder, decoder: decoding.Decoder, provider: WebsocketProvider, emitSynced: boolean, messageType: number) => void

/** Sync step 1 (y-protocols): the other side asks for what it is missing. */
const SYNC_STEP_1 = 0

/**
 * One platform's live document: the Y.Doc, its copy on this device
 * (IndexedDB), its websocket connection, and the save status derived from
 * the relay's SaveCheck echoes.
 */
export class PlatformConnection {
  readonly doc = new Y.Doc()
  readonly provider: WebsocketProvider
  /** The copy on this device (null for read-only views such as settings). */
  readonly persistence: IndexeddbPersistence | null
  private state: ConnectionState
  private listeners = new Set<() => void>()
  private nextCheck = 1
  private lastSent = 0
  private lastEchoed = 0
  /** Local changes not yet followed by a sent SaveCheck. */
  private dirty = false
  /** When the first of those changes was made. */
  private dirtySince: number | null = null
  /** SaveChecks sent and not yet echoed, each with when the oldest change it covers was made (in sending order). */
  private pendingChecks: Array<{ n: number; since: number }> = []
  private checkTimer: ReturnType<typeof setTimeout> | null = null
  /** A connection attempt failed since the last successful sync. */
  private failedSinceSync = false
  private browserOffline = !navigator.onLine
  private destroyed = false

  /** Whose device copy this is (null: none is kept). */
  readonly personId: string | null
  /** The device copy's database name, per person and platform. */
  readonly databaseName: string | null

  constructor(
    readonly platformId: string,
    options: { persist?: boolean; personId?: string | null } = {},
  ) {
    // The device copy belongs to the person signed in: nobody else ever opens it.
    this.personId = options.personId ?? cachedPersonId()
    this.databaseName = options.persist === false || this.personId === null ? null : deviceDatabaseName(this.personId, platformId)
    this.state = {
      status: this.browserOffline ? 'offline' : 'connecting',
      closedCode: null,
      refusedReason: null,
      localLoaded: false,
      everSynced: false,
      liveAcrossInstances: true,
    }
    if (this.databaseName !== null) {
      registerDeviceDatabase(this.databaseName)
      dropUnownedCopy(platformId)
    }
    this.persistence = this.databaseName === null ? null : new IndexeddbPersistence(this.databaseName, this.doc)
    void (this.persistence?.whenSynced ?? Promise.resolve()).then(() => {
      if (!this.destroyed) this.update({ localLoaded: true })
    })

    const protocol = location.protocol === 'https:' ? 'wss' : 'ws'
    this.provider = new WebsocketProvider(`${protocol}://${location.host}/ws`, platformId, this.doc, {
      connect: !this.browserOffline,
      params: { [SAVE_ACK_PARAM]: '1' },
    })
    const handlers = this.provider.messageHandlers as MessageHandler[]
    handlers[MessageType.SaveCheck] = (_encoder, decoder) => {
      // Leave the encoder empty: nothing is sent back.
      this.onSaveEcho(readSaveCheck(decoder))
    }
    handlers[MessageType.Refused] = (_encoder, decoder) => {
      this.update({ refusedReason: readRefused(decoder) })
    }
    handlers[MessageType.ServerStatus] = (_encoder, decoder) => {
      this.update({ liveAcrossInstances: readServerStatus(decoder) === ServerStatus.live })
    }
    const syncHandler = handlers[MessageType.Sync]
    if (syncHandler) {
      handlers[MessageType.Sync] = (encoder, decoder, provider, emitSynced, messageType) => {
        const syncType = decoding.peekVarUint(decoder)
        syncHandler(encoder, decoder, provider, emitSynced, messageType)
        // Our reply to the server's step 1 carries our offline changes; it is
        // sent right after this handler returns, so ask for an echo after it.
        if (syncType === SYNC_STEP_1) setTimeout(() => this.sendCheck(), 0)
      }
    }

    this.doc.on('update', this.onDocUpdate)
    this.forgetHiddenContent()
    this.provider.on('status', this.recompute)
    this.provider.on('sync', this.onSync)
    this.provider.on('connection-close', this.onConnectionClose)
    this.provider.on('closed', this.onClosed)
    window.addEventListener('offline', this.onBrowserOffline)
    window.addEventListener('online', this.onBrowserOnline)
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  getState = (): ConnectionState => this.state

  /**
   * The state as screens need it: the same object while only Saving and
   * Saved alternate (they do several times a second while someone types, and
   * a new state re-renders the whole platform page: 150 sections, measured as
   * the largest cost of a keystroke). The save indicator reads getState.
   */
  getSettledState = (): ConnectionState => {
    const now = this.state
    const last = this.settled
    const online = (s: ConnectionState): boolean => s.status === 'saving' || s.status === 'saved'
    if (
      last !== null &&
      online(last) &&
      online(now) &&
      last.closedCode === now.closedCode &&
      last.refusedReason === now.refusedReason &&
      last.localLoaded === now.localLoaded &&
      last.everSynced === now.everSynced &&
      last.liveAcrossInstances === now.liveAcrossInstances
    )
      return last
    this.settled = now
    return now
  }
  private settled: ConnectionState | null = null

  destroy(): void {
    if (this.destroyed) return
    this.disconnect()
    void this.persistence?.destroy()
    this.doc.destroy()
  }

  /** Stops everything that talks to the server or watches the browser; what is kept on the device is the caller's. */
  private disconnect(): void {
    this.destroyed = true
    if (this.checkTimer) clearTimeout(this.checkTimer)
    window.removeEventListener('offline', this.onBrowserOffline)
    window.removeEventListener('online', this.onBrowserOnline)
    this.doc.off('update', this.onDocUpdate)
    this.provider.destroy()
  }

  /**
   * After a refusal: this document can never sync again (its refused update
   * blocks every later one), so drop it and its copy on this device.
   */
  async destroyAndClear(): Promise<void> {
    const name = this.databaseName
    this.disconnect()
    try {
      await this.persistence?.clearData()
    } catch {
      // deleted below
    }
    this.doc.destroy()
    // clearData does not wait for the deletion; wait for it (bounded) before a fresh copy opens.
    if (name !== null) await deleteDatabase(name)
  }

  /**
   * True when everything on this device is known to be on the server: this
   * page synced, and every local change since was acknowledged. Only then may
   * the device copy go without losing anyone's work.
   */
  allSaved(): boolean {
    return this.state.everSynced && !this.dirty && this.lastEchoed >= this.lastSent
  }

  /**
   * y-indexeddb stores every update as it came, so a comment's body stays on
   * the device after a facilitator hides it (or its author deletes it), in
   * the update that first brought it, until the store is next compacted. The
   * live document has already dropped it (gov carries no body for hidden
   * comments, and the old value is garbage-collected), so whenever a body goes,
   * the stored copy is rewritten from the live document: the history with the
   * body is deleted. Also once after loading, for hides that arrived while
   * this page was closed and a compaction that did not finish.
   */
  private forgetHiddenContent(): void {
    const persistence = this.persistence
    if (!persistence) return
    let timer: ReturnType<typeof setTimeout> | null = null
    const compact = () => {
      if (timer !== null || this.destroyed) return
      timer = setTimeout(() => {
        timer = null
        if (!this.destroyed) void storeState(persistence, true).catch(() => {})
      }, COMPACT_DELAY_MS)
    }
    const bodyOf = (value: unknown): unknown => (typeof value === 'object' && value !== null ? (value as { body?: unknown }).body : undefined)
    const onGov = (events: Array<Y.YEvent<Y.AbstractType<unknown>>>) => {
      for (const event of events) {
        if (event.target !== govComments(this.doc)) continue
        event.changes.keys.forEach((change, key) => {
          if (typeof bodyOf(change.oldValue) !== 'string') return
          if (change.action === 'delete' || bodyOf((event.target as Y.Map<unknown>).get(key)) === null) compact()
        })
      }
    }
    govMap(this.doc).observeDeep(onGov)
    void persistence.whenSynced.then(() => {
      if (this.destroyed) return
      const comments = govComments(this.doc)
      if (comments && [...comments.values()].some((c) => c.body === null)) compact()
    })
  }

  /** Stops keeping this document on the device and deletes the copy (the person lost access). */
  async forgetDeviceCopy(): Promise<void> {
    if (this.personId === null) return
    try {
      await this.persistence?.destroy()
    } catch {
      // closed already
    }
    await clearPlatformDevice(this.personId, this.platformId)
  }

  private update(patch: Partial<ConnectionState>): void {
    const next = { ...this.state, ...patch }
    next.status = this.computeStatus(next)
    if (
      next.status === this.state.status &&
      next.closedCode === this.state.closedCode &&
      next.refusedReason === this.state.refusedReason &&
      next.localLoaded === this.state.localLoaded &&
      next.everSynced === this.state.everSynced &&
      next.liveAcrossInstances === this.state.liveAcrossInstances
    ) {
      return
    }
    this.state = next
    for (const listener of this.listeners) listener()
  }

  private recompute = (): void => this.update({})

  private computeStatus(state: ConnectionState): SaveStatus {
    const { provider } = this
    if (!provider.wsconnected || !provider.synced) {
      if (this.browserOffline || this.failedSinceSync || state.closedCode !== null) return 'offline'
      return 'connecting'
    }
    return this.dirty || this.lastEchoed < this.lastSent ? 'saving' : 'saved'
  }

  /**
   * When the oldest local change the server has not acknowledged yet was made
   * (null: none waits). The save indicator shows "Saving…" only once this is
   * more than a moment old.
   */
  unsavedSince = (): number | null => this.pendingChecks[0]?.since ?? this.dirtySince

  private onDocUpdate = (_update: Uint8Array, origin: unknown): void => {
    if (origin === this.provider || origin === this.persistence) return
    const now = Date.now()
    this.dirty = true
    if (this.dirtySince === null) this.dirtySince = now
    this.recompute()
    if (this.checkTimer) clearTimeout(this.checkTimer)
    if (now - this.dirtySince >= SAVE_CHECK_MAX_WAIT_MS) {
      // The provider has sent this update already (its listener came first): ask now.
      this.checkTimer = null
      this.sendCheck()
      return
    }
    this.checkTimer = setTimeout(() => {
      this.checkTimer = null
      this.sendCheck()
    }, SAVE_CHECK_DELAY_MS)
  }

  private sendCheck(): void {
    const ws = this.provider.ws
    if (!ws || !this.provider.wsconnected || ws.readyState !== WebSocket.OPEN) return
    const n = this.nextCheck++
    ws.send(encodeSaveCheck(n))
    this.lastSent = n
    if (this.dirtySince !== null) this.pendingChecks.push({ n, since: this.dirtySince })
    this.dirtySince = null
    this.dirty = false
    this.recompute()
  }

  private onSaveEcho(n: number): void {
    if (n > this.lastEchoed) this.lastEchoed = n
    while (this.pendingChecks.length > 0 && this.pendingChecks[0]!.n <= n) this.pendingChecks.shift()
    this.recompute()
  }

  private onSync = (synced: boolean): void => {
    if (synced) {
      this.failedSinceSync = false
      // Whatever was typed while away is only saved once this echo returns.
      this.sendCheck()
      this.update({ everSynced: true })
    } else {
      this.recompute()
    }
  }

  private onConnectionClose = (event: CloseEvent | null): void => {
    if (event !== null) this.failedSinceSync = true
    // The next connection is told again if the server is still not live.
    this.update({ liveAcrossInstances: true })
  }

  private onClosed = (event: { code: number; reason: string }): void => {
    this.update({ closedCode: event.code })
  }

  private onBrowserOffline = (): void => {
    this.browserOffline = true
    this.provider.disconnect()
    this.recompute()
  }

  private onBrowserOnline = (): void => {
    this.browserOffline = false
    if (this.state.closedCode === null) this.provider.connect()
    this.recompute()
  }
}

export const isNotFound = (code: number | null): boolean => code === CloseCode.UnknownPlatform
