import * as Y from 'yjs'
import { canonicalJson } from './canonical-json.js'

/** A section's content as plain JSON: the ProseMirror node tree y-prosemirror stores. */
export type SectionNode = { type: string; attrs: Record<string, unknown>; content: SectionNode[] } | { text: string; marks: Record<string, unknown> }

/**
 * The section's node tree. Iterative (an explicit stack of open elements):
 * a crafted client can store elements nested tens of thousands deep, and a
 * recursive walk would overflow the stack on every later read.
 */
export function sectionJson(fragment: Y.XmlFragment | Y.XmlElement | null): SectionNode[] {
  const nodes: SectionNode[] = []
  if (fragment === null) return nodes
  const stack: Array<{ children: Array<Y.XmlElement | Y.XmlText | Y.XmlHook>; next: number; out: SectionNode[] }> = [
    { children: fragment.toArray(), next: 0, out: nodes },
  ]
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!
    if (frame.next >= frame.children.length) {
      stack.pop()
      continue
    }
    const child = frame.children[frame.next++]
    if (child instanceof Y.XmlElement) {
      const content: SectionNode[] = []
      frame.out.push({ type: child.nodeName, attrs: child.getAttributes() as Record<string, unknown>, content })
      stack.push({ children: child.toArray(), next: 0, out: content })
    } else if (child instanceof Y.XmlText) {
      for (const op of child.toDelta() as Array<{ insert: unknown; attributes?: Record<string, unknown> }>) {
        if (typeof op.insert === 'string') frame.out.push({ text: op.insert, marks: op.attributes ?? {} })
      }
    }
  }
  return nodes
}

/** What the content hash is taken of: canonical JSON of the node tree (`[]` for a section never written). */
export const sectionCanonicalJson = (fragment: Y.XmlFragment | null): string => canonicalJson(sectionJson(fragment))

/** SHA-256 of text, hex, through Web Crypto (browsers and Node alike). */
export async function sha256HexOf(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')
}

/**
 * The content hash of one text: SHA-256 of the canonical JSON of its
 * content, hex. On a one-language platform it is the sign-off hash; with
 * translations, the hash of the primary text that translations follow
 * (the sign-off hash then covers every language: shared/section-version.ts).
 * The client hashes what the person reviewed, the server its own document,
 * with the same code.
 */
export const sectionHash = (fragment: Y.XmlFragment | null): Promise<string> => sha256HexOf(sectionCanonicalJson(fragment))
