import { randomUUID } from 'node:crypto'
import * as Y from 'yjs'
import { sectionJson } from '../../shared/content-hash.js'
import { canonicalJson } from '../../shared/canonical-json.js'
import { sectionRoot, translationRoot } from '../../shared/documents.js'
import { nodesHash } from '../documents/documents.js'
import type { Store } from '../store/store.js'
import { SAMPLE_ORGANIZATIONS, SAMPLE_PEOPLE, SAMPLE_SECTIONS, SAMPLE_TITLE, type SampleBlock } from './sample-content.js'
import { SAMPLE_TITLES_ES, SAMPLE_TRANSLATIONS_ES } from './sample-content-es.js'

/** The sample is bilingual (issue 15): English drafted first, each section translated into Spanish. */
const SAMPLE_LANGUAGES = { primary: 'en', others: ['es'] }

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
  const platformId = randomUUID()
  const doc = new Y.Doc()
  // Asked inside the transaction: instances starting together on one database create one sample.
  const created = store.transaction(() => {
    if (store.listPlatforms().length > 0) return false
    store.createPlatform({ id: platformId, title: SAMPLE_TITLE })
    store.setPlatformLanguages(platformId, SAMPLE_LANGUAGES)
    const orgIds = SAMPLE_ORGANIZATIONS.map((org) => {
      const id = randomUUID()
      store.addOrganization(platformId, { id, ...org })
      return id
    })
    // Demo people: accounts without a password, signed in only through demo mode.
    const personIds = SAMPLE_PEOPLE.map((person) => {
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
      return personId
    })
    const at = new Date().toISOString()
    SAMPLE_SECTIONS.forEach((section, index) => {
      const id = randomUUID()
      store.addSection(platformId, {
        id,
        title: section.title,
        ownerOrgId: section.owner === null ? null : (orgIds[section.owner] ?? null),
        locked: false,
        position: index + 1,
        ...(SAMPLE_TITLES_ES[index] ? { titles: { es: SAMPLE_TITLES_ES[index] } } : {}),
      })
      const primary = doc.getXmlFragment(sectionRoot(id))
      primary.insert(0, section.blocks.map(blockElement))
      doc.getXmlFragment(translationRoot(id, 'es')).insert(0, (SAMPLE_TRANSLATIONS_ES[index] ?? []).map(blockElement))
      // Translated by a delegate of the owning organization (the facilitator for a section open to all), from this English text.
      const translator = SAMPLE_PEOPLE.findIndex((p) => (section.owner === null ? p.role === 'facilitator' : p.role === 'delegate' && p.org === section.owner))
      const nodes = sectionJson(primary)
      store.setTranslationReview({
        platformId,
        sectionId: id,
        lang: 'es',
        upToDateWith: nodesHash(nodes),
        primaryJson: canonicalJson(nodes),
        personId: personIds[translator]!,
        at,
      })
    })
    store.appendUpdate(platformId, Y.encodeStateAsUpdate(doc))
    return true
  })
  doc.destroy()
  return created ? platformId : null
}
