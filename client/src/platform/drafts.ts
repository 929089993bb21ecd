import * as Y from 'yjs'
import { sectionIdOfRoot } from '../../../shared/documents.js'
import type { EditRefusal } from '../../../shared/policy.js'
import { draftsStorageKey } from './device-data.js'

/** Why a recovered draft could not be saved: the section's refusal for this person, or a plain refusal. */
export type DraftReason = EditRefusal | 'removed' | 'refused'

/** Text the server refused, kept on this device until the person dismisses it (Promise 1). */
export interface RecoveredDraft {
  sectionId: string
  text: string
  savedAt: string
  reason: DraftReason
  /** The section's owner at recovery time, to name it in the reason. */
  ownerOrgId: string | null
}

/** Drafts are kept per person: nobody is ever offered another person's text. */
const key = (personId: string, platformId: string) => draftsStorageKey(personId, platformId)

export function loadDrafts(personId: string | null, platformId: string): RecoveredDraft[] {
  if (personId === null) return []
  try {
    const raw = localStorage.getItem(key(personId, platformId))
    if (!raw) return []
    const value: unknown = JSON.parse(raw)
    if (!Array.isArray(value)) return []
    return value
      .filter(
        (d): d is RecoveredDraft =>
          typeof d === 'object' && d !== null && typeof d.sectionId === 'string' && typeof d.text === 'string' && typeof d.savedAt === 'string',
      )
      .map((d) => ({ ...d, reason: d.reason ?? 'refused', ownerOrgId: d.ownerOrgId ?? null }))
  } catch {
    return []
  }
}

export function saveDrafts(personId: string | null, platformId: string, drafts: RecoveredDraft[]): void {
  if (personId === null) return
  try {
    if (drafts.length === 0) localStorage.removeItem(key(personId, platformId))
    else localStorage.setItem(key(personId, platformId), JSON.stringify(drafts))
  } catch {
    // storage full or unavailable: the drafts stay on screen for this page
  }
}

function blockTexts(node: Y.XmlElement | Y.XmlFragment, out: string[]): void {
  for (const child of node.toArray()) {
    if (child instanceof Y.XmlText) continue
    if (!(child instanceof Y.XmlElement)) continue
    const name = child.nodeName
    if (name === 'bulletList' || name === 'orderedList' || name === 'listItem' || name === 'blockquote') {
      blockTexts(child, out)
      continue
    }
    out.push(inlineText(child))
  }
}

function inlineText(el: Y.XmlElement): string {
  return el
    .toArray()
    .map((c) =>
      c instanceof Y.XmlText ? c.toString().replace(/<[^>]*>/g, '') : c instanceof Y.XmlElement ? (c.nodeName === 'hardBreak' ? '\n' : inlineText(c)) : '',
    )
    .join('')
}

/** A section's plain text, one line per paragraph (list items included). */
export function fragmentText(fragment: Y.XmlFragment): string {
  const out: string[] = []
  blockTexts(fragment, out)
  return out.join('\n')
}

/** Plain text of every section body in the document. */
export function sectionTexts(doc: Y.Doc): Map<string, string> {
  const texts = new Map<string, string>()
  for (const name of [...doc.share.keys()]) {
    const sectionId = sectionIdOfRoot(name)
    if (sectionId === null) continue
    texts.set(sectionId, fragmentText(doc.getXmlFragment(name)))
  }
  return texts
}
