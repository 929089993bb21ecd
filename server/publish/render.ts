import type { SectionNode } from '../../shared/content-hash.js'

/** Escapes text for HTML element content and attribute values. */
export const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)

/** Only http(s) and mailto links survive; anything else (javascript:, data:) is dropped. */
export function safeHref(href: unknown): string | null {
  if (typeof href !== 'string') return null
  try {
    const url = new URL(href)
    return url.protocol === 'http:' || url.protocol === 'https:' || url.protocol === 'mailto:' ? url.href : null
  } catch {
    return null
  }
}

const linkOf = (marks: Record<string, unknown>): string | null => {
  const link = marks.link as { href?: unknown } | undefined
  return link ? safeHref(link.href) : null
}

const isText = (n: SectionNode): n is Extract<SectionNode, { text: string }> => 'text' in n
const level = (n: Extract<SectionNode, { type: string }>): number => Math.min(6, Math.max(1, Number(n.attrs.level) || 2))

type ElementNode = Extract<SectionNode, { type: string }>

/**
 * Block nesting the renderers go to. The editor's schema nests a few levels
 * (lists in lists, quotes); a crafted client can store tens of thousands.
 * Deeper content is kept, as one paragraph of its text, so the renderers
 * below recurse at most this deep and Markdown indentation stays bounded.
 */
export const MAX_RENDER_DEPTH = 32

/** The tree cut at `maxDepth`: elements there become a paragraph of their text (iterative, any depth). */
export function boundDepth(nodes: SectionNode[], maxDepth = MAX_RENDER_DEPTH): SectionNode[] {
  const root: SectionNode[] = []
  const stack: Array<{ from: SectionNode[]; to: SectionNode[]; depth: number }> = [{ from: nodes, to: root, depth: 0 }]
  while (stack.length > 0) {
    const { from, to, depth } = stack.pop()!
    for (const n of from) {
      if (isText(n)) to.push(n)
      else if (depth + 1 >= maxDepth) to.push({ type: 'paragraph', attrs: {}, content: textsOf(n) })
      else {
        const copy: ElementNode = { type: n.type, attrs: n.attrs, content: [] }
        to.push(copy)
        stack.push({ from: n.content, to: copy.content, depth: depth + 1 })
      }
    }
  }
  return root
}

/** Every text node under `node`, in document order, without recursion. */
function textsOf(node: ElementNode): SectionNode[] {
  const texts: SectionNode[] = []
  const stack: SectionNode[][] = [[...node.content].reverse()]
  while (stack.length > 0) {
    const next = stack[stack.length - 1]!.pop()
    if (next === undefined) stack.pop()
    else if (isText(next)) texts.push(next)
    else stack.push([...next.content].reverse())
  }
  return texts
}

/** A section's content as HTML; every string is escaped, links filtered. */
export const toHtml = (nodes: SectionNode[]): string => htmlOf(boundDepth(nodes))

function htmlOf(nodes: SectionNode[]): string {
  return nodes
    .map((n) => {
      if (isText(n)) {
        let html = escapeHtml(n.text)
        if (n.marks.bold) html = `<strong>${html}</strong>`
        if (n.marks.italic) html = `<em>${html}</em>`
        if (n.marks.code) html = `<code>${html}</code>`
        const href = linkOf(n.marks)
        if (href) html = `<a href="${escapeHtml(href)}">${html}</a>`
        return html
      }
      const inner = htmlOf(n.content)
      switch (n.type) {
        case 'paragraph':
          return `<p>${inner}</p>`
        case 'heading':
          return `<h${level(n) + 1}>${inner}</h${level(n) + 1}>`
        case 'bulletList':
          return `<ul>${inner}</ul>`
        case 'orderedList':
          return `<ol>${inner}</ol>`
        case 'listItem':
          return `<li>${inner}</li>`
        case 'blockquote':
          return `<blockquote>${inner}</blockquote>`
        case 'hardBreak':
          return '<br>'
        case 'codeBlock':
          return `<pre>${inner}</pre>`
        default:
          return `<div>${inner}</div>`
      }
    })
    .join('')
}

/** Escapes Markdown syntax and raw HTML in text. */
export const escapeMarkdown = (text: string): string =>
  text
    .replace(/[\\`*_{}[\]()#+!|~>-]/g, '\\$&')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')

function inlineMarkdown(nodes: SectionNode[]): string {
  return nodes
    .map((n) => {
      if (!isText(n)) return n.type === 'hardBreak' ? '  \n' : inlineMarkdown(n.content)
      let md = escapeMarkdown(n.text)
      if (n.marks.bold) md = `**${md}**`
      if (n.marks.italic) md = `_${md}_`
      const href = linkOf(n.marks)
      if (href) md = `[${md}](<${href.replace(/[<>]/g, encodeURIComponent)}>)`
      return md
    })
    .join('')
}

/** A section's content as Markdown blocks. */
export const toMarkdown = (nodes: SectionNode[]): string => markdownOf(boundDepth(nodes))

function markdownOf(nodes: SectionNode[], indent = ''): string {
  const blocks: string[] = []
  for (const n of nodes) {
    if (isText(n)) {
      blocks.push(indent + inlineMarkdown([n]))
      continue
    }
    switch (n.type) {
      case 'heading':
        blocks.push(`${indent}${'#'.repeat(Math.min(6, level(n) + 1))} ${inlineMarkdown(n.content)}`)
        break
      case 'bulletList':
      case 'orderedList':
        blocks.push(
          n.content
            .map((item, i) => {
              const marker = n.type === 'bulletList' ? '- ' : `${i + 1}. `
              const body = isText(item) ? inlineMarkdown([item]) : markdownOf(item.type === 'listItem' ? item.content : [item], `${indent}   `).trimStart()
              return indent + marker + body
            })
            .join('\n'),
        )
        break
      case 'blockquote':
        blocks.push(
          markdownOf(n.content)
            .split('\n')
            .map((l) => `${indent}> ${l}`)
            .join('\n'),
        )
        break
      default:
        blocks.push(indent + inlineMarkdown(n.content))
    }
  }
  return blocks.join('\n\n')
}
