import * as Y from 'yjs'
import { canonicalJson } from './canonical-json.js'

/** A section's content as plain JSON: the ProseMirror node tree y-prosemirror stores. */
export type SectionNode =
  | { type: string; attrs: Record<string, unknown>; content: SectionNode[] }
  | { text: string; marks: Record<string, unknown> }

export function sectionJson(fragment: Y.XmlFragment | Y.XmlElement): SectionNode[] {
  const nodes: SectionNode[] = []
  for (const child of fragment.toArray()) {
    if (child instanceof Y.XmlElement) {
      nodes.push({ type: child.nodeName, attrs: child.getAttributes() as Record<string, unknown>, content: sectionJson(child) })
    } else if (child instanceof Y.XmlText) {
      for (const op of child.toDelta() as Array<{ insert: unknown; attributes?: Record<string, unknown> }>) {
        if (typeof op.insert === 'string') nodes.push({ text: op.insert, marks: op.attributes ?? {} })
      }
    }
  }
  return nodes
}

/**
 * The content hash that a sign-off is tied to: SHA-256 of the canonical JSON
 * of the section's content, hex. The client hashes what the person reviewed,
 * the server hashes its own document, with this same function.
 */
export async function sectionHash(fragment: Y.XmlFragment): Promise<string> {
  const bytes = new TextEncoder().encode(canonicalJson(sectionJson(fragment)))
  const digest = await globalThis.crypto.subtle.digest('SHA-256', bytes)
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')
}
