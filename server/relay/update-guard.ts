/**
 * The relay's first line of defence: what would this update do to the
 * server's document? Decided before anything is applied, stored or relayed.
 *
 * An update can claim anything about itself, so nothing it says about
 * structs the server already has is believed:
 * - The update is first cut down to its part that is new to the server
 *   (`Y.diffUpdate` against the server's state vector). That canonical form is
 *   what is inspected and what is applied: the server never applies bytes it
 *   did not judge. Fake structs carrying ids the server has are gone from it.
 * - Every reference below the server's state vector (origin, right origin,
 *   parent) resolves only in the server's document; references above it only
 *   to structs of the update itself.
 * - Where each new item lands is worked out the way Yjs integrates it
 *   (Item.getMissing): from its left neighbour, else its right neighbour, else
 *   its parent; next to a GC'd neighbour or inside a GC'd parent it is
 *   discarded.
 * - Shapes Yjs would handle differently than this reading (a client appearing
 *   in two sections, gaps, zero lengths, references to a later struct of the
 *   same client, dependency cycles) are malformed; sizes are bounded.
 * Walks are iterative: no input can overflow the stack.
 */
import * as encoding from 'lib0/encoding'
import * as Y from 'yjs'
import { scanUpdate, type UpdateLimits } from './update-size.js'

export type { UpdateLimits } from './update-size.js'

/** The type a new item is placed in, as the content rules need to see it. */
export interface ParentShape {
  kind: 'fragment' | 'element' | 'text' | 'other'
  /** An element's node name. */
  nodeName: string | null
  /** Elements from the root down to this parent, itself included. */
  depth: number
  /** The node name of the nearest element at or above this parent (what a text's marks must fit). */
  element: string | null
}

/** A new item of the update and where Yjs will put it. */
export interface Placed {
  item: Y.Item
  root: string
  parent: ParentShape
  parentSub: string | null
}

/** An id the server's document must have before the update can apply (its clock is below the client's state). */
export interface Need {
  client: number
  clock: number
}

export type Inspection =
  /** `update` is the canonical form: apply exactly these bytes. */
  | { status: 'ready'; update: Uint8Array; roots: Set<string>; placed: Placed[]; clients: number[] }
  | { status: 'refused'; reason: 'malformed' | 'tooLarge'; detail: string }
  /**
   * The update depends on structs the server does not have yet (a y-websocket
   * client sends live updates before its sync reply). `roots` and `placed`
   * cover what could be resolved, so the caller can refuse before holding it.
   */
  | { status: 'waiting'; need: Need; roots: Set<string>; placed: Placed[] }

type Struct = Y.Item | Y.GC | Y.Skip
type Resolution = { placed: true; root: string; parent: ParentShape; parentSub: string | null } | { placed: false }
type Step = Resolution | { missing: Need } | { after: Y.Item }

class Malformed extends Error {}

/** Clocks and lengths beyond this are malformed (2^40: far beyond any real editor, far below 2^53). */
const MAX_CLOCK = 2 ** 40

/** Stands for a type the walk could not name: no one may write it. */
export const UNKNOWN_ROOT = '\u0000unknown'
const DISCARDED: Resolution = { placed: false }
const ROOT_SHAPE: ParentShape = { kind: 'fragment', nodeName: null, depth: 0, element: null }

/** The shape of a type: XmlText and XmlElement are checked before the classes they extend. */
export function shapeKind(type: Y.AbstractType<unknown>): ParentShape['kind'] {
  if (type instanceof Y.XmlText) return 'text'
  if (type instanceof Y.XmlElement) return 'element'
  if (type instanceof Y.XmlFragment) return 'fragment'
  return 'other'
}

/**
 * Root name and shape of a type in the server's document, walking up
 * iteratively (stored documents may predate the depth bound). Memoized per
 * inspection: many items share a parent.
 */
export class DocTypes {
  private readonly memo = new Map<Y.AbstractType<unknown>, { root: string | null; shape: ParentShape }>()
  private rootNames: Map<Y.AbstractType<unknown>, string> | null = null

  constructor(private readonly doc: Y.Doc) {}

  describe(type: Y.AbstractType<unknown>): { root: string | null; shape: ParentShape } {
    const known = this.memo.get(type)
    if (known) return known
    // Collect the chain up to a memoized ancestor or the root, then fill it in from the top.
    const chain: Y.AbstractType<unknown>[] = []
    let top: Y.AbstractType<unknown> | null = type
    let base: { root: string | null; shape: ParentShape } | null = null
    while (top !== null) {
      const memoized = this.memo.get(top)
      if (memoized) {
        base = memoized
        break
      }
      chain.push(top)
      const item: Y.Item | null = top._item
      if (item === null) break
      top = item.parent instanceof Y.AbstractType ? (item.parent as Y.AbstractType<unknown>) : null
    }
    let root = base?.root ?? null
    let depth = base?.shape.depth ?? 0
    let element = base?.shape.element ?? null
    if (!base) {
      const last = chain[chain.length - 1]!
      root = last._item === null ? this.rootName(last) : null
    }
    let result = base ?? { root, shape: ROOT_SHAPE }
    for (let i = chain.length - 1; i >= 0; i--) {
      const t = chain[i]!
      if (t._item === null) {
        // A root's kind is fixed by its name (a stored root may still be a plain AbstractType).
        result = { root, shape: ROOT_SHAPE }
      } else {
        const kind = shapeKind(t)
        const nodeName = t instanceof Y.XmlElement ? t.nodeName : null
        if (kind === 'element') {
          depth++
          element = nodeName
        }
        result = { root, shape: { kind, nodeName, depth, element } }
      }
      this.memo.set(t, result)
    }
    return result
  }

  private rootName(type: Y.AbstractType<unknown>): string | null {
    if (!this.rootNames) {
      this.rootNames = new Map()
      for (const [name, t] of this.doc.share) this.rootNames.set(t as Y.AbstractType<unknown>, name)
    }
    return this.rootNames.get(type) ?? null
  }
}

/**
 * The server's state vector for just these clients: diffUpdate reads only the
 * clients an update carries, so this costs what the update holds, not what
 * the document's history holds (every page load adds a client id).
 */
function stateVectorOf(doc: Y.Doc, clients: number[]): Uint8Array {
  const encoder = encoding.createEncoder()
  const known = [...new Set(clients)].filter((client) => doc.store.clients.has(client))
  encoding.writeVarUint(encoder, known.length)
  for (const client of known) {
    encoding.writeVarUint(encoder, client)
    encoding.writeVarUint(encoder, Y.getState(doc.store, client))
  }
  return encoding.toUint8Array(encoder)
}

export function inspectUpdate(doc: Y.Doc, raw: Uint8Array, limits: UpdateLimits, rawLimits: UpdateLimits = limits): Inspection {
  // Decoding costs about a microsecond per struct: refuse huge ones before decoding anything.
  const scan = scanUpdate(raw, rawLimits)
  if ('over' in scan) return { status: 'refused', reason: 'tooLarge', detail: scan.over }
  if ('unreadable' in scan) return { status: 'refused', reason: 'malformed', detail: `update could not be read: ${scan.unreadable}` }
  let update: Uint8Array
  let decoded: { structs: Struct[]; ds: { clients: Map<number, Array<{ clock: number; len: number }>> } }
  try {
    update = Y.diffUpdate(raw, stateVectorOf(doc, scan.clients))
    decoded = Y.decodeUpdate(update) as unknown as typeof decoded
  } catch {
    return { status: 'refused', reason: 'malformed', detail: 'update could not be decoded' }
  }
  try {
    return new Inspector(doc, update, decoded.structs, decoded.ds.clients, limits).run()
  } catch (error) {
    if (error instanceof Malformed) return { status: 'refused', reason: 'malformed', detail: error.message }
    throw error
  }
}

class Inspector {
  private readonly byClient = new Map<number, Struct[]>()
  private readonly memo = new Map<Y.Item, Resolution>()
  private readonly docMemo = new Map<Y.Item | Y.GC, Resolution>()
  /** Items that wait for a missing struct (remembered so a long chain is walked once). */
  private readonly waiting = new Map<Y.Item, Need>()
  private readonly types: DocTypes
  private readonly roots = new Set<string>()
  private readonly placed: Placed[] = []
  private need: Need | null = null

  constructor(
    private readonly doc: Y.Doc,
    private readonly update: Uint8Array,
    private readonly structs: Struct[],
    private readonly deletes: Map<number, Array<{ clock: number; len: number }>>,
    private readonly limits: UpdateLimits,
  ) {
    this.types = new DocTypes(doc)
  }

  private readonly states = new Map<number, number>()
  /** The server's clock for a client (the document does not change during an inspection). */
  private state(client: number): number {
    let state = this.states.get(client)
    if (state === undefined) {
      state = Y.getState(this.doc.store, client)
      this.states.set(client, state)
    }
    return state
  }

  run(): Inspection {
    const tooLarge = this.checkShape()
    if (tooLarge) return { status: 'refused', reason: 'tooLarge', detail: tooLarge }
    for (const s of this.structs) {
      if (!(s instanceof Y.Item)) continue
      const r = this.resolve(s)
      if ('missing' in r) {
        this.need ??= r.missing
        continue
      }
      if (r.placed) {
        this.roots.add(r.root)
        this.placed.push({ item: s, root: r.root, parent: r.parent, parentSub: r.parentSub })
      }
    }
    this.checkDeletions()
    if (this.need) return { status: 'waiting', need: this.need, roots: this.roots, placed: this.placed }
    return { status: 'ready', update: this.update, roots: this.roots, placed: this.placed, clients: [...this.byClient.keys()] }
  }

  /** Bounds, then the shape Yjs and this reading agree on; returns why it is too large, if it is. */
  private checkShape(): string | null {
    if (this.structs.length > this.limits.maxStructs) return `more than ${this.limits.maxStructs} structs`
    let ranges = 0
    for (const list of this.deletes.values()) ranges += list.length
    if (ranges > this.limits.maxDeleteRanges) return `more than ${this.limits.maxDeleteRanges} deleted ranges`
    let previous: Struct | null = null
    for (const s of this.structs) {
      if (!(s.length > 0)) throw new Malformed('a struct of length 0')
      // Past 2^53 clocks lose precision (edits land in the wrong place): no real client gets near this.
      if (s.id.clock + s.length > MAX_CLOCK) throw new Malformed('a clock beyond the bound')
      const client = s.id.client
      if (previous !== null && previous.id.client === client) {
        if (s.id.clock !== previous.id.clock + previous.length) throw new Malformed('clocks out of order')
        this.byClient.get(client)!.push(s)
      } else {
        // Yjs keeps one section per client: a client appearing twice would be read differently.
        if (this.byClient.has(client)) throw new Malformed('a client appears in two sections')
        if (this.byClient.size >= this.limits.maxClients) return `more than ${this.limits.maxClients} clients`
        this.byClient.set(client, [s])
        const state = this.state(client)
        if (s.id.clock < state) throw new Malformed('structs the server already has')
        if (s.id.clock > state) this.need ??= { client, clock: s.id.clock - 1 }
      }
      if (s instanceof Y.Skip) this.need ??= { client, clock: s.id.clock + s.length - 1 }
      previous = s
    }
    return null
  }

  /** The struct of the update that holds this id (only ids at or above the server's state are looked up here). */
  private inUpdate(id: Need): Struct | null {
    const list = this.byClient.get(id.client)
    if (!list) return null
    let lo = 0
    let hi = list.length - 1
    while (lo <= hi) {
      const mid = (lo + hi) >> 1
      const s = list[mid]!
      if (id.clock < s.id.clock) hi = mid - 1
      else if (id.clock >= s.id.clock + s.length) lo = mid + 1
      else return s
    }
    return null
  }

  private inDoc(id: Need): Y.Item | Y.GC {
    const structs = this.doc.store.clients.get(id.client)!
    return structs[Y.findIndexSS(structs, id.clock)]!
  }

  /** Where a struct of the server's document is (as a left or right neighbour); memoized, neighbours repeat. */
  private docPlacement(struct: Y.Item | Y.GC): Resolution {
    const known = this.docMemo.get(struct)
    if (known) return known
    let result: Resolution = DISCARDED
    if (struct instanceof Y.Item && struct.parent instanceof Y.AbstractType) {
      const { root, shape } = this.types.describe(struct.parent as Y.AbstractType<unknown>)
      result = { placed: true, root: root ?? UNKNOWN_ROOT, parent: shape, parentSub: struct.parentSub }
    }
    this.docMemo.set(struct, result)
    return result
  }

  /**
   * A referenced struct, from the server's document below its state and from
   * the update above it: a resolution, or the update item to resolve first.
   */
  private reference(from: Y.Item, id: Need): Step {
    if (id.client === from.id.client && id.clock >= from.id.clock) {
      // Yjs assumes a client's own earlier structs are integrated already.
      throw new Malformed('an item refers to a later struct of its own client')
    }
    if (id.clock < this.state(id.client)) return this.docPlacement(this.inDoc(id))
    const s = this.inUpdate(id)
    if (s === null || s instanceof Y.Skip) return { missing: { client: id.client, clock: id.clock } }
    if (s instanceof Y.GC) return DISCARDED
    const waits = this.waiting.get(s)
    if (waits) return { missing: waits }
    return this.memo.get(s) ?? { after: s }
  }

  /** One step of Item.getMissing's reasoning, given the resolutions it depends on. */
  private step(s: Y.Item): Step {
    const left = s.origin ? this.reference(s, s.origin) : null
    const right = s.rightOrigin ? this.reference(s, s.rightOrigin) : null
    if (left !== null && !('placed' in left)) return left
    if (right !== null && !('placed' in right)) return right
    const l = left as Resolution | null
    const r = right as Resolution | null
    // Next to a GC'd neighbour (or one Yjs will GC), the item is GC'd.
    if ((l && !l.placed) || (r && !r.placed)) return DISCARDED
    const parent = s.parent as unknown
    if (parent === null) {
      const from = l ?? r
      if (!from?.placed) return DISCARDED
      return { placed: true, root: from.root, parent: from.parent, parentSub: from.parentSub }
    }
    if (typeof parent === 'string') return { placed: true, root: parent, parent: ROOT_SHAPE, parentSub: s.parentSub }
    const id = parent as Need
    if (id.client === s.id.client && id.clock >= s.id.clock) throw new Malformed('an item refers to a later struct of its own client')
    if (id.clock < this.state(id.client)) {
      const holder = this.inDoc(id)
      if (!(holder instanceof Y.Item) || !(holder.content instanceof Y.ContentType)) return DISCARDED
      const { root, shape } = this.types.describe(holder.content.type as Y.AbstractType<unknown>)
      return { placed: true, root: root ?? UNKNOWN_ROOT, parent: shape, parentSub: s.parentSub }
    }
    const holder = this.inUpdate(id)
    if (holder === null || holder instanceof Y.Skip) return { missing: { client: id.client, clock: id.clock } }
    if (!(holder instanceof Y.Item) || !(holder.content instanceof Y.ContentType)) return DISCARDED
    const waits = this.waiting.get(holder)
    if (waits) return { missing: waits }
    const outer = this.memo.get(holder)
    if (outer === undefined) return { after: holder }
    if (!outer.placed) return DISCARDED
    const type = holder.content.type as Y.AbstractType<unknown>
    const kind = shapeKind(type)
    const nodeName = type instanceof Y.XmlElement ? type.nodeName : null
    const shape: ParentShape = {
      kind,
      nodeName,
      depth: outer.parent.depth + (kind === 'element' ? 1 : 0),
      element: kind === 'element' ? nodeName : outer.parent.element,
    }
    return { placed: true, root: outer.root, parent: shape, parentSub: s.parentSub }
  }

  /** Resolves an item and what it depends on, depth-first with an explicit stack. */
  private resolve(start: Y.Item): Resolution | { missing: Need } {
    const known = this.memo.get(start)
    if (known) return known
    const waits = this.waiting.get(start)
    if (waits) return { missing: waits }
    const stack: Y.Item[] = [start]
    const open = new Set<Y.Item>([start])
    while (stack.length > 0) {
      const s = stack[stack.length - 1]!
      const step = this.step(s)
      if ('missing' in step) {
        for (const waiting of stack) this.waiting.set(waiting, step.missing)
        return step
      }
      if ('after' in step) {
        if (open.has(step.after)) throw new Malformed('items depend on each other in a cycle')
        stack.push(step.after)
        open.add(step.after)
        continue
      }
      this.memo.set(s, step)
      stack.pop()
      open.delete(s)
    }
    return this.memo.get(start)!
  }

  /**
   * What the update deletes. Below the server's state the server's document
   * decides (deleting what it already deleted changes nothing, whatever the
   * update carries); above it, the update's own structs.
   */
  private checkDeletions(): void {
    for (const [client, ranges] of this.deletes) {
      const state = this.state(client)
      let previousEnd = 0
      for (const { clock, len } of ranges) {
        // Yjs never writes an empty range, and applying one past a client's state throws.
        if (!(len > 0)) throw new Malformed('a deleted range of length 0')
        if (clock + len > MAX_CLOCK) throw new Malformed('a deleted range beyond the bound')
        // Yjs writes each client's ranges sorted and merged; repeated or overlapping
        // ranges would make this walk (and Yjs's) cost ranges × structs.
        if (clock < previousEnd) throw new Malformed('deleted ranges out of order or overlapping')
        previousEnd = clock + len
        let at = clock
        const end = clock + len
        while (at < end) {
          if (at < state) {
            const struct = this.inDoc({ client, clock: at })
            if (struct instanceof Y.Item && !struct.deleted) {
              const placement = this.docPlacement(struct)
              if (placement.placed) this.roots.add(placement.root)
            }
            at = Math.min(struct.id.clock + struct.length, state)
            continue
          }
          const s = this.inUpdate({ client, clock: at })
          if (s === null || s instanceof Y.Skip) {
            this.need ??= { client, clock: at }
            break
          }
          if (s instanceof Y.Item) {
            const r = this.memo.get(s)
            if (r?.placed) this.roots.add(r.root)
          }
          at = s.id.clock + s.length
        }
      }
    }
  }
}
