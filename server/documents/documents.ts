import { createHash } from 'node:crypto'
import type * as Y from 'yjs'
import { canonicalJson } from '../../shared/canonical-json.js'
import type { SectionNode } from '../../shared/content-hash.js'
import { translationRoot } from '../../shared/documents.js'
import { existingXmlFragment } from '../../shared/existing-root.js'
import { sectionPlainText } from '../../shared/section-text.js'
import { readSectionVersion, sectionVersionText } from '../../shared/section-version.js'
import type { Connection } from '../relay/connection.js'
import type { Rooms } from '../relay/rooms.js'

export interface SectionContent {
  /** The sign-off hash: of every language's text (shared/section-version.ts). */
  hash: string
  /** Canonical JSON of what the hash is taken of. */
  json: string
  /** The primary text. */
  nodes: SectionNode[]
  /** Plain text of every language, the primary first, a blank line between: what a sign-off's snapshot shows. */
  text: string
  /** The primary text's own hash and canonical JSON (what translations follow and amendments change). */
  primaryHash: string
  primaryJson: string
  /** Each translation's text, in the platform's order. */
  translations: Array<{ lang: string; nodes: SectionNode[]; text: string }>
}

/**
 * The content hash of shared/content-hash.ts (SHA-256 of the canonical JSON,
 * hex), computed synchronously: a check and the commit it guards must run in
 * one synchronous step, with no edit able to land in between.
 */
const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex')

/** The content hash of a node tree (what a section holding exactly these nodes hashes to). */
export const nodesHash = (nodes: SectionNode[]): string => sha256Hex(canonicalJson(nodes))

/** A section's content as `doc` holds it now, every language. A section never written has no root yet, and reading does not create one. */
export function readSection(doc: Y.Doc, sectionId: string): SectionContent {
  const version = readSectionVersion(doc, sectionId)
  const translations = version.translations.map((t) => ({
    ...t,
    text: sectionPlainText(existingXmlFragment(doc, translationRoot(sectionId, t.lang))),
  }))
  return {
    hash: sha256Hex(version.json),
    json: version.json,
    nodes: version.primary,
    text: sectionVersionText(doc, sectionId, version.languages),
    primaryHash: sha256Hex(version.primaryJson),
    primaryJson: version.primaryJson,
    translations,
  }
}

/** What services that read documents need of them (sign-off, comments, exports, amendments). */
export interface DocumentReader {
  withDocument<T>(platformId: string, fn: (doc: Y.Doc) => T): T | null
  sectionContent(platformId: string, sectionId: string): SectionContent | null
}

/**
 * The platforms' live documents, for everything outside the relay that reads
 * them (sign-off, comments, exports, amendments) or writes server-owned state
 * into them (the gov projection): the relay's rooms stay the relay's.
 * What is read here is the server's own document, edits not yet compacted
 * included, never a client's copy.
 */
export class Documents<C = unknown> implements DocumentReader {
  constructor(private readonly rooms: Rooms<C>) {}

  /** The platform's document if it is in memory (and trusted: a failed room is not), else null. */
  loaded(platformId: string): Y.Doc | null {
    const room = this.rooms.get(platformId)
    return room && !room.failed ? room.doc : null
  }

  /**
   * Runs `fn` on the platform's live document, loading it if needed (a
   * document loaded only for this is unloaded after the grace period);
   * null if there is no such platform.
   */
  withDocument<T>(platformId: string, fn: (doc: Y.Doc) => T): T | null {
    return this.rooms.withDocument(platformId, (room) => fn(room.doc))
  }

  /** A section's live content and hash, read in one synchronous step; null if there is no such platform. */
  sectionContent(platformId: string, sectionId: string): SectionContent | null {
    return this.withDocument(platformId, (doc) => readSection(doc, sectionId))
  }

  /** The relay connections open on a platform now (none if it is not loaded). */
  connectionsOn(platformId: string): Connection<C>[] {
    return this.rooms.connectionsOn(platformId)
  }
}
