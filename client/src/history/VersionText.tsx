import type { ReactNode } from 'react'
import type { ProseMirrorJson } from '../../../shared/versions.js'
import { markedText, nodeElement } from '../platform/node-elements.js'

/** Deeper than this, a version's text is drawn flat: the store kept texts nested past what a page can draw. */
const MAX_DEPTH = 48

function renderNodes(nodes: readonly ProseMirrorJson[], key: string, depth: number): ReactNode[] {
  return nodes.map((node, i) => {
    const k = `${key}.${i}`
    if (node.type === 'text') {
      const marks = Object.fromEntries((node.marks ?? []).map((m) => [m.type, m.attrs ?? {}]))
      return <span key={k}>{markedText(node.text ?? '', marks)}</span>
    }
    const children = depth >= MAX_DEPTH ? [] : renderNodes(node.content ?? [], k, depth + 1)
    return nodeElement(node.type, (name) => node.attrs?.[name], children, k)
  })
}

/** A version's text with its structure and marks, drawn as the section's static text is (node-elements.tsx). */
export function VersionText({ json, emptyText, lang }: { json: ProseMirrorJson; emptyText: string; lang: string }) {
  const content = json.content ?? []
  const empty = content.length === 0 || (content.length === 1 && content[0]?.type === 'paragraph' && !content[0].content?.length)
  return (
    <div className="section-text static-text history-text" lang={lang}>
      {empty ? <p className="empty">{emptyText}</p> : renderNodes(content, 'v', 0)}
    </div>
  )
}
