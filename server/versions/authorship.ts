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
import type { Store } from '../store/store.js'

/**
 * The person behind the item of `client` at `clock` (null: nobody's: the
 * server's own writes), and the clock up to which that holds (exclusive;
 * Infinity: the whole client id). One client id is one person's, except the
 * server's, whose clock ranges are written for different people.
 */
export type ClientOwner = (client: number, clock: number) => { person: string | null; until: number }

/**
 * Each block of the fragment (an element holding text directly: paragraph,
 * heading, code block) as runs of text by one person. Iterative: a section
 * stored before nesting was bounded can be nested thousands deep.
 */
export function authorRuns(fragment: Y.XmlFragment | null, ownerOf: ClientOwner): AuthorRuns {
  const blocks: AuthorRuns = []
  if (fragment === null) return blocks
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
          if (item.deleted || !(item.content instanceof Y.ContentString)) continue
          // An item can span server writes for different people (Yjs merges consecutive items of one client).
          const str = item.content.str
          for (let offset = 0; offset < str.length; ) {
            const { person, until } = ownerOf(item.id.client, item.id.clock + offset)
            const n = Math.max(1, Math.min(str.length - offset, until - (item.id.clock + offset)))
            push(str.slice(offset, offset + n), person)
            offset += n
          }
        }
      } else if (part instanceof Y.XmlElement && part.nodeName === 'hardBreak') push('\n', null)
    }
    if (runs.length > 0) blocks.push(runs)
  }
  return blocks
}

/**
 * Who wrote what on a platform's document, from the store: a person's client
 * ids (claimed by the relay), and the ranges the server wrote for someone.
 * Cached per client id for one reading.
 */
export function clientOwners(store: Pick<Store, 'clientOwner' | 'serverWrites'>, docName: string): ClientOwner {
  const cache = new Map<number, { claimed: string | null; ranges: Array<{ from: number; to: number; personId: string }> }>()
  return (client, clock) => {
    let known = cache.get(client)
    if (!known) {
      known = { claimed: store.clientOwner(docName, client), ranges: store.serverWrites(docName, client) }
      cache.set(client, known)
    }
    if (known.ranges.length === 0) return { person: known.claimed, until: Number.POSITIVE_INFINITY }
    const range = known.ranges.find((r) => r.from <= clock && clock < r.to)
    if (range) return { person: range.personId, until: range.to }
    const next = known.ranges.find((r) => r.from > clock)
    return { person: null, until: next?.from ?? Number.POSITIVE_INFINITY }
  }
}
