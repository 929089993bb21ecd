import { rmSync } from 'node:fs'
import * as decoding from 'lib0/decoding'
import { afterAll, describe, expect, it } from 'vitest'
import { MessageType } from '../../shared/protocol.js'
import { encodeSaveCheck } from '../../shared/protocol-messages.js'
import { appendParagraph, connectClient, sectionText, waitFor, waitSynced } from '../helpers/clients.js'
import { demoCookie } from '../helpers/http.js'
import { spawnPlank } from '../helpers/server-process.js'
import { startPlank, tempDataDir } from '../helpers/server.js'

/** Signs in as the sample facilitator over HTTP; sessions are stored, so the cookie outlives restarts. */
const samplePlatform = async (url: string): Promise<{ platformId: string; sectionId: string; cookie: string }> => {
  const { people } = (await (await fetch(`${url}/api/demo/people`)).json()) as { people: Array<{ id: string; role: string }> }
  const cookie = await demoCookie(url, people.find((p) => p.role === 'facilitator')!.id)
  const headers = { cookie }
  const { platforms } = (await (await fetch(`${url}/api/platforms`, { headers })).json()) as { platforms: Array<{ id: string }> }
  const platformId = platforms[0]!.id
  const detail = (await (await fetch(`${url}/api/platforms/${platformId}`, { headers })).json()) as { sections: Array<{ id: string }> }
  return { platformId, sectionId: detail.sections[2]!.id, cookie }
}

describe('durability', () => {
  const dirs: string[] = []
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
  })

  it('keeps everything across a clean restart', async () => {
    const dataDir = tempDataDir()
    dirs.push(dataDir)
    const first = await startPlank({ dataDir })
    const cookie = await first.cookieFor(first.person('facilitator').id)
    const { platformId, sectionIds } = first.sample
    const writer = connectClient(first.wsUrl, platformId, { cookie })
    await waitSynced(writer)
    for (let i = 0; i < 30; i++) appendParagraph(writer.doc, sectionIds[i % sectionIds.length]!, `restart line ${i}`)
    const expected = sectionIds.map((id) => sectionText(writer.doc, id))
    const room = first.plank.rooms.get(platformId)!
    await waitFor(() => sectionIds.every((id, i) => sectionText(room.doc, id) === expected[i]), 'server has the edits')
    writer.destroy()
    await first.close()

    const second = await startPlank({ dataDir })
    expect(second.sample.platformId).toBe(platformId)
    const reader = connectClient(second.wsUrl, platformId, { cookie })
    await waitSynced(reader)
    expect(sectionIds.map((id) => sectionText(reader.doc, id))).toEqual(expected)
    reader.destroy()
    await second.close()
  })

  it('keeps an update that reached another client when the server is killed with SIGKILL', async () => {
    const dataDir = tempDataDir()
    dirs.push(dataDir)
    let server = await spawnPlank(dataDir)
    const { platformId, sectionId, cookie } = await samplePlatform(server.url)
    for (let round = 0; round < 5; round++) {
      const writer = connectClient(server.wsUrl, platformId, { cookie })
      const watcher = connectClient(server.wsUrl, platformId, { cookie })
      await Promise.all([waitSynced(writer), waitSynced(watcher)])
      const line = `seen by another client before the kill, round ${round}`
      appendParagraph(writer.doc, sectionId, line)
      // Kill the moment the other client has it: no grace, no flush.
      await waitFor(() => sectionText(watcher.doc, sectionId).includes(line), 'relay to watcher', 10_000)
      server.child.kill('SIGKILL')
      expect(await server.exited).toBe('SIGKILL')
      writer.destroy()
      watcher.destroy()

      server = await spawnPlank(dataDir)
      const reader = connectClient(server.wsUrl, platformId, { cookie })
      await waitSynced(reader)
      expect(sectionText(reader.doc, sectionId)).toContain(line)
      reader.destroy()
    }
    server.child.kill('SIGKILL')
    await server.exited
  })

  it('keeps an acknowledged update when the server is killed with SIGKILL right after the acknowledgement', async () => {
    const dataDir = tempDataDir()
    dirs.push(dataDir)
    let server = await spawnPlank(dataDir)
    const { platformId, sectionId, cookie } = await samplePlatform(server.url)
    const writer = connectClient(server.wsUrl, platformId, { cookie, params: { saveAcks: '1' } })
    let acknowledged = -1
    writer.provider.messageHandlers[MessageType.SaveCheck] = (_encoder, decoder: decoding.Decoder) => {
      acknowledged = decoding.readVarUint(decoder)
    }
    await waitSynced(writer)
    const line = 'acknowledged, then the server died'
    appendParagraph(writer.doc, sectionId, line)
    writer.provider.ws!.send(encodeSaveCheck(7))
    await waitFor(() => acknowledged === 7, 'save acknowledgement', 10_000)
    server.child.kill('SIGKILL')
    await server.exited
    writer.destroy()

    server = await spawnPlank(dataDir)
    const reader = connectClient(server.wsUrl, platformId, { cookie })
    await waitSynced(reader)
    expect(sectionText(reader.doc, sectionId)).toContain(line)
    reader.destroy()
    server.child.kill('SIGTERM')
    expect(await server.exited).toBe('0')
  })
})
