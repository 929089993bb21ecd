import type { AmendmentConflict, ConflictResolution, TrackedNode } from './amendments.js'
import type { SectionNode } from './content-hash.js'

/**
 * PLACEHOLDER with the final signatures (issue 14): the real three-way merge
 * and tracked-changes diff replace this file. Until then the merge refuses
 * anything but an unchanged section, and the view marks nothing.
 */
export type MergeResult = { kind: 'merged'; nodes: SectionNode[] } | { kind: 'conflicts'; conflicts: AmendmentConflict[] }

export function mergeSection(
  base: SectionNode[],
  section: SectionNode[],
  amendment: SectionNode[],
  _resolutions?: Record<string, ConflictResolution>,
): MergeResult {
  if (JSON.stringify(base) === JSON.stringify(section)) return { kind: 'merged', nodes: amendment }
  return { kind: 'conflicts', conflicts: [{ id: 'all', base: '', section: '', amendment: '' }] }
}

export function trackedChanges(_section: SectionNode[], amendment: SectionNode[]): TrackedNode[] {
  const walk = (nodes: SectionNode[]): TrackedNode[] => nodes.map((n) => ('text' in n ? { ...n, change: 'same' as const } : { ...n, content: walk(n.content) }))
  return walk(amendment)
}
