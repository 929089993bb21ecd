import type { ReactNode } from 'react'
import { isAllowedHref, LINK_REL, LINK_TARGET } from '../../../shared/editor-schema.js'

/**
 * The HTML a document node and a run's marks are drawn as, outside the
 * editor: by StaticText (from a section's Y.XmlFragment) and by the
 * tracked-changes view (from the diff's TrackedNodes). One mapping, so that
 * the two draw a node the same way and as the editor does.
 */

/** A node's attribute by name, however the caller's node keeps them. */
export type NodeAttr = (name: string) => unknown

/** A table cell's colspan or rowspan, when it spans more than one. */
function spanOf(attr: NodeAttr, name: string): number | undefined {
  const value = attr(name)
  return typeof value === 'number' && Number.isInteger(value) && value > 1 ? value : undefined
}

/** The element a node of `type` is drawn as, around its already drawn children. */
export function nodeElement(type: string, attr: NodeAttr, children: ReactNode[], key: string): ReactNode {
  switch (type) {
    case 'paragraph':
      return <p key={key}>{children.length ? children : <br />}</p>
    case 'heading': {
      const level = Number(attr('level') ?? 3)
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
      const Tag = type === 'tableHeader' ? 'th' : 'td'
      return (
        <Tag key={key} colSpan={spanOf(attr, 'colspan')} rowSpan={spanOf(attr, 'rowspan')}>
          {children}
        </Tag>
      )
    }
    default:
      return <div key={key}>{children}</div>
  }
}

/** A run's text inside the elements its marks are drawn as (the caller wraps it in its keyed span). */
export function markedText(text: string, marks: Record<string, unknown>): ReactNode {
  let node: ReactNode = text
  if ('code' in marks) node = <code>{node}</code>
  if ('italic' in marks) node = <em>{node}</em>
  if ('bold' in marks) node = <strong>{node}</strong>
  if ('strike' in marks) node = <s>{node}</s>
  if ('underline' in marks) node = <u>{node}</u>
  // As the editor renders links: the href only, with the fixed rel and target.
  const link = marks.link as { href?: unknown } | undefined
  if (link && isAllowedHref(link.href)) {
    node = (
      <a href={link.href} rel={LINK_REL} target={LINK_TARGET}>
        {node}
      </a>
    )
  }
  return node
}
