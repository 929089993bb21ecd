/**
 * What the content-rules tests (content-rules, content-rules-tables) share:
 * a fresh Plank with a section a delegate may write, and the check that a
 * write the editor could not show is refused and stores nothing.
 */
import type * as Y from 'yjs'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { sectionRoot } from '../../shared/documents.js'
import { connectClient, nextTerminalClose, storedDoc, waitSynced } from './clients.js'
import { startPlank, type RunningPlank } from './server.js'

export interface OwnSectionWriter {
  plank: RunningPlank
  /** A section owned by an organization. */
  sectionId: string
  /** The session cookie of a delegate of that organization: it may write the section. */
  cookie: string
  /** The section as the server stores it (its fragment's XML). */
  stored: () => string
}

/** Registers a describe's beforeAll and afterAll; the writer's fields are there from beforeAll on. */
export function ownSectionWriter(): OwnSectionWriter {
  const writer = {} as OwnSectionWriter // filled in by beforeAll, before any test reads it
  beforeAll(async () => {
    const plank = await startPlank()
    const { platformId, sectionIds } = plank.sample
    const sectionId = sectionIds.find((id) => plank.plank.store.getSection(platformId, id)?.ownerOrgId !== null)!
    const cookie = await plank.cookieFor(plank.person('delegate', { ownerOf: sectionId }).id)
    const stored = (): string => storedDoc(plank.plank.store, platformId).getXmlFragment(sectionRoot(sectionId)).toString()
    Object.assign(writer, { plank, sectionId, cookie, stored })
  })
  afterAll(() => writer.plank.close())
  return writer
}

/** One test per case: the delegate writes it into the section; the server closes the connection (4403) and stores nothing. */
export function itRefusesEach(writer: OwnSectionWriter, cases: Array<[string, (body: Y.XmlFragment) => void]>): void {
  for (const [what, write] of cases) {
    it(`refuses ${what}, storing nothing`, async () => {
      const client = connectClient(writer.plank.wsUrl, writer.plank.sample.platformId, { cookie: writer.cookie })
      await waitSynced(client)
      const before = writer.stored()
      const close = nextTerminalClose(client)
      client.doc.transact(() => write(client.doc.getXmlFragment(sectionRoot(writer.sectionId))))
      expect((await close).code).toBe(4403)
      expect(writer.stored()).toBe(before)
      client.destroy()
    })
  }
}
