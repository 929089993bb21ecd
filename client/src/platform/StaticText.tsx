import { useEffect, useState, type ReactNode } from 'react'
import * as Y from 'yjs'
import { isAllowedHref, LINK_REL, LINK_TARGET } from '../../../shared/editor-schema.js'

interface DeltaOp {
  insert?: unknown
  attributes?: Record<string, unknown>
}

/** Deeper elements are not drawn (the relay bounds nesting; this keeps an old document from overflowing the stack). */
const MAX_DEPTH = 64

function renderText(text: Y.XmlText, key: string): ReactNode[] {
  const ops = text.toDelta() as DeltaOp[]
  return ops.map((op, i) => {
    if (typeof op.insert !== 'string') return null
    let node: ReactNode = op.insert
    const attrs = op.attributes ?? {}
    if ('code' in attrs) node = <code>{node}</code>
    if ('italic' in attrs) node = <em>{node}</em>
    if ('bold' in attrs) node = <strong>{node}</strong>
    if ('strike' in attrs) node = <s>{node}</s>
    if ('underline' in attrs) node = <u>{node}</u>
    // As the editor renders links: the href only, with the fixed rel and target.
    const link = attrs.link as { href?: unknown } | undefined
    if (link && isAllowedHref(link.href)) {
      node = (
        <a href={link.href} rel={LINK_REL} target={LINK_TARGET}>
          {node}
        </a>
      )
    }
    return <span key={`${key}.${i}`}>{node}</span>
  })
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
  const children = renderChildren(el, key, depth)
  switch (el.nodeName) {
    case 'paragraph':
      return <p key={key}>{children.length ? children : <br />}</p>
    case 'heading': {
      const level = Number(el.getAttribute('level') ?? 3)
      // Section titles are h2, so text headings are h3 or deeper (as in the editor).
      const Tag = (['h3', 'h4', 'h5', 'h6'] as const)[Math.min(Math.max(level, 3), 6) - 3] ?? 'h3'
      return <Tag key={key}>{children}</Tag>
    }
    case 'bulletList':
      return <ul key={key}>{children}</ul>
    case 'orderedList':
      return <ol key={key}>{children}</ol>
    case 'listItem':
      return <li key={key}>{children}</li>
    case 'blockquote':
      return <blockquote key={key}>{children}</blockquote>
    case 'codeBlock':
      return (
        <pre key={key}>
          <code>{children}</code>
        </pre>
      )
    case 'horizontalRule':
      return <hr key={key} />
    case 'hardBreak':
      return <br key={key} />
    // Tables (pasted from Word, Google Docs, web pages; issue 13), drawn as the editor draws them.
    case 'table':
      return (
        <table key={key}>
          <tbody>{children}</tbody>
        </table>
      )
    case 'tableRow':
      return <tr key={key}>{children}</tr>
    case 'tableCell':
    case 'tableHeader': {
      const Tag = el.nodeName === 'tableHeader' ? 'th' : 'td'
      const span = (name: string) => {
        const value = el.getAttribute(name) as unknown
        return typeof value === 'number' && Number.isInteger(value) && value > 1 ? value : undefined
      }
      return (
        <Tag key={key} colSpan={span('colspan')} rowSpan={span('rowspan')}>
          {children}
        </Tag>
      )
    }
    default:
      return <div key={key}>{children}</div>
  }
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
