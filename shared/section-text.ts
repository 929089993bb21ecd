import * as Y from 'yjs'

/** Embedded objects (images, mentions) count as one character of text. */
const OBJECT = '\uFFFC'

/**
 * A section's text laid out in one line of characters: the text of each
 * XmlText in document order, a newline after each block element. Every
 * place in the section (a type and an index in it) has an offset in it, so
 * that ranges can be compared and quoted. Client, server and tests use the
 * same layout.
 */
export interface SectionLayout {
  text: string
  /** Offset of (type, index), or null if the type is not in this section. */
  // biome-ignore lint/suspicious/noExplicitAny: Yjs types are generic over their event type
  offsetOf(type: Y.AbstractType<any>, index: number): number | null
}

export function layoutSection(fragment: Y.XmlFragment | null): SectionLayout {
  let text = ''
  const textStarts = new Map<Y.XmlText, number>()
  const childOffsets = new Map<Y.XmlFragment | Y.XmlElement, number[]>()

  // Iterative (an explicit stack of open elements): a crafted client can
  // nest elements tens of thousands deep, which would overflow a recursive walk.
  type Frame = { children: unknown[]; next: number; offsets: number[] }
  const open = (parent: Y.XmlFragment | Y.XmlElement): Frame => {
    const offsets: number[] = []
    childOffsets.set(parent, offsets)
    return { children: parent.toArray(), next: 0, offsets }
  }
  const stack: Frame[] = fragment ? [open(fragment)] : []
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!
    if (frame.next >= frame.children.length) {
      frame.offsets.push(text.length)
      stack.pop()
      // A block element ends with a newline.
      if (stack.length > 0 && text.length > 0 && !text.endsWith('\n')) text += '\n'
      continue
    }
    const child = frame.children[frame.next++]
    frame.offsets.push(text.length)
    if (child instanceof Y.XmlText) {
      textStarts.set(child, text.length)
      for (const op of child.toDelta() as Array<{ insert: unknown }>) {
        text += typeof op.insert === 'string' ? op.insert : OBJECT
      }
    } else if (child instanceof Y.XmlElement) {
      stack.push(open(child))
    }
  }

  return {
    text,
    offsetOf(type, index) {
      if (type instanceof Y.XmlText) {
        const start = textStarts.get(type)
        return start === undefined ? null : start + Math.min(index, type.length)
      }
      const offsets = childOffsets.get(type as Y.XmlElement)
      if (!offsets) return null
      return offsets[Math.min(index, offsets.length - 1)] ?? null
    },
  }
}

/** Plain text of a section, one line per block. */
export const sectionPlainText = (fragment: Y.XmlFragment | null): string => layoutSection(fragment).text.replace(/\n$/, '')

export type AnchorResolution =
  | { ok: true; start: number; end: number; quote: string; removed: boolean }
  | { ok: false; reason: 'undecodable' | 'unknown' | 'outside' | 'reversed' }

export const encodeAnchor = (position: Y.RelativePosition): string => base64FromBytes(Y.encodeRelativePosition(position))

/**
 * Resolves a comment's anchor (two relative positions, base64) against the
 * section as it is now. `removed` is true once all the anchored text is gone.
 */
export function resolveAnchor(doc: Y.Doc, fragment: Y.XmlFragment | null, start: string, end: string, layout = layoutSection(fragment)): AnchorResolution {
  let startPos: Y.AbsolutePosition | null
  let endPos: Y.AbsolutePosition | null
  let relative: [Y.RelativePosition, Y.RelativePosition]
  try {
    relative = [Y.decodeRelativePosition(bytesFromBase64(start)), Y.decodeRelativePosition(bytesFromBase64(end))]
  } catch {
    return { ok: false, reason: 'undecodable' }
  }
  // A position naming a root type makes Yjs create that root if it is absent
  // (doc.get): a request must never grow the document.
  if (relative.some((p) => p.tname !== null && !doc.share.has(p.tname))) return { ok: false, reason: 'unknown' }
  try {
    startPos = Y.createAbsolutePositionFromRelativePosition(relative[0], doc)
    endPos = Y.createAbsolutePositionFromRelativePosition(relative[1], doc)
  } catch {
    return { ok: false, reason: 'undecodable' }
  }
  if (!startPos || !endPos) return { ok: false, reason: 'unknown' }
  const from = layout.offsetOf(startPos.type, startPos.index)
  const to = layout.offsetOf(endPos.type, endPos.index)
  if (from === null || to === null) return { ok: false, reason: 'outside' }
  if (to < from) return { ok: false, reason: 'reversed' }
  const quote = layout.text.slice(from, to)
  return { ok: true, start: from, end: to, quote, removed: quote.replace(/\s/g, '') === '' }
}

function base64FromBytes(bytes: Uint8Array): string {
  let binary = ''
  for (const b of bytes) binary += String.fromCharCode(b)
  return btoa(binary)
}

function bytesFromBase64(value: string): Uint8Array {
  const binary = atob(value)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}
