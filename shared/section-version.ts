/**
 * One version of a section (issue 15): its primary text and each
 * translation's, and what the sign-off hash is taken of. On a platform of one
 * language that is the primary text alone, so every hash taken before
 * translations existed is still the same; with translations it is every
 * language's text, so a change in any language changes the hash and an
 * approval covers them all.
 */
import type * as Y from 'yjs'
import { canonicalJson } from './canonical-json.js'
import { sectionJson, sha256HexOf, type SectionNode } from './content-hash.js'
import { sectionRoot, translationRoot } from './documents.js'
import { existingXmlFragment } from './existing-root.js'
import { govPlatform } from './gov.js'
import { sectionPlainText } from './section-text.js'
import { DEFAULT_LANGUAGES, type PlatformLanguages } from './languages.js'

export interface SectionVersion {
  languages: PlatformLanguages
  primary: SectionNode[]
  /** Each translation's text, in the platform's order (empty for a translation never written). */
  translations: Array<{ lang: string; nodes: SectionNode[] }>
  /** Canonical JSON of what the sign-off hash is taken of. */
  json: string
  /** Canonical JSON of the primary text alone: what translations follow and amendments change. */
  primaryJson: string
}

/** The platform's languages as its document's `gov` says (English alone before any was set). */
export const platformLanguagesOf = (doc: Y.Doc): PlatformLanguages => govPlatform(doc)?.languages ?? DEFAULT_LANGUAGES

/** The section's version in `doc` now. Reading creates no root: a section or translation never written is empty. */
export function readSectionVersion(doc: Y.Doc, sectionId: string, languages: PlatformLanguages = platformLanguagesOf(doc)): SectionVersion {
  const primary = sectionJson(existingXmlFragment(doc, sectionRoot(sectionId)))
  const translations = languages.others.map((lang) => ({ lang, nodes: sectionJson(existingXmlFragment(doc, translationRoot(sectionId, lang))) }))
  const primaryJson = canonicalJson(primary)
  const json =
    translations.length === 0 ? primaryJson : canonicalJson(Object.fromEntries([[languages.primary, primary], ...translations.map((t) => [t.lang, t.nodes])]))
  return { languages, primary, translations, json, primaryJson }
}

/**
 * Plain text of every language of the section, the primary first, a blank
 * line between: what a sign-off's snapshot shows and its difference compares.
 */
export function sectionVersionText(doc: Y.Doc, sectionId: string, languages: PlatformLanguages = platformLanguagesOf(doc)): string {
  return sectionVersionRoots(sectionId, languages)
    .map((root) => sectionPlainText(existingXmlFragment(doc, root)))
    .join('\n\n')
}

/** Every root holding a language of the section: the primary's, then each translation's. */
export const sectionVersionRoots = (sectionId: string, languages: PlatformLanguages): string[] => [
  sectionRoot(sectionId),
  ...languages.others.map((lang) => translationRoot(sectionId, lang)),
]

/**
 * The sign-off hash of the section in `doc` now (every language), as the
 * server computes it. Reads synchronously before its first await: the hash
 * describes the moment it was called.
 */
export function sectionVersionHash(doc: Y.Doc, sectionId: string): Promise<string> {
  return sha256HexOf(readSectionVersion(doc, sectionId).json)
}
