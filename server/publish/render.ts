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

/** A section's content as HTML; every string is escaped, links filtered. */
export function toHtml(nodes: SectionNode[]): string {
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
      const inner = toHtml(n.content)
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
  text.replace(/[\\`*_{}[\]()#+!|~>-]/g, '\\$&').replace(/&/g, '&amp;').replace(/</g, '&lt;')

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
export function toMarkdown(nodes: SectionNode[], indent = ''): string {
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
              const body = isText(item) ? inlineMarkdown([item]) : toMarkdown(item.type === 'listItem' ? item.content : [item], indent + '   ').trimStart()
              return indent + marker + body
            })
            .join('\n'),
        )
        break
      case 'blockquote':
        blocks.push(toMarkdown(n.content).split('\n').map((l) => `${indent}> ${l}`).join('\n'))
        break
      default:
        blocks.push(indent + inlineMarkdown(n.content))
    }
  }
  return blocks.join('\n\n')
}
