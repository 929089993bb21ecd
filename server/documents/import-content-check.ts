/**
 * An imported section must be content a person could have typed: it goes
 * through the very checks the relay runs on a client's update (the update
 * guard's shape bounds and placement, then the content rules of
 * server/relay/content-rules.ts on every item), as if the section's text
 * arrived in one update from a client. So nothing imported can hold what the
 * relay would refuse, and no imported section is larger than one update a
 * client may send. It lives with the documents service: outside the relay,
 * only that service reaches past the relay's hooks (import-boundaries test).
 */
import * as Y from 'yjs'
import { applyNodes } from '../../shared/apply-nodes.js'
import type { SectionNode } from '../../shared/content-hash.js'
import { sectionRoot } from '../../shared/documents.js'
import { UPDATE_LIMITS } from '../relay/client-updates.js'
import { contentRefusal } from '../relay/content-rules.js'
import { inspectUpdate } from '../relay/update-guard.js'

export type ContentVerdict = { ok: true } | { ok: false; reason: 'tooLarge' | 'invalid'; detail: string }

export function checkSectionContent(nodes: SectionNode[]): ContentVerdict {
  const scratch = new Y.Doc()
  const empty = new Y.Doc()
  try {
    const root = sectionRoot('import')
    applyNodes(scratch.getXmlFragment(root), nodes)
    const inspection = inspectUpdate(empty, Y.encodeStateAsUpdate(scratch), UPDATE_LIMITS)
    if (inspection.status === 'refused') return { ok: false, reason: inspection.reason === 'tooLarge' ? 'tooLarge' : 'invalid', detail: inspection.detail }
    if (inspection.status === 'waiting') return { ok: false, reason: 'invalid', detail: 'depends on missing structs' }
    for (const placed of inspection.placed) {
      if (placed.root !== root) return { ok: false, reason: 'invalid', detail: `writes ${placed.root}` }
      const why = contentRefusal(placed.item.content, placed.parent, placed.parentSub)
      if (why !== null) return { ok: false, reason: 'invalid', detail: why }
    }
    return { ok: true }
  } finally {
    scratch.destroy()
    empty.destroy()
  }
}
