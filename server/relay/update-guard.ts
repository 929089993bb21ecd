/**
 * Which root types does an incoming update touch? Checked before the update
 * is applied: every inserted item and every deletion is traced to its root
 * (through the update itself or the server's document), so the relay can
 * refuse an update that writes anything its sender may not write.
 */
// Y.AbstractType<any>: Yjs types its event parameter with any; unknown does not unify with it.
import * as Y from 'yjs'

/**
 * `unresolved`: the update refers to items the server does not have yet. A
 * y-websocket client sends live updates as soon as its socket opens, before
 * its sync reply carries what they depend on, so the relay holds such an
 * update briefly (see messages.ts) instead of refusing it.
 */
export type GuardResult =
  | { ok: true; roots: Set<string> }
  | { ok: false; reason: 'malformed' | 'unresolved' }

type IdLike = { client: number; clock: number }
/**
 * An item's parent as Y.decodeUpdate gives it: a root type's name, the id of
 * the item holding a nested type, or null when it is the parent of the item's
 * origin (left or right neighbour). A type object appears for items already
 * integrated in the server's document.
 */
type DecodedParent = Y.AbstractType<any> | IdLike | string | null

/** `root` names a root type; `discarded` means Yjs will garbage-collect it (its parent is gone). */
type Resolution = { root: string } | { discarded: true } | null

const MAX_DEPTH = 10_000

export function rootsTouched(doc: Y.Doc, update: Uint8Array): GuardResult {
  let decoded: { structs: Array<Y.Item | Y.GC | Y.Skip>; ds: { clients: Map<number, Array<{ clock: number; len: number }>> } }
  try {
    decoded = Y.decodeUpdate(update) as unknown as typeof decoded
  } catch {
    return { ok: false, reason: 'malformed' }
  }

  // Structs of the update, by client, sorted by clock, for lookups by id. GC
  // structs count: a client sends what it inserted and deleted since as GC.
  const byClient = new Map<number, Array<Y.Item | Y.GC>>()
  for (const s of decoded.structs) {
    // A Skip is a gap: the update depends on structs not sent yet.
    if (s instanceof Y.Skip) return { ok: false, reason: 'unresolved' }
    const list = byClient.get(s.id.client) ?? []
    list.push(s)
    byClient.set(s.id.client, list)
  }
  for (const list of byClient.values()) list.sort((a, b) => a.id.clock - b.id.clock)

  const docRoots = new Map<Y.AbstractType<any>, string>()
  for (const [name, type] of doc.share) docRoots.set(type, name)
  const rootName = (type: Y.AbstractType<any>): string | null => {
    const known = docRoots.get(type)
    if (known !== undefined) return known
    // Roots decoded from the update belong to a scratch document of Y.decodeUpdate.
    for (const [name, t] of type.doc?.share ?? []) if (t === type) return name
    return null
  }

  const memo = new Map<Y.Item, Resolution>()

  const findInUpdate = (id: IdLike): Y.Item | Y.GC | null => {
    const list = byClient.get(id.client)
    if (!list) return null
    let lo = 0
    let hi = list.length - 1
    while (lo <= hi) {
      const mid = (lo + hi) >> 1
      const item = list[mid]!
      if (id.clock < item.id.clock) hi = mid - 1
      else if (id.clock >= item.id.clock + item.length) lo = mid + 1
      else return item
    }
    return null
  }

  const resolveDocType = (type: Y.AbstractType<any>): Resolution => {
    let t = type
    for (let depth = 0; t._item !== null; depth++) {
      if (depth > MAX_DEPTH) return null
      const parent = t._item.parent
      if (!(parent instanceof Y.AbstractType)) return null
      t = parent
    }
    const name = rootName(t)
    return name === null ? null : { root: name }
  }

  /** Resolves an id: an item of the update, or a struct already in the server's document. */
  const resolveId = (id: IdLike, depth: number): Resolution => {
    const inUpdate = findInUpdate(id)
    if (inUpdate) return inUpdate instanceof Y.Item ? resolveItem(inUpdate, depth + 1) : { discarded: true }
    const structs = doc.store.clients.get(id.client)
    if (!structs || id.clock >= Y.getState(doc.store, id.client)) return null
    const struct = structs[Y.findIndexSS(structs, id.clock)]
    if (!(struct instanceof Y.Item)) return { discarded: true }
    const parent = struct.parent
    if (parent instanceof Y.AbstractType) return resolveDocType(parent)
    return { discarded: true }
  }

  const resolveItem = (item: Y.Item, depth: number): Resolution => {
    if (depth > MAX_DEPTH) return null
    const cached = memo.get(item)
    if (cached !== undefined) return cached
    memo.set(item, null) // a cycle resolves to "unresolved"
    const parent = item.parent as DecodedParent
    let result: Resolution
    if (typeof parent === 'string') {
      result = { root: parent }
    } else if (parent instanceof Y.AbstractType) {
      const name = rootName(parent)
      result = name === null ? null : { root: name }
    } else if (parent !== null) {
      // The parent is a nested type: the type lives in the item with that id.
      const inUpdate = findInUpdate(parent)
      if (inUpdate) result = inUpdate instanceof Y.Item ? resolveItem(inUpdate, depth + 1) : { discarded: true }
      else {
        const structs = doc.store.clients.get(parent.client)
        if (!structs || parent.clock >= Y.getState(doc.store, parent.client)) result = null
        else {
          const struct = structs[Y.findIndexSS(structs, parent.clock)]
          result =
            struct instanceof Y.Item && struct.content instanceof Y.ContentType
              ? resolveDocType(struct.content.type)
              : { discarded: true }
        }
      }
    } else {
      // Parent not encoded: it is the parent of the left or right neighbour.
      const neighbour = item.origin ?? item.rightOrigin
      result = neighbour ? resolveId(neighbour, depth + 1) : null
    }
    memo.set(item, result)
    return result
  }

  const roots = new Set<string>()
  const add = (r: Resolution): boolean => {
    if (r === null) return false
    if ('root' in r) roots.add(r.root)
    return true
  }

  // Each client's first new struct must follow what the server has: Yjs would
  // otherwise hold the update as pending, unstored, which the relay refuses to do.
  const firstClock = new Map<number, number>()
  for (const s of decoded.structs) {
    if (!firstClock.has(s.id.client)) firstClock.set(s.id.client, s.id.clock)
  }
  for (const [client, clock] of firstClock) {
    if (clock > Y.getState(doc.store, client)) return { ok: false, reason: 'unresolved' }
  }

  for (const s of decoded.structs) {
    if (!(s instanceof Y.Item)) continue
    // Items the server already has are skipped by Yjs: they change nothing.
    if (s.id.clock + s.length <= Y.getState(doc.store, s.id.client)) continue
    if (!add(resolveItem(s, 0))) return { ok: false, reason: 'unresolved' }
    for (const dep of [s.origin, s.rightOrigin]) {
      if (dep && !findInUpdate(dep) && dep.clock >= Y.getState(doc.store, dep.client)) {
        return { ok: false, reason: 'unresolved' }
      }
    }
  }

  for (const [client, ranges] of decoded.ds.clients) {
    for (const { clock, len } of ranges) {
      let at = clock
      while (at < clock + len) {
        // What the server already has decides: deleting what it already
        // deleted changes nothing, even if the update carries the struct too
        // (a client replaying its device copy resends its whole history).
        if (at < Y.getState(doc.store, client)) {
          const structs = doc.store.clients.get(client)!
          const struct = structs[Y.findIndexSS(structs, at)]!
          if (!struct.deleted && struct instanceof Y.Item && struct.parent instanceof Y.AbstractType) {
            if (!add(resolveDocType(struct.parent))) return { ok: false, reason: 'unresolved' }
          }
          at = Math.min(struct.id.clock + struct.length, Y.getState(doc.store, client))
          continue
        }
        const inUpdate = findInUpdate({ client, clock: at })
        if (!inUpdate) return { ok: false, reason: 'unresolved' }
        if (inUpdate instanceof Y.Item && !add(resolveItem(inUpdate, 0))) return { ok: false, reason: 'unresolved' }
        at = inUpdate.id.clock + inUpdate.length
      }
    }
  }
  return { ok: true, roots }
}
