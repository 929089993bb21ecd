import * as Y from 'yjs'
import { canonicalJson } from '../../shared/canonical-json.js'
import type { SectionNode } from '../../shared/content-hash.js'

/**
 * A section as the random merge tests think of it: blocks of lines of
 * words, each word with its marks (the spaces between words unmarked), so
 * that edits are on word ranges and the expected text of any merge is
 * simply the model with the edits applied, rendered.
 */
export interface Word {
  text: string
  marks: Record<string, unknown>
}

export interface Block {
  type: 'paragraph' | 'heading' | 'bulletList' | 'orderedList'
  level?: number
  /** One line for a paragraph or heading, one per item for a list. */
  lines: Word[][]
}

/** Words [start, end) of line `line` (numbered across the document) replaced by `words`. */
export interface Edit {
  line: number
  start: number
  end: number
  words: Word[]
}

const VOCABULARY =
  'the people coalition platform health housing wages workers union rights water transit schools climate justice care fair public land food jobs tax rent vote power clean safe free child elder city rural'.split(
    ' ',
  )

const MARKS: Array<Record<string, unknown>> = [
  { bold: {} },
  { italic: {} },
  { bold: {}, italic: {} },
  { link: { href: 'https://example.org/plank' } },
  { underline: {} },
  { strike: {} },
]

export const randomMarks = (random: () => number): Record<string, unknown> => (random() < 0.7 ? {} : { ...MARKS[Math.floor(random() * MARKS.length)]! })

export function randomBlocks(random: () => number, blockCount = 3 + Math.floor(random() * 6)): Block[] {
  const line = (): Word[] =>
    Array.from({ length: 3 + Math.floor(random() * 10) }, () => ({ text: VOCABULARY[Math.floor(random() * VOCABULARY.length)]!, marks: randomMarks(random) }))
  return Array.from({ length: blockCount }, (): Block => {
    const r = random()
    if (r < 0.5) return { type: 'paragraph', lines: [line()] }
    if (r < 0.7) return { type: 'heading', level: 1 + Math.floor(random() * 3), lines: [line()] }
    return { type: random() < 0.5 ? 'bulletList' : 'orderedList', lines: Array.from({ length: 1 + Math.floor(random() * 3) }, line) }
  })
}

/** A line's runs as y-prosemirror reads them back: words and single plain spaces, equal marks joined. */
export function renderLine(words: Word[]): SectionNode[] {
  const runs: Array<{ text: string; marks: Record<string, unknown>; key: string }> = []
  const add = (text: string, marks: Record<string, unknown>): void => {
    const key = canonicalJson(marks)
    const last = runs.at(-1)
    if (last && last.key === key) last.text += text
    else runs.push({ text, marks, key })
  }
  words.forEach((word, i) => {
    if (i > 0) add(' ', {})
    add(word.text, word.marks)
  })
  return runs.map(({ text, marks }) => ({ text, marks }))
}

const paragraph = (words: Word[]): SectionNode => ({ type: 'paragraph', attrs: {}, content: renderLine(words) })

export function render(blocks: Block[]): SectionNode[] {
  return blocks.map((block): SectionNode => {
    if (block.type === 'paragraph') return paragraph(block.lines[0]!)
    if (block.type === 'heading') return { type: 'heading', attrs: { level: block.level ?? 1 }, content: renderLine(block.lines[0]!) }
    return { type: block.type, attrs: {}, content: block.lines.map((words) => ({ type: 'listItem', attrs: {}, content: [paragraph(words)] })) }
  })
}

export const lines = (blocks: Block[]): Word[][] => blocks.flatMap((block) => block.lines)

/** The model with non-overlapping edits applied (each given in the base's word numbers). */
export function applyEdits(blocks: Block[], edits: Edit[]): Block[] {
  const copy: Block[] = blocks.map((block) => ({ ...block, lines: block.lines.map((line) => [...line]) }))
  const all = lines(copy)
  for (const edit of [...edits].sort((x, y) => y.start - x.start)) all[edit.line]!.splice(edit.start, edit.end - edit.start, ...edit.words)
  return copy
}

/** The Y.XmlText holding line `line` of a fragment laid out as `render` lays it out (or null for an empty line). */
export function lineText(fragment: Y.XmlFragment, blocks: Block[], line: number): Y.XmlText | null {
  let n = 0
  for (let b = 0; b < blocks.length; b++) {
    const block = blocks[b]!
    const element = fragment.get(b) as Y.XmlElement
    for (let l = 0; l < block.lines.length; l++, n++) {
      if (n !== line) continue
      const holder = block.type === 'bulletList' || block.type === 'orderedList' ? ((element.get(l) as Y.XmlElement).get(0) as Y.XmlElement) : element
      const text = holder.get(0)
      return text instanceof Y.XmlText ? text : null
    }
  }
  return null
}

/** Plain characters of a Y.XmlText (no formatting). */
export const plainText = (text: Y.XmlText): string =>
  (text.toDelta() as Array<{ insert: unknown }>).map((op) => (typeof op.insert === 'string' ? op.insert : '')).join('')

/** Three documents that apply each other's updates at once, as clients of one relay see them. */
export function syncedDocs(count = 3): Y.Doc[] {
  const docs = Array.from({ length: count }, () => new Y.Doc())
  for (const doc of docs) {
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === 'peer') return
      for (const other of docs) if (other !== doc) Y.applyUpdate(other, update, 'peer')
    })
  }
  return docs
}
