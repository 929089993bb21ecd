/**
 * What a client may place inside a section body: only content the editor's
 * schema (shared/editor-schema.ts) can show. Anything else would make every
 * reader's editor try to delete it, which the relay refuses, so one crafted
 * element could lock everyone out of a platform. Checked per inserted item by
 * the update guard and again after integration by the transaction audit.
 *
 * Placement is checked per item (which children an element may hold, which
 * attributes with which values, which marks where); the order and counts of a
 * content expression are not, because concurrent edits that each follow the
 * schema can merge into an order that does not, and editors repair that.
 */
import * as Y from 'yjs'
import { EDITOR_SCHEMA, attrValueAllowed, elementRule, formatAllowed, markOfFormat } from '../../shared/editor-schema.js'
import { MAX_NESTING_DEPTH } from '../../shared/limits.js'
import type { ParentShape } from './update-guard.js'

const docRule = EDITOR_SCHEMA.nodes.doc

/** The children and text a parent may hold. */
function childRule(parent: ParentShape): { children: readonly string[]; text: boolean } | null {
  if (parent.kind === 'fragment') return docRule
  if (parent.kind === 'element' && parent.nodeName !== null) return elementRule(parent.nodeName)
  return null
}

/** Why this content may not be placed in this parent (under this map key), or null. */
export function contentRefusal(content: Y.Item['content'], parent: ParentShape, parentSub: string | null): string | null {
  // Deleted content holds nothing; its length only keeps clocks aligned.
  if (content instanceof Y.ContentDeleted) return null

  if (parentSub !== null) {
    if (parent.kind !== 'element' || parent.nodeName === null) return `attribute ${parentSub} outside an element`
    const rule = elementRule(parent.nodeName)
    const attr = rule && Object.hasOwn(rule.attrs, parentSub) ? rule.attrs[parentSub] : undefined
    if (!attr) return `attribute ${parentSub} is not part of ${parent.nodeName}`
    if (!(content instanceof Y.ContentAny) || content.arr.length !== 1) return `attribute ${parentSub} holds no plain value`
    return attrValueAllowed(attr, content.arr[0]) ? null : `attribute ${parentSub} of ${parent.nodeName} has a value the editor does not accept`
  }

  if (parent.kind === 'text') {
    if (content instanceof Y.ContentString) return null
    if (content instanceof Y.ContentFormat) {
      const mark = markOfFormat(content.key)
      if (mark === null || !formatAllowed(content.key, content.value)) return `format ${content.key} is not a mark of the editor`
      const container = parent.element === null ? null : elementRule(parent.element)
      if (!container?.marks && content.value !== null) return `marks are not allowed in ${parent.element ?? 'this text'}`
      return null
    }
    return 'text holds something other than characters and marks'
  }

  const allowed = childRule(parent)
  if (!allowed) return `${parent.nodeName ?? parent.kind} cannot hold children`
  if (!(content instanceof Y.ContentType)) return 'a section holds only elements and text'
  const type = content.type as Y.AbstractType<unknown>
  if (type instanceof Y.XmlText) return allowed.text ? null : `${parent.nodeName ?? 'a section'} cannot hold text`
  if (type instanceof Y.XmlElement) {
    if (!allowed.children.includes(type.nodeName)) return `${type.nodeName} cannot be placed in ${parent.nodeName ?? 'a section'}`
    if (parent.depth + 1 > MAX_NESTING_DEPTH) return `elements nested deeper than ${MAX_NESTING_DEPTH}`
    return null
  }
  return 'a section holds only elements and text'
}
