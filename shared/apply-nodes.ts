import { diffSequences } from './myers.js'
import * as Y from 'yjs'
import { canonicalJson } from './canonical-json.js'
import { type SectionNode, sectionJson } from './content-hash.js'

type ElementNode = Extract<SectionNode, { type: string }>
type TextRun = Extract<SectionNode, { text: string }>
type YChild = Y.XmlElement | Y.XmlText | Y.XmlHook
type Parent = Y.XmlFragment | Y.XmlElement

/** What a parent's child is in the target: consecutive text runs are one Y.XmlText, as y-prosemirror stores them. */
type TargetChild = { kind: 'text'; runs: TextRun[] } | { kind: 'element'; node: ElementNode }

/**
 * Makes `fragment` hold `target` (so that sectionJson(fragment) equals it,
 * canonically) with the smallest edit, as an ordinary Yjs change: children
 * that already equal their target are not touched; a changed element of the
 * same type is changed in place (its attributes set, its children edited the
 * same way); a changed text gets only its changed characters deleted and
 * inserted and its changed formatting re-formatted. So relative positions in
 * untouched text (carets, comment anchors) still resolve to that text, and
 * other people's undo managers keep working. Runs inside the caller's
 * transaction when there is one, else in its own.
 *
 * Nodes are stored as y-prosemirror stores them (shared/editor-schema.ts's
 * header): elements as Y.XmlElement with their non-null attributes, text as
 * Y.XmlText with each mark a format whose value is the mark's attrs. `target`
 * must have adjacent text runs with equal marks joined (as sectionJson and
 * mergeSection give them): one Y.XmlText cannot hold them apart.
 */
export function applyNodes(fragment: Y.XmlFragment, target: SectionNode[]): void {
  const edit = (): void => updateChildren(fragment, target)
  if (fragment.doc) fragment.doc.transact(edit)
  else edit()
}

function groupChildren(content: SectionNode[]): TargetChild[] {
  const out: TargetChild[] = []
  for (const node of content) {
    const last = out.at(-1)
    if ('text' in node) {
      if (last?.kind === 'text') last.runs.push(node)
      else out.push({ kind: 'text', runs: [node] })
    } else out.push({ kind: 'element', node })
  }
  return out
}

type Delta = Array<{ insert: unknown; attributes?: Record<string, unknown> }>

const textRuns = (text: Y.XmlText): TextRun[] =>
  (text.toDelta() as Delta).flatMap((op) => (typeof op.insert === 'string' ? [{ text: op.insert, marks: op.attributes ?? {} }] : []))

/** A comparison key: equal keys mean equal content (as sectionJson reads it). */
function currentKey(child: YChild): string {
  if (child instanceof Y.XmlText) return `t${canonicalJson(textRuns(child))}`
  if (child instanceof Y.XmlElement) return `e${canonicalJson({ type: child.nodeName, attrs: child.getAttributes(), content: sectionJson(child) })}`
  return '\u0000hook'
}

const targetKey = (child: TargetChild): string => (child.kind === 'text' ? `t${canonicalJson(child.runs)}` : `e${canonicalJson(child.node)}`)

/** What may be edited in place rather than replaced: text with text, an element with one of the same type. */
const currentShape = (child: YChild): string => (child instanceof Y.XmlText ? 't' : child instanceof Y.XmlElement ? `e${child.nodeName}` : '\u0000hook')
const targetShape = (child: TargetChild): string => (child.kind === 'text' ? 't' : `e${child.node.type}`)

/** Calls `common(aIndex, bIndex)` for each matched pair of a shortest edit script, in order. */
function matchPairs(aLength: number, bLength: number, same: (i: number, j: number) => boolean, common: (i: number, j: number) => void): void {
  diffSequences(aLength, bLength, same, (n, i, j) => {
    for (let k = 0; k < n; k++) common(i + k, j + k)
  })
}

function updateChildren(parent: Parent, target: SectionNode[]): void {
  const current = parent.toArray() as YChild[]
  const wanted = groupChildren(target)
  const currentKeys = current.map(currentKey)
  const wantedKeys = wanted.map(targetKey)
  let index = 0
  let i = 0
  let j = 0
  const edit = (i2: number, j2: number): void => {
    index = reconcile(parent, index, current.slice(i, i2), wanted.slice(j, j2))
    i = i2
    j = j2
  }
  matchPairs(
    current.length,
    wanted.length,
    (x, y) => currentKeys[x] === wantedKeys[y],
    (x, y) => {
      edit(x, y)
      index++
      i++
      j++
    },
  )
  edit(current.length, wanted.length)
}

/**
 * Turns `current` (the children of `parent` from `index` on) into `wanted`,
 * editing in place those of the same shape (paired by a diff of shapes),
 * deleting and inserting the rest. Returns the index after them.
 */
function reconcile(parent: Parent, index: number, current: YChild[], wanted: TargetChild[]): number {
  if (current.length === 0 && wanted.length === 0) return index
  let at = index
  let i = 0
  let j = 0
  const replace = (i2: number, j2: number): void => {
    if (i2 > i) parent.delete(at, i2 - i)
    if (j2 > j) {
      parent.insert(at, wanted.slice(j, j2).map(createChild))
      at += j2 - j
    }
    i = i2
    j = j2
  }
  const currentShapes = current.map(currentShape)
  const wantedShapes = wanted.map(targetShape)
  matchPairs(
    current.length,
    wanted.length,
    (x, y) => currentShapes[x] === wantedShapes[y] && currentShapes[x] !== '\u0000hook',
    (x, y) => {
      replace(x, y)
      const child = current[x]!
      const want = wanted[y]!
      if (child instanceof Y.XmlText && want.kind === 'text') updateText(child, want.runs)
      else if (child instanceof Y.XmlElement && want.kind === 'element') {
        updateAttributes(child, want.node.attrs)
        updateChildren(child, want.node.content)
      }
      at++
      i++
      j++
    },
  )
  replace(current.length, wanted.length)
  return at
}

function updateAttributes(element: Y.XmlElement, attrs: Record<string, unknown>): void {
  const now = element.getAttributes() as Record<string, unknown>
  for (const key of Object.keys(now)) if (attrs[key] === undefined || attrs[key] === null) element.removeAttribute(key)
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null) continue
    // biome-ignore lint/suspicious/noExplicitAny: y-prosemirror stores attrs of any JSON type; Yjs types them as strings
    if (!(key in now) || canonicalJson(now[key]) !== canonicalJson(value)) element.setAttribute(key, value as any)
  }
}

function createChild(child: TargetChild): Y.XmlElement | Y.XmlText {
  if (child.kind === 'text') {
    const text = new Y.XmlText()
    // Fresh attribute objects: Yjs adds keys to the ones it is given.
    text.applyDelta(child.runs.map((run) => ({ insert: run.text, attributes: { ...run.marks } })))
    return text
  }
  const element = new Y.XmlElement(child.node.type)
  for (const [key, value] of Object.entries(child.node.attrs)) {
    // biome-ignore lint/suspicious/noExplicitAny: as in updateAttributes
    if (value !== undefined && value !== null) element.setAttribute(key, value as any)
  }
  const children = groupChildren(child.node.content).map(createChild)
  if (children.length > 0) element.insert(0, children)
  return element
}

/** One code point (a Yjs index counts UTF-16 units; a diff must never split a surrogate pair). */
interface Char {
  /** The code point, or -1 for an embed (which the target never holds). */
  code: number
  units: number
  marks: Record<string, unknown>
  marksKey: string
}

function chars(runs: Array<{ insert: unknown; marks: Record<string, unknown> }>): Char[] {
  const out: Char[] = []
  for (const run of runs) {
    const marksKey = canonicalJson(run.marks)
    if (typeof run.insert !== 'string') {
      out.push({ code: -1, units: 1, marks: run.marks, marksKey })
      continue
    }
    for (const ch of run.insert) {
      const code = ch.codePointAt(0)!
      out.push({ code, units: ch.length, marks: run.marks, marksKey })
    }
  }
  return out
}

/** The format change from one set of marks to another: removed marks as null. */
function formatChange(from: Record<string, unknown>, to: Record<string, unknown>): Record<string, unknown> {
  const change: Record<string, unknown> = {}
  for (const key of Object.keys(from)) if (!(key in to)) change[key] = null
  for (const [key, value] of Object.entries(to)) if (!(key in from) || canonicalJson(from[key]) !== canonicalJson(value)) change[key] = value
  return change
}

/**
 * Edits a text to hold `runs`: a character diff (common start and end
 * trimmed, Myers on the middle), then one delta of retains (with a format
 * where marks changed), deletes and inserts.
 */
function updateText(text: Y.XmlText, runs: TextRun[]): void {
  const before = chars((text.toDelta() as Delta).map((op) => ({ insert: op.insert, marks: op.attributes ?? {} })))
  const after = chars(runs.map((run) => ({ insert: run.text, marks: run.marks })))
  const delta: Array<Record<string, unknown>> = []
  const retain = (from: number, count: number, target: number): void => {
    for (let k = 0; k < count; k++) {
      const old = before[from + k]!
      const now = after[target + k]!
      const last = delta.at(-1)
      const format = old.marksKey === now.marksKey ? null : formatChange(old.marks, now.marks)
      const formatKey = format === null ? '' : canonicalJson(format)
      if (last && last.retain !== undefined && last.formatKey === formatKey) (last.retain as number) += old.units
      else delta.push(format === null ? { retain: old.units, formatKey } : { retain: old.units, attributes: format, formatKey })
    }
  }
  const remove = (from: number, to: number): void => {
    let units = 0
    for (let k = from; k < to; k++) units += before[k]!.units
    if (units > 0) delta.push({ delete: units })
  }
  const insert = (from: number, to: number): void => {
    for (let k = from; k < to; k++) {
      const ch = after[k]!
      const last = delta.at(-1)
      const value = String.fromCodePoint(ch.code)
      if (last && typeof last.insert === 'string' && last.marksKey === ch.marksKey) last.insert += value
      else delta.push({ insert: value, attributes: { ...ch.marks }, marksKey: ch.marksKey })
    }
  }
  let i = 0
  let j = 0
  matchPairs(
    before.length,
    after.length,
    (x, y) => before[x]!.code === after[y]!.code && before[x]!.code !== -1,
    (x, y) => {
      remove(i, x)
      insert(j, y)
      retain(x, 1, y)
      i = x + 1
      j = y + 1
    },
  )
  remove(i, before.length)
  insert(j, after.length)
  // A plain retain at the end changes nothing.
  while (delta.length > 0 && delta.at(-1)!.retain !== undefined && delta.at(-1)!.attributes === undefined) delta.pop()
  if (delta.length === 0) return
  text.applyDelta(delta.map(({ formatKey: _f, marksKey: _m, ...op }) => op))
  removeIdleFormats(text)
}

/**
 * Removes format items that change nothing: formatting characters around
 * inserted ones leaves pairs such as `strike:{}` `strike:null` with no text
 * between, which toDelta (so sectionJson) still reads as a cut between two
 * runs of equal marks, and which Yjs's own cleanup (cleanupYTextFormatting)
 * does not find. In each stretch of formats between two characters, only the
 * last one of each key counts, and only if it changes that key's value.
 */
function removeIdleFormats(text: Y.XmlText): void {
  const doc = text.doc
  if (!doc) return
  doc.transact((transaction) => {
    const current = new Map<string, string>()
    let stretch: Y.Item[] = []
    const settle = (): void => {
      const last = new Map<string, Y.Item>()
      for (const item of stretch) last.set((item.content as Y.ContentFormat).key, item)
      for (const item of stretch) {
        const { key, value } = item.content as Y.ContentFormat
        const valueKey = canonicalJson(value ?? null)
        if (last.get(key) !== item || (current.get(key) ?? 'null') === valueKey) item.delete(transaction)
        else if (value === null) current.delete(key)
        else current.set(key, valueKey)
      }
      stretch = []
    }
    for (let item = text._start; item !== null; item = item.right as Y.Item | null) {
      if (item.deleted) continue
      if (item.content instanceof Y.ContentFormat) stretch.push(item)
      else if (item.countable) settle()
    }
  })
}
