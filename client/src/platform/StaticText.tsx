import { useEffect, useState, type ReactNode } from 'react'
import * as Y from 'yjs'
import { markedText, nodeElement } from './node-elements.js'

interface DeltaOp {
  insert?: unknown
  attributes?: Record<string, unknown>
}

/** Deeper elements are not drawn (the relay bounds nesting; this keeps an old document from overflowing the stack). */
const MAX_DEPTH = 64

function renderText(text: Y.XmlText, key: string): ReactNode[] {
  const ops = text.toDelta() as DeltaOp[]
  return ops.map((op, i) => (typeof op.insert === 'string' ? <span key={`${key}.${i}`}>{markedText(op.insert, op.attributes ?? {})}</span> : null))
}

function renderChildren(parent: Y.XmlElement | Y.XmlFragment, key: string, depth: number): ReactNode[] {
  if (depth > MAX_DEPTH) return []
  return parent.toArray().map((child, i) => {
    const childKey = `${key}.${i}`
    if (child instanceof Y.XmlText) return renderText(child, childKey)
    if (child instanceof Y.XmlElement) return renderElement(child, childKey, depth + 1)
    return null
  })
}

function renderElement(el: Y.XmlElement, key: string, depth: number): ReactNode {
  return nodeElement(el.nodeName, (name) => el.getAttribute(name) as unknown, renderChildren(el, key, depth), key)
}

/**
 * A cheap read-only rendering of a section's text straight from its
 * Y.XmlFragment, shown until the section's editor is mounted.
 */
export function StaticText({ fragment, emptyText }: { fragment: Y.XmlFragment; emptyText: string }) {
  const [version, setVersion] = useState(0)
  useEffect(() => {
    const bump = () => setVersion((v) => v + 1)
    fragment.observeDeep(bump)
    return () => fragment.unobserveDeep(bump)
  }, [fragment])
  void version
  const children = renderChildren(fragment, 's', 0)
  return <div className="section-text static-text">{fragment.length === 0 ? <p className="empty">{emptyText}</p> : children}</div>
}
