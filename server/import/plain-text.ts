import type { SectionNode } from '../../shared/content-hash.js'

/** Plain text of a section's nodes, blocks separated by a space (word counts and previews). */
export function plainText(nodes: SectionNode[]): string {
  const parts: string[] = []
  const stack: SectionNode[] = [...nodes].reverse()
  while (stack.length > 0) {
    const node = stack.pop()!
    if ('text' in node) parts.push(node.text)
    else {
      parts.push(' ')
      for (let i = node.content.length - 1; i >= 0; i--) stack.push(node.content[i]!)
    }
  }
  return parts.join('').replace(/\s+/g, ' ').trim()
}
