/**
 * A seeded generator of hostile Yjs updates, encoded by hand with Yjs's own
 * encoder and struct classes, for the adversarial relay tests (issue 11).
 *
 * It reads a copy of the server's document (the server's own, or a synced
 * stock client's) without changing it or creating roots in it, and builds
 * updates that a sender who may write some roots and not others could send:
 * references to items of roots it may not write combined with fake structs
 * carrying the same ids, structs overlapping what the server has, duplicate
 * client sections, delete sets over other roots, deep nesting, many clients,
 * odd clocks and lengths, content the editor's schema does not know, root
 * names of other roots, and valid edits mixed in.
 */
import * as encoding from 'lib0/encoding'
import * as Y from 'yjs'

export type Struct = Y.Item | Y.GC | Y.Skip

/** One client section of an update: structs of one client from `clock` on. */
export interface ClientSection {
  client: number
  clock: number
  structs: Struct[]
}

export interface DeleteRange {
  client: number
  clock: number
  len: number
}

export interface UpdateParts {
  sections: ClientSection[]
  deletes: DeleteRange[]
}

/** What the sender may write: root names. Everything else must stay unchanged. */
export interface Rights {
  writable: string[]
  /** Roots the sender may not write that the generator aims at (existing sections, gov, unknown names). */
  forbidden: string[]
}

export interface Crafted {
  kind: GeneratorKind
  update: Uint8Array
  /**
   * For `released-later`: sent after `update` on the same connection. `update`
   * depends on it (the server parks `update` until it arrives), so the server
   * decides on `update` again when this one releases it.
   */
  followUp?: Uint8Array
  /** For `valid`: an edit the server must accept. */
  mustApply: boolean
}

/** Item, GC and Skip take their parent as a type or an id; Item.write also encodes a root's name (a string) as parent. */
type Parent = string | Y.ID | null
/** Yjs does not export the AbstractContent type by name. */
type Content = ConstructorParameters<typeof Y.Item>[7]

// ---------------------------------------------------------------- encoding

/** Encodes sections and delete ranges exactly as given (order, duplicates and all), in the V1 update format. */
export function encodeParts(parts: UpdateParts): Uint8Array {
  const encoder = new Y.UpdateEncoderV1()
  encoding.writeVarUint(encoder.restEncoder, parts.sections.length)
  for (const section of parts.sections) {
    encoding.writeVarUint(encoder.restEncoder, section.structs.length)
    encoder.writeClient(section.client)
    encoding.writeVarUint(encoder.restEncoder, section.clock)
    for (const struct of section.structs) struct.write(encoder, 0)
  }
  // Delete set: grouped by client in the order clients first appear (not sorted: the reader must not care).
  const byClient = new Map<number, DeleteRange[]>()
  for (const range of parts.deletes) byClient.set(range.client, [...(byClient.get(range.client) ?? []), range])
  encoding.writeVarUint(encoder.restEncoder, byClient.size)
  for (const [client, ranges] of byClient) {
    encoder.resetDsCurVal()
    encoding.writeVarUint(encoder.restEncoder, client)
    encoding.writeVarUint(encoder.restEncoder, ranges.length)
    for (const r of ranges) {
      encoder.writeDsClock(r.clock)
      encoder.writeDsLen(r.len)
    }
  }
  return encoder.toUint8Array()
}

/** Builds one client section; ids follow from the section's clock and each struct's length. */
class SectionBuilder {
  readonly structs: Struct[] = []
  next: number
  constructor(
    readonly client: number,
    readonly clock: number,
  ) {
    this.next = clock
  }
  item(origin: Y.ID | null, rightOrigin: Y.ID | null, parent: Parent, parentSub: string | null, content: Content): Y.ID {
    const id = Y.createID(this.client, this.next)
    // Item.write needs a parent only when neither origin is set; a string parent is a root's name.
    const item = new Y.Item(id, null, origin, null, rightOrigin, parent as unknown as Y.ID | null, parentSub, content)
    this.structs.push(item)
    this.next += content.getLength()
    return id
  }
  gc(len: number): Y.ID {
    const id = Y.createID(this.client, this.next)
    this.structs.push(new Y.GC(id, len))
    this.next += len
    return id
  }
  skip(len: number): Y.ID {
    const id = Y.createID(this.client, this.next)
    this.structs.push(new Y.Skip(id, len))
    this.next += len
    return id
  }
  section(): ClientSection {
    return { client: this.client, clock: this.clock, structs: this.structs }
  }
}

// ---------------------------------------------------------------- reading the server's document

export interface KnownItem {
  item: Y.Item
  root: string
  /** The type this item lives in (for list items) or is an entry of (map items). */
  parentType: Y.AbstractType<unknown>
}

/** Everything the generator knows of the document, read without creating anything. */
export interface DocView {
  items: KnownItem[]
  byRoot: Map<string, KnownItem[]>
  /** Items holding a nested type (an element, a text, a map), by root. */
  typesByRoot: Map<string, KnownItem[]>
  /** Each client's state (next clock) in the document. */
  states: Map<number, number>
  /** The struct of each client that ends at its state, i.e. the client's last struct. */
  lastStruct: Map<number, Y.Item | Y.GC>
  topLevelLast: Map<string, Y.Item | null>
}

/** Items read per root: enough targets, and a document grown by thousands of accepted structs stays cheap to read. */
const MAX_VIEW_ITEMS_PER_ROOT = 1500

export function viewOf(doc: Y.Doc): DocView {
  const items: KnownItem[] = []
  const byRoot = new Map<string, KnownItem[]>()
  const typesByRoot = new Map<string, KnownItem[]>()
  const topLevelLast = new Map<string, Y.Item | null>()
  for (const [root, type] of doc.share) {
    byRoot.set(root, [])
    typesByRoot.set(root, [])
    let last: Y.Item | null = null
    for (let n = type._start; n !== null; n = n.right) last = n
    topLevelLast.set(root, last)
    // Iterative: documents under attack may be nested thousands deep.
    const stack: Array<Y.AbstractType<unknown>> = [type as Y.AbstractType<unknown>]
    let read = 0
    while (stack.length > 0 && read < MAX_VIEW_ITEMS_PER_ROOT) {
      const t = stack.pop()!
      const visit = (item: Y.Item): void => {
        read++
        const known = { item, root, parentType: t }
        items.push(known)
        byRoot.get(root)!.push(known)
        if (item.content instanceof Y.ContentType) {
          typesByRoot.get(root)!.push(known)
          stack.push(item.content.type as Y.AbstractType<unknown>)
        }
      }
      for (let n = t._start; n !== null; n = n.right) visit(n)
      for (const latest of t._map.values()) for (let n: Y.Item | null = latest; n !== null; n = n.left) visit(n)
    }
  }
  const states = new Map<number, number>()
  const lastStruct = new Map<number, Y.Item | Y.GC>()
  // Client ids are random per run; ordered by how much each client wrote, a seed picks the same clients again.
  const clients = [...doc.store.clients.entries()].sort(([a, x], [b, y]) => x.length - y.length || a - b)
  for (const [client, structs] of clients) {
    const last = structs[structs.length - 1]
    if (!last) continue
    states.set(client, last.id.clock + last.length)
    lastStruct.set(client, last as Y.Item | Y.GC)
  }
  return { items, byRoot, typesByRoot, states, lastStruct, topLevelLast }
}

// ---------------------------------------------------------------- the generator

export const GENERATOR_KINDS = [
  'fake-gc-origin',
  'fake-item-origin',
  'fake-rightorigin',
  'fake-parent',
  'split-origins',
  'foreign-client-continuation',
  'partial-overlap',
  'existing-gc-skip',
  'duplicate-sections',
  'delete-set',
  'deep-nesting',
  'many-clients',
  'many-structs',
  'odd-clocks',
  'unknown-content',
  'root-names',
  'valid',
  'mixed',
  'released-later',
] as const
export type GeneratorKind = (typeof GENERATOR_KINDS)[number]

/** Relative frequency of each kind; heavy kinds are rare to keep a run within its time. */
const WEIGHT: Record<GeneratorKind, number> = {
  'fake-gc-origin': 10,
  'fake-item-origin': 10,
  'fake-rightorigin': 6,
  'fake-parent': 10,
  'split-origins': 5,
  'foreign-client-continuation': 6,
  'partial-overlap': 8,
  'existing-gc-skip': 5,
  'duplicate-sections': 7,
  'delete-set': 8,
  'deep-nesting': 1,
  'many-clients': 1,
  'many-structs': 1,
  'odd-clocks': 5,
  'unknown-content': 5,
  'root-names': 5,
  valid: 10,
  mixed: 6,
  'released-later': 6,
}

export interface Generator {
  /** `version`: changes whenever `doc` changed; the generator re-reads the document only then. */
  next(doc: Y.Doc, rights: Rights, version?: number): Crafted
}

export interface GeneratorOptions {
  /** Restrict to these kinds (default: all). */
  kinds?: readonly GeneratorKind[]
  /** Upper bound of deep nesting and of many clients/structs (keeps a run short). */
  heavyScale?: number
}

const TWO_53 = 2 ** 53

export function createGenerator(rand: () => number, options: GeneratorOptions = {}): Generator {
  const kinds = options.kinds ?? GENERATOR_KINDS
  const heavy = options.heavyScale ?? 1
  const total = kinds.reduce((sum, k) => sum + WEIGHT[k], 0)
  const int = (lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1))
  const chance = (p: number): boolean => rand() < p
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!
  const pickKind = (): GeneratorKind => {
    let r = rand() * total
    for (const k of kinds) if ((r -= WEIGHT[k]) < 0) return k
    return kinds[kinds.length - 1]!
  }
  const usedClients = new Set<number>()
  let cached: { doc: Y.Doc; version: number; view: DocView } | null = null

  return {
    next(doc, rights, version) {
      const view = cached && version !== undefined && cached.doc === doc && cached.version === version ? cached.view : viewOf(doc)
      cached = version === undefined ? null : { doc, version, view }
      const fresh = (): number => {
        for (;;) {
          const c = int(1, 2 ** 31)
          if (!view.states.has(c) && !usedClients.has(c)) {
            usedClients.add(c)
            return c
          }
        }
      }
      const skewed = (lo: number, hi: number): number => lo + Math.floor(rand() ** 3 * (hi - lo + 1))
      const ctx = new Context(view, rights, { int, skewed, chance, pick, fresh, heavy })
      const kind = pickKind()
      if (kind === 'released-later') {
        // An attack (or a valid edit) that also depends on an item the sender sends only afterwards.
        const inner = build(
          pick([
            'fake-gc-origin',
            'fake-item-origin',
            'fake-parent',
            'partial-overlap',
            'foreign-client-continuation',
            'delete-set',
            'valid',
            'root-names',
          ] as const),
          ctx,
        )
        const late = fresh()
        const waiting = new SectionBuilder(late, 1)
        waiting.item(Y.createID(late, 0), null, null, null, new Y.ContentString(' (released)'))
        const release = new SectionBuilder(late, 0)
        const text = ctx.writableText()
        release.item(null, null, text ? text.item.id : (ctx.writableRoot() ?? 'body:nope'), null, new Y.ContentString('r'))
        const sections = chance(0.5) ? [...inner.sections, waiting.section()] : [waiting.section(), ...inner.sections]
        return {
          kind,
          update: encodeParts({ sections, deletes: inner.deletes }),
          followUp: encodeParts({ sections: [release.section()], deletes: [] }),
          mustApply: false,
        }
      }
      const parts = build(kind, ctx)
      return { kind, update: encodeParts(parts), mustApply: kind === 'valid' && ctx.validPossible }
    },
  }
}

interface Dice {
  int(lo: number, hi: number): number
  /** Mostly near `lo`, now and then up to `hi`: heavy updates stay rare. */
  skewed(lo: number, hi: number): number
  chance(p: number): boolean
  pick<T>(list: readonly T[]): T
  fresh(): number
  heavy: number
}

const UNKNOWN_ROOTS = ['notes', 'body:nope', 'body:', '', '__proto__', 'constructor', 'gov ', 'GOV']

/** Targets and helpers for one update. */
class Context {
  validPossible = false
  constructor(
    readonly view: DocView,
    readonly rights: Rights,
    readonly d: Dice,
  ) {}

  get existingForbidden(): string[] {
    return this.rights.forbidden.filter((r) => (this.view.byRoot.get(r)?.length ?? 0) > 0)
  }

  /** A root the sender may not write, by name (existing or not). */
  forbiddenRootName(): string {
    return this.d.chance(0.7) || this.rights.forbidden.length === 0 ? this.d.pick([...this.rights.forbidden, ...UNKNOWN_ROOTS]) : this.d.pick(UNKNOWN_ROOTS)
  }

  /** An item of a root the sender may not write (gov weighted up: its items are the most damaging). */
  forbiddenItem(filter: (k: KnownItem) => boolean = () => true): KnownItem | null {
    const roots = this.existingForbidden
    if (roots.length === 0) return null
    const root = roots.includes('gov') && this.d.chance(0.35) ? 'gov' : this.d.pick(roots)
    const candidates = this.view.byRoot.get(root)!.filter(filter)
    if (candidates.length === 0) return null
    const live = candidates.filter((k) => !k.item.deleted)
    return this.d.pick(live.length > 0 && this.d.chance(0.85) ? live : candidates)
  }

  forbiddenType(): KnownItem | null {
    return this.forbiddenItem((k) => k.item.content instanceof Y.ContentType)
  }

  writableRoot(): string | null {
    return this.rights.writable.length > 0 ? this.d.pick(this.rights.writable) : null
  }

  writableItem(filter: (k: KnownItem) => boolean = () => true): KnownItem | null {
    const all = this.rights.writable.flatMap((r) => this.view.byRoot.get(r) ?? []).filter((k) => !k.item.deleted && filter(k))
    return all.length > 0 ? this.d.pick(all) : null
  }

  writableText(): KnownItem | null {
    return this.writableItem((k) => k.item.content instanceof Y.ContentType && k.item.content.type instanceof Y.XmlText)
  }

  /** A parent the sender may write, as a fake struct would claim it: a root's name or a nested type's id. */
  writableParentClaim(): { parent: Parent; parentSub: string | null } {
    const type = this.d.chance(0.4) ? this.writableItem((k) => k.item.content instanceof Y.ContentType) : null
    if (type) return { parent: type.item.id, parentSub: null }
    return { parent: this.writableRoot() ?? 'body:nope', parentSub: null }
  }

  /** An id inside a known item (string items have one id per character). */
  idIn(k: KnownItem): Y.ID {
    return Y.createID(k.item.id.client, k.item.id.clock + this.d.int(0, Math.max(0, k.item.length - 1)))
  }

  /** Content an attacker might insert: text, an element, a forged gov value. */
  hostileContent(target: KnownItem | null): Content {
    const forged = { id: 'forged', title: 'Hijacked', adopted: this.d.chance(0.5), ownerOrgId: null, locked: false, role: 'facilitator' }
    if (target && target.item.parentSub !== null) return new Y.ContentAny([forged])
    switch (this.d.int(0, 4)) {
      case 0:
        return new Y.ContentType(new Y.XmlElement('paragraph'))
      case 1:
        return new Y.ContentAny([forged])
      case 2:
        return new Y.ContentFormat('bold', {})
      default:
        return new Y.ContentString(`PWNED-${this.d.int(0, 1e6)}`)
    }
  }

  /**
   * A fake struct carrying `id` (an id the server has): a GC, or an item
   * claiming a parent or origin the sender may write, sometimes longer than
   * what the server has (reaching past its state).
   */
  fakeAt(id: Y.ID, style: 'gc' | 'item' | 'any'): ClientSection {
    const b = new SectionBuilder(id.client, id.clock)
    const which = style === 'any' ? this.d.pick(['gc', 'item', 'item-origin', 'skip'] as const) : style
    const len = this.d.chance(0.8) ? 1 : this.d.int(2, 6)
    if (which === 'gc') b.gc(len)
    else if (which === 'skip') b.skip(len)
    else if (which === 'item-origin') {
      const w = this.writableItem()
      if (w) b.item(this.idIn(w), null, null, null, new Y.ContentString('f'.repeat(len)))
      else b.gc(len)
    } else {
      const claim = this.writableParentClaim()
      const content = this.d.chance(0.5) ? new Y.ContentType(new Y.XmlText()) : new Y.ContentString('f'.repeat(len))
      b.item(null, null, claim.parent, claim.parentSub, content)
    }
    return b.section()
  }

  /** A valid edit in a root the sender may write; null if it may write none. */
  validEdit(): UpdateParts | null {
    const root = this.writableRoot()
    if (root === null) return null
    this.validPossible = true
    const c = this.d.fresh()
    const b = new SectionBuilder(c, 0)
    const deletes: DeleteRange[] = []
    const text = this.writableText()
    const choice = this.d.int(0, 3)
    if (choice === 0 && text) {
      // Type into an existing text: after one of its characters, or at its start.
      const textType = text.item.content as Y.ContentType
      const chars: Y.Item[] = []
      for (let n = textType.type._start; n !== null; n = n.right) if (!n.deleted && n.content instanceof Y.ContentString) chars.push(n)
      if (chars.length > 0 && this.d.chance(0.8)) {
        const after = this.d.pick(chars)
        b.item(
          Y.createID(after.id.client, after.id.clock + this.d.int(0, after.length - 1)),
          null,
          null,
          null,
          new Y.ContentString(` typed${this.d.int(0, 999)}`),
        )
      } else b.item(null, null, text.item.id, null, new Y.ContentString('start '))
    } else if (choice === 1) {
      const victim = this.writableItem((k) => k.item.content instanceof Y.ContentString)
      if (victim) deletes.push({ client: victim.item.id.client, clock: victim.item.id.clock, len: this.d.int(1, victim.item.length) })
      else this.appendParagraph(b, root, false)
    } else this.appendParagraph(b, root, choice === 3)
    return { sections: b.structs.length > 0 ? [b.section()] : [], deletes }
  }

  /** A paragraph at the end of a root: element, text, characters (optionally bold), as y-prosemirror writes them. */
  appendParagraph(b: SectionBuilder, root: string, bold: boolean): void {
    const last = this.view.topLevelLast.get(root) ?? null
    const p = last
      ? b.item(last.lastId, null, null, null, new Y.ContentType(new Y.XmlElement('paragraph')))
      : b.item(null, null, root, null, new Y.ContentType(new Y.XmlElement('paragraph')))
    const t = b.item(null, null, p, null, new Y.ContentType(new Y.XmlText()))
    if (bold) {
      const f = b.item(null, null, t, null, new Y.ContentFormat('bold', {}))
      const s = b.item(f, null, null, null, new Y.ContentString('bold words'))
      b.item(Y.createID(s.client, s.clock + 'bold words'.length - 1), null, null, null, new Y.ContentFormat('bold', null as unknown as object)) // null ends the mark; typed as Object by Yjs
    } else b.item(null, null, t, null, new Y.ContentString(`a valid paragraph ${this.d.int(0, 1e6)}`))
  }
}

function build(kind: GeneratorKind, ctx: Context): UpdateParts {
  const { d } = ctx
  switch (kind) {
    case 'fake-gc-origin':
    case 'fake-item-origin':
    case 'fake-rightorigin': {
      const target = ctx.forbiddenItem()
      if (!target) return ctx.validEdit() ?? { sections: [], deletes: [] }
      const at = ctx.idIn(target)
      const b = new SectionBuilder(d.fresh(), 0)
      const content = ctx.hostileContent(target)
      if (kind === 'fake-rightorigin') b.item(null, at, null, null, content)
      else b.item(at, d.chance(0.2) ? at : null, null, null, content)
      // Sometimes a second item chained on the first (resolved through the update itself).
      if (d.chance(0.3)) b.item(Y.createID(b.client, b.next - 1), null, null, null, new Y.ContentString('more'))
      const fake = ctx.fakeAt(at, kind === 'fake-gc-origin' ? 'gc' : kind === 'fake-item-origin' ? 'item' : 'any')
      const sections = d.chance(0.5) ? [fake, b.section()] : [b.section(), fake]
      return { sections, deletes: [] }
    }
    case 'fake-parent': {
      const target = ctx.forbiddenType()
      if (!target) return ctx.validEdit() ?? { sections: [], deletes: [] }
      const type = (target.item.content as Y.ContentType).type
      const b = new SectionBuilder(d.fresh(), 0)
      // A map (gov's nested maps, an element's attributes) gets an entry; a list gets a child.
      const isMap = type instanceof Y.Map
      const key = isMap ? (d.chance(0.7) && type._map.size > 0 ? d.pick([...type._map.keys()]) : `forged-${d.int(0, 99)}`) : d.chance(0.2) ? 'onclick' : null
      const content =
        key !== null ? new Y.ContentAny([{ id: 'forged', ownerOrgId: null, locked: false, adopted: true, role: 'facilitator' }]) : ctx.hostileContent(null)
      b.item(null, null, target.item.id, key, content)
      const fake = ctx.fakeAt(target.item.id, d.chance(0.5) ? 'gc' : 'item')
      return { sections: d.chance(0.5) ? [fake, b.section()] : [b.section(), fake], deletes: [] }
    }
    case 'split-origins': {
      // Left and right origins in different roots, one the sender may write: Yjs takes the parent from the left one.
      const target = ctx.forbiddenItem()
      const mine = ctx.writableItem()
      if (!target) return ctx.validEdit() ?? { sections: [], deletes: [] }
      const b = new SectionBuilder(d.fresh(), 0)
      const other = mine ? ctx.idIn(mine) : null
      if (d.chance(0.5)) b.item(ctx.idIn(target), other, null, null, ctx.hostileContent(target))
      else b.item(other, ctx.idIn(target), other ? null : (ctx.writableRoot() ?? 'body:nope'), null, ctx.hostileContent(null))
      return { sections: [b.section()], deletes: [] }
    }
    case 'foreign-client-continuation': {
      // Write as an existing client whose last struct is in a root the sender may not write:
      // a fake copy of that last struct, then "new" items continuing it.
      const candidates = [...ctx.view.lastStruct.values()].filter(
        (s): s is Y.Item => s instanceof Y.Item && ctx.rights.forbidden.some((r) => ctx.view.byRoot.get(r)?.some((k) => k.item === s)),
      )
      if (candidates.length === 0) return build('fake-item-origin', ctx)
      const last = d.pick(candidates)
      const b = new SectionBuilder(last.id.client, last.id.clock)
      const claim = ctx.writableParentClaim()
      if (d.chance(0.5)) b.item(null, null, claim.parent, claim.parentSub, new Y.ContentString('x'.repeat(last.length)))
      else b.gc(last.length)
      b.item(last.lastId, null, null, null, ctx.hostileContent(null))
      return { sections: [b.section()], deletes: [] }
    }
    case 'partial-overlap': {
      // A struct starting below the server's state and reaching past it, claiming another parent.
      const clients = [...ctx.view.states.entries()].filter(([, s]) => s > 0)
      if (clients.length === 0) return ctx.validEdit() ?? { sections: [], deletes: [] }
      const [client, state] = d.pick(clients)
      const back = d.int(1, Math.min(state, 6))
      const b = new SectionBuilder(client, state - back)
      const claim = d.chance(0.3) ? { parent: ctx.forbiddenRootName() as Parent, parentSub: null } : ctx.writableParentClaim()
      const len = back + d.int(1, 5)
      switch (d.int(0, 3)) {
        case 0:
          b.item(null, null, claim.parent, claim.parentSub, new Y.ContentString('o'.repeat(len)))
          break
        case 1: {
          const w = ctx.writableItem()
          b.item(w ? ctx.idIn(w) : null, null, w ? null : claim.parent, null, new Y.ContentString('o'.repeat(len)))
          break
        }
        case 2:
          b.gc(len)
          b.item(Y.createID(client, state - 1), null, null, null, ctx.hostileContent(null))
          break
        default:
          b.item(null, null, claim.parent, claim.parentSub, new Y.ContentType(d.chance(0.5) ? new Y.XmlText() : new Y.XmlElement('paragraph')))
          if (back > 1) b.item(null, null, claim.parent, null, new Y.ContentString('o'.repeat(back)))
      }
      return { sections: [b.section()], deletes: [] }
    }
    case 'existing-gc-skip': {
      const clients = [...ctx.view.states.entries()].filter(([, s]) => s > 0)
      const sections: ClientSection[] = []
      for (let i = d.int(1, 3); i > 0 && clients.length > 0; i--) {
        const [client, state] = d.pick(clients)
        const start = d.int(0, state - 1)
        const b = new SectionBuilder(client, start)
        const len = d.chance(0.7) ? d.int(1, state - start) : d.int(1, state - start + 5)
        if (d.chance(0.5)) b.gc(len)
        else b.skip(len)
        if (d.chance(0.4)) b.item(Y.createID(client, start + len - 1), null, null, null, ctx.hostileContent(null))
        sections.push(b.section())
      }
      const valid = d.chance(0.5) ? ctx.validEdit() : null
      if (valid) {
        ctx.validPossible = false
        sections.push(...valid.sections)
      }
      return { sections, deletes: valid?.deletes ?? [] }
    }
    case 'duplicate-sections': {
      const c = d.fresh()
      const target = ctx.forbiddenItem()
      const claim = ctx.writableParentClaim()
      const first = new SectionBuilder(c, 0)
      first.item(null, null, claim.parent, claim.parentSub, new Y.ContentType(new Y.XmlText()))
      if (d.chance(0.5)) first.item(null, null, claim.parent, null, new Y.ContentString('first'))
      const overlapping = d.chance(0.6)
      const second = new SectionBuilder(c, overlapping ? 0 : first.next)
      if (target) second.item(ctx.idIn(target), null, null, null, ctx.hostileContent(target))
      else second.item(null, null, ctx.forbiddenRootName(), null, new Y.ContentString('second'))
      // Someone else refers to the duplicated id: which copy does the checker believe?
      const third = new SectionBuilder(d.fresh(), 0)
      third.item(null, null, Y.createID(c, 0), null, new Y.ContentString('child'))
      const sections = [first.section(), second.section()]
      if (d.chance(0.5)) sections.splice(1, 0, third.section())
      else sections.push(third.section())
      if (d.chance(0.3)) sections.push(first.section())
      return { sections, deletes: [] }
    }
    case 'delete-set': {
      const deletes: DeleteRange[] = []
      const sections: ClientSection[] = []
      for (let i = d.int(1, 4); i > 0; i--) {
        const target = ctx.forbiddenItem()
        switch (d.int(0, 6)) {
          case 6: {
            // A range starting in what the sender may write and running on into the same client's next
            // structs (one client often wrote several sections): the whole range must be checked.
            const w = ctx.writableItem()
            if (w) deletes.push({ client: w.item.id.client, clock: w.item.id.clock + d.int(0, w.item.length - 1), len: w.item.length + d.int(1, 40) })
            break
          }
          case 0:
            if (target) deletes.push({ client: target.item.id.client, clock: target.item.id.clock, len: target.item.length })
            break
          case 1:
            // The deleted id, also carried by a fake struct claiming a writable parent.
            if (target) {
              deletes.push({ client: target.item.id.client, clock: target.item.id.clock, len: 1 })
              sections.push(ctx.fakeAt(target.item.id, 'item'))
            }
            break
          case 2: {
            // Straddling a client's state: part the server has, part it does not.
            const [client, state] = d.pick([...ctx.view.states.entries()])
            deletes.push({ client, clock: Math.max(0, state - d.int(1, 3)), len: d.int(2, 10) })
            break
          }
          case 3:
            deletes.push({
              client: d.chance(0.5) ? d.fresh() : d.pick([...ctx.view.states.keys()]),
              clock: d.pick([0, 1, 2 ** 31, TWO_53 - 1]),
              len: d.pick([0, 1, 100, TWO_53 - 1]),
            })
            break
          case 4: {
            // Deleting a new item of the same update whose origin is in a root the sender may not write.
            if (!target) break
            const b = new SectionBuilder(d.fresh(), 0)
            b.item(ctx.idIn(target), null, null, null, new Y.ContentString('gone'))
            sections.push(b.section())
            deletes.push({ client: b.client, clock: 0, len: 4 })
            break
          }
          default: {
            const w = ctx.writableItem()
            if (w) deletes.push({ client: w.item.id.client, clock: w.item.id.clock, len: w.item.length })
            if (target) deletes.push({ client: target.item.id.client, clock: target.item.id.clock + target.item.length - 1, len: 1 })
          }
        }
      }
      return { sections, deletes }
    }
    case 'deep-nesting': {
      const depth = d.skewed(500, Math.max(600, Math.round(20_000 * d.heavy)))
      const b = new SectionBuilder(d.fresh(), 0)
      const target = d.chance(0.3) ? ctx.forbiddenItem() : null
      let parent: Y.ID = target
        ? b.item(ctx.idIn(target), null, null, null, new Y.ContentType(new Y.XmlElement('blockquote')))
        : b.item(null, null, ctx.writableRoot() ?? ctx.forbiddenRootName(), null, new Y.ContentType(new Y.XmlElement('blockquote')))
      for (let i = 1; i < depth; i++) parent = b.item(null, null, parent, null, new Y.ContentType(new Y.XmlElement(d.chance(0.9) ? 'blockquote' : 'listItem')))
      const t = b.item(null, null, parent, null, new Y.ContentType(new Y.XmlText()))
      b.item(null, null, t, null, new Y.ContentString('deep'))
      return { sections: [b.section()], deletes: [] }
    }
    case 'many-clients': {
      // Concurrent inserts at one position from many clients: Yjs's conflict resolution is quadratic.
      const text = ctx.writableText()
      const origin = text ? null : ctx.forbiddenItem()
      const n = d.skewed(50, Math.max(60, Math.round(3000 * d.heavy)))
      const sections: ClientSection[] = []
      // Mostly after one character of the text; sometimes all at its start, where earlier runs piled up.
      const chars: Y.Item[] = []
      if (text) for (let c = (text.item.content as Y.ContentType).type._start; c !== null; c = c.right) if (c.content instanceof Y.ContentString) chars.push(c)
      const after = chars.length > 0 && d.chance(0.8) ? d.pick(chars) : null
      for (let i = 0; i < n; i++) {
        const b = new SectionBuilder(d.fresh(), 0)
        if (after) b.item(Y.createID(after.id.client, after.id.clock), null, null, null, new Y.ContentString(String.fromCharCode(97 + (i % 26))))
        else if (text) b.item(null, null, text.item.id, null, new Y.ContentString(String.fromCharCode(97 + (i % 26))))
        else b.item(origin ? ctx.idIn(origin) : null, null, origin ? null : ctx.forbiddenRootName(), null, new Y.ContentString('c'))
        sections.push(b.section())
      }
      return { sections, deletes: [] }
    }
    case 'many-structs': {
      const root = ctx.writableRoot() ?? ctx.forbiddenRootName()
      const b = new SectionBuilder(d.fresh(), 0)
      const n = d.skewed(100, Math.max(200, Math.round(10_000 * d.heavy)))
      // A chain of elements after the root's last item (each after the previous: linear for Yjs;
      // many inserts at one position are many-clients' business).
      const last = ctx.view.topLevelLast.get(root) ?? null
      let prev: Y.ID | null = last ? last.lastId : null
      for (let i = 0; i < n; i++) {
        const content = new Y.ContentType(new Y.XmlElement('paragraph'))
        prev = prev === null ? b.item(null, null, root, null, content) : b.item(prev, null, null, null, content)
      }
      return { sections: [b.section()], deletes: [] }
    }
    case 'odd-clocks': {
      const sections: ClientSection[] = []
      const deletes: DeleteRange[] = []
      const root = ctx.writableRoot() ?? ctx.forbiddenRootName()
      switch (d.int(0, 5)) {
        case 0: {
          // A gap: the first clock is above the client's state.
          const b = new SectionBuilder(d.fresh(), d.int(1, 50))
          b.item(null, null, root, null, new Y.ContentString('gap'))
          sections.push(b.section())
          break
        }
        case 1: {
          // Huge clocks.
          const b = new SectionBuilder(d.fresh(), d.pick([TWO_53 - 1, TWO_53 - 2, TWO_53, 2 ** 32]))
          b.item(null, null, root, null, new Y.ContentString('huge'))
          sections.push(b.section())
          deletes.push({ client: b.client, clock: b.clock, len: 1 })
          break
        }
        case 2: {
          // Lengths of 0.
          const b = new SectionBuilder(d.fresh(), 0)
          const zero = d.pick(['gc', 'skip', 'string', 'any', 'deleted'] as const)
          if (zero === 'gc') b.gc(0)
          else if (zero === 'skip') b.skip(0)
          else b.item(null, null, root, null, zero === 'string' ? new Y.ContentString('') : zero === 'any' ? new Y.ContentAny([]) : new Y.ContentDeleted(0))
          b.item(null, null, root, null, new Y.ContentString('after zero'))
          sections.push(b.section())
          deletes.push({ client: b.client, clock: 0, len: 0 })
          break
        }
        case 3: {
          // The same client in decreasing clock order, non-adjacent sections.
          const c = d.fresh()
          const hi = new SectionBuilder(c, 3)
          hi.item(Y.createID(c, 2), null, null, null, new Y.ContentString('later'))
          const other = new SectionBuilder(d.fresh(), 0)
          other.item(null, null, root, null, new Y.ContentString('between'))
          const lo = new SectionBuilder(c, 0)
          lo.item(null, null, root, null, new Y.ContentString('abc'))
          sections.push(hi.section(), other.section(), lo.section())
          break
        }
        case 4: {
          // A client id of 2^53 - 1 and of 0.
          const b = new SectionBuilder(d.pick([TWO_53 - 1, 0, 2 ** 32 + 1]), 0)
          b.item(null, null, root, null, new Y.ContentString('odd client'))
          sections.push(b.section())
          break
        }
        default: {
          // An origin pointing at an id the server will never have.
          const b = new SectionBuilder(d.fresh(), 0)
          b.item(Y.createID(d.fresh(), TWO_53 - 1), null, null, null, new Y.ContentString('dangling'))
          sections.push(b.section())
        }
      }
      return { sections, deletes }
    }
    case 'unknown-content': {
      const root = ctx.writableRoot() ?? ctx.forbiddenRootName()
      const b = new SectionBuilder(d.fresh(), 0)
      const last = ctx.view.topLevelLast.get(root) ?? null
      const top = (content: Content): Y.ID => (last && d.chance(0.5) ? b.item(last.lastId, null, null, null, content) : b.item(null, null, root, null, content))
      switch (d.int(0, 9)) {
        case 0:
          top(new Y.ContentType(new Y.XmlElement(d.pick(['script', 'iframe', 'x-evil', 'img', 'doc', 'text']))))
          break
        case 1: {
          const p = top(new Y.ContentType(new Y.XmlElement('paragraph')))
          b.item(
            null,
            null,
            p,
            d.pick(['onclick', 'style', 'class', 'level', 'href']),
            new Y.ContentAny([d.pick(['alert(1)', 99, { nested: true }, null, 'x'.repeat(5000)])]),
          )
          break
        }
        case 2:
          top(new Y.ContentDoc(new Y.Doc({ guid: `sub-${d.int(0, 1e6)}` })))
          break
        case 3:
          top(new Y.ContentBinary(new Uint8Array([1, 2, 3, 4])))
          break
        case 4:
          top(new Y.ContentType(d.pick([new Y.Map(), new Y.Array(), new Y.Text()] as Y.AbstractType<unknown>[])))
          break
        case 5:
          top(new Y.ContentEmbed({ image: 'http://evil.example/x.png' }))
          break
        case 6: {
          const text = ctx.writableText()
          const parent = text ? text.item.id : top(new Y.ContentType(new Y.XmlText()))
          const f = b.item(
            null,
            null,
            parent,
            null,
            new Y.ContentFormat(
              d.pick(['evilMark', 'link', 'bold', 'style']),
              d.pick([{ href: 'javascript:alert(1)', target: '_blank', class: 'alert' }, 'not-an-object', 42, {}]),
            ),
          )
          b.item(f, null, null, null, new Y.ContentString('formatted'))
          break
        }
        case 7:
          top(new Y.ContentAny([{ any: 'json' }, 1, 'two']))
          break
        case 8:
          top(new Y.ContentType(new Y.XmlHook('hook')))
          break
        default:
          top(new Y.ContentType(new Y.XmlElement('heading')))
          b.item(null, null, Y.createID(b.client, 0), 'level', new Y.ContentAny([d.pick([0, 7, -1, '3', 1e9])]))
      }
      return { sections: [b.section()], deletes: [] }
    }
    case 'root-names': {
      const b = new SectionBuilder(d.fresh(), 0)
      const name = ctx.forbiddenRootName()
      if (name === 'gov' || d.chance(0.3)) {
        b.item(
          null,
          null,
          name,
          d.pick(['platform', 'sections', 'people', 'signoffs', 'sessions', 'comments', 'organizations', 'forged']),
          new Y.ContentAny([{ id: 'x', title: 'Hijacked', adopted: true }]),
        )
      } else {
        const p = b.item(null, null, name, null, new Y.ContentType(new Y.XmlElement('paragraph')))
        const t = b.item(null, null, p, null, new Y.ContentType(new Y.XmlText()))
        b.item(null, null, t, null, new Y.ContentString('root name attack'))
      }
      return { sections: [b.section()], deletes: [] }
    }
    case 'valid':
      return ctx.validEdit() ?? build('root-names', ctx)
    case 'released-later':
      return build('mixed', ctx) // built in next(): two updates
    case 'mixed': {
      // A valid edit and an attack in one update: the whole update must be refused (or change nothing forbidden).
      const valid = ctx.validEdit()
      ctx.validPossible = false
      const attack = build(d.pick(['fake-gc-origin', 'fake-item-origin', 'fake-parent', 'partial-overlap', 'delete-set', 'root-names'] as const), ctx)
      const sections = [...(valid?.sections ?? []), ...attack.sections]
      if (d.chance(0.5)) sections.reverse()
      return { sections, deletes: [...(valid?.deletes ?? []), ...attack.deletes] }
    }
  }
}
