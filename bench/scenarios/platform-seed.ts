/**
 * A platform of many open sections with text, written straight into the
 * store before the server starts (servers.ts StartOptions.seed), for the
 * browser scenarios. The first section is the BenchDoc's own (seedPlank
 * creates it); the others are added here, and every section's text goes in
 * as one stored update, as if people had written it earlier.
 */
import * as Y from 'yjs'
import type { Store } from '../../server/store/store.js'
import type { BenchDoc } from '../servers.js'
import { addParagraph } from './common.js'

const WORDS = 'the coalition resolves to fund transit housing clinics and schools in every ward with fair wages for all workers and tenants'.split(' ')

/** A sentence of platform prose, different for each (section, paragraph). */
export const prose = (i: number, words = 30): string => `${Array.from({ length: words }, (_, k) => WORDS[(i * 7 + k * 3) % WORDS.length]).join(' ')}.`

/** The ids of a platform's sections: the BenchDoc's own first, then `<platformId>-s<k>`. */
export function sectionIds(doc: BenchDoc, count: number): string[] {
  return [doc.sectionId, ...Array.from({ length: count - 1 }, (_, k) => `${doc.platformId}-s${k + 1}`)]
}

export function seedSections(doc: BenchDoc, count: number, paragraphsPerSection: number) {
  return (store: Store): Record<string, string> => {
    const ids = sectionIds(doc, count)
    for (let k = 1; k < ids.length; k++) {
      store.addSection(doc.platformId, { id: ids[k]!, title: `Section ${k + 1}`, ownerOrgId: null, locked: false, position: k + 1 })
    }
    const ydoc = new Y.Doc()
    ydoc.transact(() => {
      ids.forEach((sectionId, s) => {
        for (let p = 0; p < paragraphsPerSection; p++) addParagraph(ydoc, { platformId: doc.platformId, sectionId }, prose(s * 31 + p))
      })
    })
    store.appendUpdate(doc.platformId, Y.encodeStateAsUpdate(ydoc))
    ydoc.destroy()
    return {}
  }
}
