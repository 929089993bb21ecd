/**
 * Who wrote which words of a section, read from the server's own document:
 * every character of text is a Yjs item whose id names the client that
 * inserted it, and the relay records which person each client id belongs to
 * (doc_clients; a client id is claimed by its first writer and refused to
 * anyone else). So authorship needs no extra bookkeeping per keystroke, and
 * a client cannot claim another person's words.
 */
import * as Y from 'yjs'
import type { AuthorRuns } from '../../shared/versions.js'

/** The person behind a Yjs client id on this document; null: nobody's (the server's own writes). */
export type ClientOwner = (client: number) => string | null

/**
 * Each block of the fragment (an element holding text directly: paragraph,
 * heading, code block) as runs of text by one person. Iterative: a section
 * stored before nesting was bounded can be nested thousands deep.
 */
export function authorRuns(fragment: Y.XmlFragment | null, ownerOf: ClientOwner): AuthorRuns {
  const blocks: AuthorRuns = []
  if (fragment === null) return blocks
  const owners = new Map<number, string | null>()
  const owner = (client: number): string | null => {
    let person = owners.get(client)
    if (person === undefined) {
      person = ownerOf(client)
      owners.set(client, person)
    }
    return person
  }
  const stack: Array<{ children: Array<Y.XmlElement | Y.XmlText | Y.XmlHook>; next: number }> = [{ children: fragment.toArray(), next: 0 }]
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!
    if (frame.next >= frame.children.length) {
      stack.pop()
      continue
    }
    const child = frame.children[frame.next++]
    if (!(child instanceof Y.XmlElement)) continue
    const parts = child.toArray()
    if (!parts.some((p) => p instanceof Y.XmlText)) {
      stack.push({ children: parts, next: 0 })
      continue
    }
    const runs: AuthorRuns[number] = []
    const push = (text: string, person: string | null) => {
      const last = runs.at(-1)
      if (last && last[1] === person) last[0] += text
      else runs.push([text, person])
    }
    for (const part of parts) {
      if (part instanceof Y.XmlText) {
        for (let item = part._start; item !== null; item = item.right) {
          if (!item.deleted && item.content instanceof Y.ContentString) push(item.content.str, owner(item.id.client))
        }
      } else if (part instanceof Y.XmlElement && part.nodeName === 'hardBreak') push('\n', null)
    }
    if (runs.length > 0) blocks.push(runs)
  }
  return blocks
}
