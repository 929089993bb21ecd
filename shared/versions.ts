/**
 * Versions of a section (issue 16): what the server keeps of a section's
 * text, every language, at the moments a coalition asks about later ("what
 * did this say when the board voted?"), and after each pause in the writing.
 * The API's shapes, shared by the server and the history view.
 */
import type { SectionNode } from './content-hash.js'
import type { DiffPart } from './word-diff.js'

/** Why a version was kept. */
export const VERSION_REASONS = ['edit', 'signoff', 'lock', 'amendment', 'sessionItem', 'adoption', 'restore'] as const
export type VersionReason = (typeof VERSION_REASONS)[number]

/** One entry of a timeline (GET …/sections/<id>/versions, GET …/versions). */
export interface VersionEntry {
  id: string
  sectionId: string
  at: string
  reason: VersionReason
  /** A facilitator's name for it ("Draft for board vote, 12 March"); null until named. */
  name: string | null
  /** The sign-off hash of the text then (every language): equal hashes, equal text. */
  hash: string
  /** Who changed the text since the section's previous version, and their organizations. */
  personIds: string[]
  orgIds: string[]
  /** Who caused the version (the representative who signed, the facilitator who locked, who restored); null after a pause. */
  actorId: string | null
  /** For a restore: the version it brought back. */
  restoredFrom: string | null
}

/**
 * Who wrote which words: each block of text (a paragraph, heading, list
 * item's or table cell's paragraph) as runs of characters and the person
 * whose client wrote them (null: written by the server, such as the sample,
 * an accepted amendment's merge or a restore).
 */
export type AuthorRuns = Array<Array<[text: string, personId: string | null]>>

/** A ProseMirror document as JSON (`doc` of the editor's schema). */
export interface ProseMirrorJson {
  type: string
  attrs?: Record<string, unknown>
  content?: ProseMirrorJson[]
  text?: string
  marks?: Array<{ type: string; attrs?: Record<string, unknown> }>
}

/** One language of a version. */
export interface VersionText {
  lang: string
  /** Plain text, blocks separated by a blank line. */
  text: string
  json: ProseMirrorJson
  authors: AuthorRuns
}

/** GET …/versions/<versionId>: the entry, and the text in every language, the primary first. */
export interface VersionDetail extends VersionEntry {
  /** The primary language's text and ProseMirror JSON. */
  text: string
  json: ProseMirrorJson
  languages: VersionText[]
}

/** GET …/versions/compare?from=<id>&to=<id>: word-level differences per language (`to` null: the text now). */
export interface VersionComparison {
  from: string
  to: string | null
  languages: Array<{ lang: string; parts: DiffPart[] }>
}

/** What a version stores of a section's text (once per distinct text). */
export interface StoredVersionText {
  primary: string
  languages: Array<{ lang: string; nodes: SectionNode[]; authors: AuthorRuns }>
}

const markList = (marks: Record<string, unknown>): ProseMirrorJson['marks'] =>
  Object.entries(marks).map(([type, attrs]) =>
    attrs && typeof attrs === 'object' && Object.keys(attrs).length > 0 ? { type, attrs: attrs as Record<string, unknown> } : { type },
  )

/**
 * A section's nodes as the ProseMirror JSON the editor reads (attributes that
 * are null are not stored, as in Yjs). Iterative, as sectionJson: a text
 * stored before nesting was bounded can be nested thousands deep.
 */
export function nodesToProseMirror(nodes: SectionNode[]): ProseMirrorJson {
  const doc: ProseMirrorJson = { type: 'doc', content: [] }
  const stack: Array<{ from: SectionNode[]; to: ProseMirrorJson[] }> = [{ from: nodes, to: doc.content! }]
  while (stack.length > 0) {
    const { from, to } = stack.pop()!
    for (const n of from) {
      if ('text' in n) {
        const marks = markList(n.marks)
        to.push(marks && marks.length > 0 ? { type: 'text', text: n.text, marks } : { type: 'text', text: n.text })
        continue
      }
      const out: ProseMirrorJson = { type: n.type }
      if (Object.keys(n.attrs).length > 0) out.attrs = n.attrs
      if (n.content.length > 0) {
        out.content = []
        stack.push({ from: n.content, to: out.content })
      }
      to.push(out)
    }
  }
  return doc
}
