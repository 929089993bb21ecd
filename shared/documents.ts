import { LANGUAGE_TAG } from './languages.js'

/**
 * Names of the root types in a platform's Y.Doc. One document per platform;
 * each section's text is its own root XmlFragment; `gov` is server-owned.
 */
export const GOV_ROOT = 'gov'
const SECTION_ROOT_PREFIX = 'body:'

export const sectionRoot = (sectionId: string): string => SECTION_ROOT_PREFIX + sectionId

/**
 * The part after `body:` of a root name (a section id, or `<sectionId>:<lang>`
 * for a translation), or null if the root is not a section text. parseRoot
 * tells the two apart.
 */
export const sectionIdOfRoot = (root: string): string | null =>
  root.startsWith(SECTION_ROOT_PREFIX) && root.length > SECTION_ROOT_PREFIX.length ? root.slice(SECTION_ROOT_PREFIX.length) : null

/**
 * More roots of DESIGN.md: an amendment's proposed text (`amend:<amendmentId>`,
 * written under the amendment's own rules, server/gov/relay-hooks.ts) and a
 * section's translation (`body:<sectionId>:<lang>`; the primary language stays
 * in `body:<sectionId>`), written under its section's rules when its
 * language is one of the platform's (shared/languages.ts).
 */
const AMENDMENT_ROOT_PREFIX = 'amend:'

export const translationRoot = (sectionId: string, lang: string): string => `${SECTION_ROOT_PREFIX}${sectionId}:${lang}`
export const amendmentRoot = (amendmentId: string): string => AMENDMENT_ROOT_PREFIX + amendmentId

export type ParsedRoot = { kind: 'gov' } | { kind: 'body'; sectionId: string; lang: string | null } | { kind: 'amend'; amendmentId: string } | { kind: 'other' }

/** What a root name stands for, with translations and amendments told apart. */
export function parseRoot(root: string): ParsedRoot {
  if (root === GOV_ROOT) return { kind: 'gov' }
  if (root.startsWith(AMENDMENT_ROOT_PREFIX) && root.length > AMENDMENT_ROOT_PREFIX.length) {
    return { kind: 'amend', amendmentId: root.slice(AMENDMENT_ROOT_PREFIX.length) }
  }
  const rest = sectionIdOfRoot(root)
  if (rest === null) return { kind: 'other' }
  const colon = rest.indexOf(':')
  if (colon < 0) return { kind: 'body', sectionId: rest, lang: null }
  const sectionId = rest.slice(0, colon)
  const lang = rest.slice(colon + 1)
  return sectionId !== '' && LANGUAGE_TAG.test(lang) ? { kind: 'body', sectionId, lang } : { kind: 'other' }
}

/**
 * Where a comment thread lives: a section's text, or an amendment's proposed
 * text (filed under the amendment's section). Its anchor is resolved in this
 * place's root, on the server and in every client.
 */
export interface CommentPlace {
  sectionId: string
  amendmentId?: string | null | undefined
  /** A thread on a translation (issue 15): the anchor is in body:<sectionId>:<lang>. */
  lang?: string | null | undefined
}

export const commentRoot = (place: CommentPlace): string =>
  place.amendmentId ? amendmentRoot(place.amendmentId) : place.lang ? translationRoot(place.sectionId, place.lang) : sectionRoot(place.sectionId)
