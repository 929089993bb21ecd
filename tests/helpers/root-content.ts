import * as Y from 'yjs'

/**
 * The content of one root of a document as a string, read WITHOUT creating
 * the root (`doc.share.get`): every live list item and map entry, nested
 * types with their class and node name, text with its formatting items,
 * attributes, embeds, binaries and subdocuments. Independent of state
 * vectors and client ids, so it compares the server's copy, a client's copy
 * and the stored copy of a root. A root that does not exist, or is empty, reads as ''.
 *
 * Iterative, so a document nested thousands deep cannot overflow the stack.
 */
export function rootContent(doc: Y.Doc, root: string): string {
  const type = doc.share.get(root)
  if (!type) return ''
  const out: string[] = []
  // Work items: a type to open, or a literal to emit (closing brackets).
  const stack: Array<Y.AbstractType<unknown> | string> = [type as Y.AbstractType<unknown>]
  while (stack.length > 0) {
    const next = stack.pop()!
    if (typeof next === 'string') {
      out.push(next)
      continue
    }
    const later: Array<Y.AbstractType<unknown> | string> = []
    const emit = (item: Y.Item): void => {
      // A zero-length item holds nothing (and is not even encoded again).
      if (item.length === 0) return
      const c = item.content
      if (c instanceof Y.ContentType) {
        const t = c.type
        const name = t instanceof Y.XmlElement ? `<${t.nodeName}` : t instanceof Y.XmlHook ? `<hook:${t.hookName}` : `<${t.constructor.name}`
        later.push(name, t as Y.AbstractType<unknown>, '>')
      } else if (c instanceof Y.ContentString) later.push(JSON.stringify(c.str))
      else if (c instanceof Y.ContentFormat) later.push(`{fmt ${c.key}=${JSON.stringify(c.value)}}`)
      else if (c instanceof Y.ContentAny) later.push(`{any ${JSON.stringify(c.arr)}}`)
      else if (c instanceof Y.ContentEmbed) later.push(`{embed ${JSON.stringify(c.embed)}}`)
      else if (c instanceof Y.ContentBinary) later.push(`{bin ${Buffer.from(c.content).toString('hex')}}`)
      else if (c instanceof Y.ContentDoc) later.push(`{doc ${c.doc?.guid ?? '?'}}`)
      else if (c instanceof Y.ContentJSON) later.push(`{json ${JSON.stringify(c.arr)}}`)
      else later.push(`{${c.constructor.name}}`)
    }
    const keys = [...next._map.keys()].sort()
    for (const key of keys) {
      const item = next._map.get(key)!
      if (item.deleted) continue
      later.push(`@${JSON.stringify(key)}=`)
      emit(item)
    }
    later.push('|')
    for (let n = next._start; n !== null; n = n.right) if (!n.deleted) emit(n)
    for (let i = later.length - 1; i >= 0; i--) stack.push(later[i]!)
  }
  const content = out.join('')
  // An empty root reads as an absent one: what matters is content, not which roots were instantiated.
  return content === '|' ? '' : content
}

/** The contents of several roots, by name. */
export const rootsContent = (doc: Y.Doc, roots: readonly string[]): Map<string, string> => new Map(roots.map((r) => [r, rootContent(doc, r)]))

/** The roots whose content differs between two readings (each a `rootsContent` map). */
export function changedRoots(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...before.keys()].filter((r) => before.get(r) !== after.get(r))
}

/** Where two readings of a root first differ, with some context: for failure messages. */
export function firstDifference(a: string | undefined, b: string | undefined, context = 300): string {
  const x = a ?? ''
  const y = b ?? ''
  let i = 0
  while (i < x.length && i < y.length && x[i] === y[i]) i++
  const from = Math.max(0, i - 80)
  return `at ${i}:\n    one:   …${x.slice(from, i + context)}\n    other: …${y.slice(from, i + context)}`
}
