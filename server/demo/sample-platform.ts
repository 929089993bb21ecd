import { randomUUID } from 'node:crypto'
import * as Y from 'yjs'
import { sectionRoot } from '../../shared/documents.js'
import type { Store } from '../store/store.js'
import { SAMPLE_ORGANIZATIONS, SAMPLE_PEOPLE, SAMPLE_SECTIONS, SAMPLE_TITLE, type SampleBlock } from './sample-content.js'

function paragraph(name: string, text: string): Y.XmlElement {
  const element = new Y.XmlElement(name)
  element.insert(0, [new Y.XmlText(text)])
  return element
}

/** The Tiptap (ProseMirror) node tree of one block, as y-prosemirror stores it. */
function blockElement(block: SampleBlock): Y.XmlElement {
  if (block.kind === 'bullets') {
    const list = new Y.XmlElement('bulletList')
    const items = (block.text as string[]).map((text) => {
      const item = new Y.XmlElement('listItem')
      item.insert(0, [paragraph('paragraph', text)])
      return item
    })
    list.insert(0, items)
    return list
  }
  const element = paragraph(block.kind, block.text as string)
  if (block.kind === 'heading') element.setAttribute('level', 3 as unknown as string) // y-prosemirror keeps attrs as JSON values
  return element
}

/**
 * Creates the sample platform if the store has no platform yet. Returns its
 * id, or null if the store already had platforms.
 */
export function ensureSamplePlatform(store: Store): string | null {
  if (store.listPlatforms().length > 0) return null
  const platformId = randomUUID()
  const doc = new Y.Doc()
  store.transaction(() => {
    store.createPlatform({ id: platformId, title: SAMPLE_TITLE })
    const orgIds = SAMPLE_ORGANIZATIONS.map((org) => {
      const id = randomUUID()
      store.addOrganization(platformId, { id, ...org })
      return id
    })
    SAMPLE_SECTIONS.forEach((section, index) => {
      const id = randomUUID()
      store.addSection(platformId, {
        id,
        title: section.title,
        ownerOrgId: section.owner === null ? null : (orgIds[section.owner] ?? null),
        locked: false,
        position: index + 1,
      })
      doc.getXmlFragment(sectionRoot(id)).insert(0, section.blocks.map(blockElement))
    })
    store.appendUpdate(platformId, Y.encodeStateAsUpdate(doc))
    // Demo people: accounts without a password, signed in only through demo mode.
    for (const person of SAMPLE_PEOPLE) {
      const personId = randomUUID()
      store.createPerson({
        id: personId,
        username: null,
        email: null,
        displayName: person.name,
        passwordHash: null,
        isDemo: true,
        createdAt: new Date().toISOString(),
      })
      const orgId = person.org === null ? null : (orgIds[person.org] ?? null)
      store.setMembership({ platformId, personId, role: person.role, orgId })
    }
  })
  doc.destroy()
  return platformId
}
