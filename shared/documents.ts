/**
 * Names of the root types in a platform's Y.Doc. One document per platform;
 * each section's text is its own root XmlFragment; `gov` is server-owned.
 */
export const GOV_ROOT = 'gov'
const SECTION_ROOT_PREFIX = 'body:'

export const sectionRoot = (sectionId: string): string => SECTION_ROOT_PREFIX + sectionId

/** The section id of a root name, or null if the root is not a section body. */
export const sectionIdOfRoot = (root: string): string | null =>
  root.startsWith(SECTION_ROOT_PREFIX) && root.length > SECTION_ROOT_PREFIX.length
    ? root.slice(SECTION_ROOT_PREFIX.length)
    : null
