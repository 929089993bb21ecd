/**
 * Issue 11: "an update is never relayed when its store write fails", and
 * finding 4, "a room opened while the disk is full must never acknowledge or
 * relay".
 *
 * The store fails for real: tests/helpers/failing-store.ts.
 */
import { rmSync } from 'node:fs'
import * as decoding from 'lib0/decoding'
import type { WebSocket } from 'ws'
import * as Y from 'yjs'
import { afterEach, describe, expect, it } from 'vitest'
import { sectionRoot } from '../../shared/documents.js'
import { MessageType } from '../../shared/protocol.js'
import { encodeSaveCheck } from '../../shared/protocol-messages.js'
import { failStoreWrites } from '../helpers/failing-store.js'
import { connectClient, sectionText, storedDoc, waitFor, waitSynced, type Client } from '../helpers/clients.js'
import { openRaw } from '../helpers/raw-socket.js'
import { startPlank, tempDataDir, type RunningPlank } from '../helpers/server.js'
import { syncUpdateFrame, updateOn } from '../helpers/updates.js'

/** A paragraph with `text` at the start of the section, as an update on top of `base`. */
const paragraphUpdate = (base: Y.Doc, sectionId: string, text: string): Uint8Array =>
  updateOn(base, (doc) => {
    const p = new Y.XmlElement('paragraph')
    p.insert(0, [new Y.XmlText(text)])
    doc.getXmlFragment(sectionRoot(sectionId)).insert(0, [p])
  })

/**
 * Sends an update then a SaveCheck, as Plank's client does, and watches for
 * `waitMs`: was the SaveCheck answered, and did the server close the socket?
 */
async function sendAndWatch(socket: WebSocket, update: Uint8Array, checkId: number, waitMs: number): Promise<{ acked: boolean; closeCode: number | null }> {
  let acked = false
  let closeCode: number | null = null
  const onMessage = (data: Buffer): void => {
    const decoder = decoding.createDecoder(new Uint8Array(data))
    if (decoding.readVarUint(decoder) === MessageType.SaveCheck && decoding.readVarUint(decoder) === checkId) acked = true
  }
  const onClose = (code: number): void => {
    closeCode = code
  }
  socket.on('message', onMessage)
  socket.on('close', onClose)
  socket.send(syncUpdateFrame(update))
  socket.send(encodeSaveCheck(checkId))
  const deadline = Date.now() + waitMs
  while (!acked && closeCode === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10))
  // Give a late (wrong) acknowledgement the chance to show up.
  if (!acked) await new Promise((r) => setTimeout(r, 200))
  socket.off('message', onMessage)
  socket.off('close', onClose)
  return { acked, closeCode }
}

describe('a failed store write is never acknowledged or relayed', () => {
  const cleanup: Array<() => Promise<void> | void> = []
  afterEach(async () => {
    for (const fn of cleanup.splice(0).reverse()) await fn()
  })

  async function server(dataDir: string): Promise<RunningPlank> {
    const plank = await startPlank({ dataDir })
    let open = true
    cleanup.push(async () => {
      if (open) await plank.close()
      open = false
    })
    return {
      ...plank,
      close: async () => {
        if (open) await plank.close()
        open = false
      },
    }
  }

  /** A server on a new data folder (removed after the test), its sample platform's first section and the facilitator's cookie. */
  async function freshServer() {
    const dataDir = tempDataDir()
    cleanup.push(() => rmSync(dataDir, { recursive: true, force: true }))
    const plank = await server(dataDir)
    const cookie = await plank.cookieFor(plank.person('facilitator').id)
    return { dataDir, plank, platformId: plank.sample.platformId, sectionId: plank.sample.sectionIds[0]!, cookie }
  }

  const client = (plank: RunningPlank, cookie: string): Client => {
    const c = connectClient(plank.wsUrl, plank.sample.platformId, { cookie })
    cleanup.push(() => c.destroy())
    return c
  }

  it('an update whose store write fails reaches no other client, is not acknowledged, and is absent after a restart', async () => {
    const { dataDir, plank, platformId, sectionId, cookie } = await freshServer()
    const witness = client(plank, cookie)
    await waitSynced(witness)
    const socket = await openRaw(`${plank.wsUrl}/${platformId}?saveAcks=1`, cookie)
    cleanup.push(() => socket.terminate())

    // The path works while the store does: acknowledged and relayed.
    const before = await sendAndWatch(socket, paragraphUpdate(witness.doc, sectionId, 'STORED-BEFORE'), 1, 5000)
    expect(before).toEqual({ acked: true, closeCode: null })
    await waitFor(() => sectionText(witness.doc, sectionId).includes('STORED-BEFORE'), 'relay of a stored update')

    failStoreWrites(dataDir, true)
    const failed = await sendAndWatch(socket, paragraphUpdate(witness.doc, sectionId, 'LOST-WHILE-FAILING'), 2, 1500)
    expect(failed.acked, 'a SaveCheck after an update that was not stored was answered').toBe(false)
    await new Promise((r) => setTimeout(r, 500))
    expect(sectionText(witness.doc, sectionId), 'another client saw an update that was not stored').not.toContain('LOST-WHILE-FAILING')
    const late = client(plank, cookie)
    await waitSynced(late).catch(() => {})
    expect(sectionText(late.doc, sectionId)).not.toContain('LOST-WHILE-FAILING')

    failStoreWrites(dataDir, false)
    await plank.close()
    const restarted = await server(dataDir)
    const stored = storedDoc(restarted.plank.store, platformId)
    expect(sectionText(stored, sectionId)).toContain('STORED-BEFORE')
    expect(sectionText(stored, sectionId)).not.toContain('LOST-WHILE-FAILING')
    const reader = client(restarted, await restarted.cookieFor(restarted.person('facilitator').id))
    await waitSynced(reader)
    expect(sectionText(reader.doc, sectionId)).not.toContain('LOST-WHILE-FAILING')
  })

  it('a room opened while the store cannot write never acknowledges or relays, and recovers once writes work again (finding 4)', async () => {
    const { dataDir, plank, platformId, sectionId, cookie } = await freshServer()
    // The sample platform's room has never been opened: opening it writes the gov projection.
    expect(plank.plank.rooms.isLoaded(platformId)).toBe(false)

    failStoreWrites(dataDir, true)
    const witness = client(plank, cookie)
    let socket: WebSocket | null = null
    let sent: { acked: boolean; closeCode: number | null } = { acked: false, closeCode: null }
    try {
      socket = await openRaw(`${plank.wsUrl}/${platformId}?saveAcks=1`, cookie)
      cleanup.push(() => socket?.terminate())
      const base = new Y.Doc()
      sent = await sendAndWatch(socket, paragraphUpdate(base, sectionId, 'TYPED-INTO-ZOMBIE'), 1, 1500)
    } catch {
      // Refusing the connection outright is a fine answer too.
    }
    expect(sent.acked, 'a room whose store write failed acknowledged an update').toBe(false)
    await new Promise((r) => setTimeout(r, 500))
    expect(sectionText(witness.doc, sectionId), 'a room whose store write failed relayed an update').not.toContain('TYPED-INTO-ZOMBIE')

    // Writes work again: a new connection edits, is acknowledged, and the edit survives a restart;
    // what was typed into the failed room is nowhere.
    failStoreWrites(dataDir, false)
    socket?.terminate()
    const reader = client(plank, cookie)
    await waitSynced(reader)
    expect(sectionText(reader.doc, sectionId)).not.toContain('TYPED-INTO-ZOMBIE')
    const again = await openRaw(`${plank.wsUrl}/${platformId}?saveAcks=1`, cookie)
    cleanup.push(() => again.terminate())
    const recovered = await sendAndWatch(again, paragraphUpdate(reader.doc, sectionId, 'STORED-AFTER-RECOVERY'), 1, 5000)
    expect(recovered.acked, 'no acknowledgement once the store works again').toBe(true)
    await plank.close()
    const restarted = await server(dataDir)
    const stored = storedDoc(restarted.plank.store, platformId)
    expect(sectionText(stored, sectionId), 'an acknowledged edit was lost at restart').toContain('STORED-AFTER-RECOVERY')
    expect(sectionText(stored, sectionId)).not.toContain('TYPED-INTO-ZOMBIE')
  })
})
