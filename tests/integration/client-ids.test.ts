import * as Y from 'yjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sectionRoot } from '../../shared/documents.js'
import { appendParagraph, connectClient, storedDoc, waitFor, waitSynced } from '../helpers/clients.js'
import { closed, openRaw } from '../helpers/raw-socket.js'
import { syncUpdateFrame } from '../helpers/updates.js'
import { startPlank, type RunningPlank } from '../helpers/server.js'

/**
 * A Yjs client id is one editor's. An attacker who writes the next structs
 * under a victim's client id (ids are visible to everyone in the document)
 * would make the victim's next edits look already stored: the server would
 * drop them and the victim would see "saved". The relay refuses it.
 */
describe('client ids', () => {
  let plank: RunningPlank
  beforeAll(async () => {
    plank = await startPlank()
  })
  afterAll(() => plank.close())

  it('refuses structs under another person’s client id; the victim’s later edits are stored', async () => {
    const { platformId, sectionIds } = plank.sample
    // An open section: both may write it, so only the client id is wrong.
    const open = sectionIds.find((id) => plank.plank.store.getSection(platformId, id)?.ownerOrgId === null)!
    const victim = connectClient(plank.wsUrl, platformId, { cookie: await plank.cookieFor(plank.person('delegate').id) })
    const attackerPerson = plank.people.find((p) => p.role === 'delegate' && p.id !== plank.person('delegate').id)!
    await waitSynced(victim)
    appendParagraph(victim.doc, open, 'victim first')
    await waitFor(() => storedDoc(plank.plank.store, platformId).getXmlFragment(sectionRoot(open)).toString().includes('victim first'), 'stored')

    // The attacker's copy takes the victim's client id for its next edit.
    const scratch = new Y.Doc()
    Y.applyUpdate(scratch, Y.encodeStateAsUpdate(victim.doc))
    scratch.clientID = victim.doc.clientID
    const sv = Y.encodeStateVector(scratch)
    appendParagraph(scratch, open, 'ATTACKER AS VICTIM')
    const forged = Y.encodeStateAsUpdate(scratch, sv)
    const socket = await openRaw(`${plank.wsUrl}/${platformId}`, await plank.cookieFor(attackerPerson.id))
    const refused = closed(socket)
    socket.send(syncUpdateFrame(forged))
    expect((await refused).code).toBe(4403)

    appendParagraph(victim.doc, open, 'victim second')
    await waitFor(() => storedDoc(plank.plank.store, platformId).getXmlFragment(sectionRoot(open)).toString().includes('victim second'), 'victim stored')
    const stored = storedDoc(plank.plank.store, platformId).getXmlFragment(sectionRoot(open)).toString()
    expect(stored).not.toContain('ATTACKER')
    victim.destroy()
  })
})
