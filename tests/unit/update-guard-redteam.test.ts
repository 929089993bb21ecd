/**
 * Red-team findings against the rewritten update guard (issue 11, findings 1,
 * 5, 6 and 18), at unit level: a Y.Doc stands for the server's document and
 * the guard, the content rules and the transaction audit are called directly,
 * the way server/relay/client-updates.ts `judgeAndApply` calls them.
 *
 * Every test asserts the SAFE behaviour. Tests named "(red-team finding Rn)"
 * failed against the relay at commit 3cec190 and pass since the fix that
 * followed; "FIXED in …" ones failed before that commit; the others document
 * attacks tried that the guard already stopped, so a regression shows up here.
 * The wire versions are in tests/integration/update-guard-redteam.test.ts.
 */
import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { RAW_UPDATE_LIMITS, UPDATE_LIMITS } from '../../server/relay/client-updates.js'
import { contentRefusal } from '../../server/relay/content-rules.js'
import { auditTransaction } from '../../server/relay/transaction-audit.js'
import { inspectUpdate } from '../../server/relay/update-guard.js'
import { scanUpdate } from '../../server/relay/update-size.js'
import { encodeParts } from '../helpers/crafted-updates.js'

type Verdict =
  | { kind: 'refused'; why: string }
  | { kind: 'waiting' }
  /** Applied, and the audit agreed (or, with `audit`, disagreed: the room would be reloaded for everyone). */
  | { kind: 'applied'; audit: string | null }
  /** Yjs threw part-way: room.applyClientUpdate reports it and the room is reloaded for everyone. */
  | { kind: 'threw'; error: string }

/** What the relay would do with `raw` from a sender who may write `writable` (judgeAndApply, minus sockets and the store). */
function judge(doc: Y.Doc, raw: Uint8Array, writable: readonly string[]): Verdict {
  const inspection = inspectUpdate(doc, raw, UPDATE_LIMITS, RAW_UPDATE_LIMITS)
  if (inspection.status === 'refused') return { kind: 'refused', why: `${inspection.reason}: ${inspection.detail}` }
  for (const root of inspection.roots) if (!writable.includes(root)) return { kind: 'refused', why: `forbidden: ${root}` }
  for (const p of inspection.placed) {
    const why = contentRefusal(p.item.content, p.parent, p.parentSub)
    if (why !== null) return { kind: 'refused', why: `invalid: ${why}` }
  }
  if (inspection.status === 'waiting') return { kind: 'waiting' }
  const origin = Symbol('sender')
  let audit: string | null = null
  const onIntegrated = (tr: Y.Transaction): void => {
    if (tr.origin === origin) audit = auditTransaction(tr, { mayWrite: (r) => writable.includes(r), contentRefusal })
  }
  doc.on('beforeObserverCalls', onIntegrated)
  try {
    Y.applyUpdate(doc, inspection.update, origin)
  } catch (error) {
    return { kind: 'threw', error: (error as Error).message }
  } finally {
    doc.off('beforeObserverCalls', onIntegrated)
  }
  return { kind: 'applied', audit }
}

/** The server's document: a section the sender may write, one it may not, and gov. */
function world(): { server: Y.Doc; mine: Y.XmlText; other: Y.XmlText } {
  const server = new Y.Doc()
  const para = (root: string, text: string): Y.XmlText => {
    const p = new Y.XmlElement('paragraph')
    const t = new Y.XmlText(text)
    p.insert(0, [t])
    server.getXmlFragment(root).insert(0, [p])
    return t
  }
  const mine = para('body:mine', 'mine')
  const other = para('body:other', 'theirs')
  server.getMap('gov').set('adopted', false)
  return { server, mine, other }
}

const ATTACKER = 424_242
const item = (
  client: number,
  clock: number,
  origin: Y.ID | null,
  rightOrigin: Y.ID | null,
  parent: string | Y.ID | null,
  parentSub: string | null,
  content: ConstructorParameters<typeof Y.Item>[7],
): Y.Item => new Y.Item(Y.createID(client, clock), null, origin, null, rightOrigin, parent as Y.ID | null, parentSub, content)

describe('red team: delete sets', () => {
  it('FIXED in 3cec190, failed at b0c116a (finding R1): a zero-length deleted range past the server’s state is refused, not applied (Yjs throws, the room reloads for everyone)', () => {
    const { server } = world()
    // No structs, no roots: even an observer may send it. Yjs's V2 encoder throws on a zero length
    // when it re-encodes the part of the delete set it cannot apply yet (DeleteSet.readAndApplyDeleteSet).
    const update = encodeParts({ sections: [], deletes: [{ client: 777, clock: 5, len: 0 }] })
    const verdict = judge(server, update, [])
    expect(verdict.kind).toBe('refused')
  })

  it('refuses a zero-length deleted range below the state too, or applies it harmlessly', () => {
    const { server, other } = world()
    const id = other._start!.id
    const verdict = judge(server, encodeParts({ sections: [], deletes: [{ client: id.client, clock: id.clock + 1, len: 0 }] }), [])
    expect(['refused', 'applied']).toContain(verdict.kind)
    if (verdict.kind === 'applied') expect(verdict.audit).toBeNull()
    expect(server.getXmlFragment('body:other').toString()).toBe('<paragraph>theirs</paragraph>')
  })

  it('(red-team finding R3): overlapping deleted ranges cost at most a few hundred ms however often they repeat', () => {
    // A client with many structs: 20,000 characters typed backwards (each its own item, none mergeable).
    const server = new Y.Doc()
    const p = new Y.XmlElement('paragraph')
    const text = new Y.XmlText('')
    p.insert(0, [text])
    server.getXmlFragment('body:mine').insert(0, [p])
    for (let i = 0; i < 20_000; i++) text.insert(0, 'x')
    const client = server.clientID
    const state = Y.getState(server.store, client)
    // The same full range 300 times (the limit is 50,000 ranges): the guard walks the client's
    // structs once per range (with a binary search per struct) before it even looks at rights.
    const update = encodeParts({ sections: [], deletes: Array.from({ length: 300 }, () => ({ client, clock: 0, len: state })) })
    const started = performance.now()
    const verdict = judge(server, update, []) // an observer: refused, but only after the walk
    const ms = performance.now() - started
    expect(verdict.kind).toBe('refused')
    expect(ms).toBeLessThan(200)
  })
})

describe('red team: the size scan', () => {
  /** An XmlHook (type ref 5) carries a name the scan does not skip; XmlFragment (type ref 4) carries none but the scan reads one. */
  const desyncing = (type: Y.XmlHook | Y.XmlFragment, gcs: number): Uint8Array => {
    const B = ATTACKER + 1
    return encodeParts({
      sections: [
        { client: ATTACKER, clock: 0, structs: [item(ATTACKER, 0, null, null, 'body:mine', null, new Y.ContentType(type))] },
        { client: B, clock: 0, structs: Array.from({ length: gcs }, (_, i) => new Y.GC(Y.createID(B, i), 1)) },
      ],
      deletes: [],
    })
  }
  // Bytes chosen so that, read as the scan misreads them, they are a struct of unknown content:
  // the scan throws, gives up without an "over", and the whole update is decoded twice.
  const hook = (): Y.XmlHook => new Y.XmlHook('\x01\x00\x1f\x00\x00\x00')

  it('(red-team finding R2): the scan counts the structs after an XmlHook', () => {
    const scan = scanUpdate(desyncing(hook(), 200_000), RAW_UPDATE_LIMITS)
    expect(scan).toHaveProperty('over')
  })

  it('(red-team finding R2): an update of a million structs behind an XmlHook is refused in well under a second (not decoded)', () => {
    const { server } = world()
    const update = desyncing(hook(), 1_000_000) // 2 MB, a quarter of the default message bound
    const started = performance.now()
    const verdict = judge(server, update, [])
    const ms = performance.now() - started
    expect(verdict.kind).toBe('refused')
    expect(ms).toBeLessThan(200)
  })

  it('(red-team finding R2): an XmlFragment content does not throw the scan off either', () => {
    const scan = scanUpdate(desyncing(new Y.XmlFragment(), 200_000), RAW_UPDATE_LIMITS)
    expect(scan).toHaveProperty('over')
  })
})

describe('red team: placement attacks the guard stops (regression cases)', () => {
  it('origin in my section, right origin in another: judged (and linked) by the left', () => {
    const { server, mine, other } = world()
    const left = Y.createID(mine._start!.id.client, mine._start!.id.clock + 1)
    const right = Y.createID(other._start!.id.client, other._start!.id.clock + 2)
    const verdict = judge(
      server,
      encodeParts({ sections: [{ client: ATTACKER, clock: 0, structs: [item(ATTACKER, 0, left, right, null, null, new Y.ContentString('Z'))] }], deletes: [] }),
      ['body:mine'],
    )
    expect(verdict).toEqual({ kind: 'applied', audit: null })
    expect(server.getXmlFragment('body:other').toString()).toBe('<paragraph>theirs</paragraph>')
  })

  it('no origin, right origin in another section: refused (Yjs takes the parent from the right)', () => {
    const { server, other } = world()
    const right = Y.createID(other._start!.id.client, other._start!.id.clock + 2)
    const verdict = judge(
      server,
      encodeParts({ sections: [{ client: ATTACKER, clock: 0, structs: [item(ATTACKER, 0, null, right, null, null, new Y.ContentString('Z'))] }], deletes: [] }),
      ['body:mine'],
    )
    expect(verdict.kind).toBe('refused')
  })

  it('a map entry (parentSub) inherited from a left neighbour that is an attribute: judged as that attribute', () => {
    const server = new Y.Doc()
    const h = new Y.XmlElement('heading')
    h.setAttribute('level', 3 as unknown as string)
    server.getXmlFragment('body:mine').insert(0, [h])
    const levelItem = h._map.get('level')!
    // Inherits parentSub "level": a paragraph element as the heading's level is no plain value.
    const verdict = judge(
      server,
      encodeParts({
        sections: [
          { client: ATTACKER, clock: 0, structs: [item(ATTACKER, 0, levelItem.lastId, null, null, null, new Y.ContentType(new Y.XmlElement('paragraph')))] },
        ],
        deletes: [],
      }),
      ['body:mine'],
    )
    expect(verdict.kind).toBe('refused')
  })

  it('a format item inside an element (not a text) is refused', () => {
    const { server, mine } = world()
    const paragraphItem = (mine._item!.parent as Y.XmlElement)._item!
    const verdict = judge(
      server,
      encodeParts({
        sections: [{ client: ATTACKER, clock: 0, structs: [item(ATTACKER, 0, null, null, paragraphItem.id, null, new Y.ContentFormat('bold', {}))] }],
        deletes: [],
      }),
      ['body:mine'],
    )
    expect(verdict.kind).toBe('refused')
  })

  it('children of a type the update creates in gov under a writable-looking chain: refused', () => {
    const { server } = world()
    const verdict = judge(
      server,
      encodeParts({
        sections: [
          {
            client: ATTACKER,
            clock: 0,
            structs: [
              item(ATTACKER, 0, null, null, 'gov', 'x', new Y.ContentType(new Y.XmlElement('paragraph'))),
              item(ATTACKER, 1, null, null, Y.createID(ATTACKER, 0), null, new Y.ContentType(new Y.XmlText())),
            ],
          },
        ],
        deletes: [],
      }),
      ['body:mine'],
    )
    expect(verdict.kind).toBe('refused')
  })

  it('an item whose parent id is a string item (not a type) is discarded by both Yjs and the guard', () => {
    const { server, other } = world()
    const verdict = judge(
      server,
      encodeParts({
        sections: [{ client: ATTACKER, clock: 0, structs: [item(ATTACKER, 0, null, null, other._start!.id, null, new Y.ContentString('Z'))] }],
        deletes: [],
      }),
      [],
    )
    expect(verdict).toEqual({ kind: 'applied', audit: null })
    expect(server.getXmlFragment('body:other').toString()).toBe('<paragraph>theirs</paragraph>')
  })

  it('a section restarting at a lower clock is re-clocked by diffUpdate and judged in that form', () => {
    const { server, other } = world()
    const target = other._start!.lastId
    const update = encodeParts({
      sections: [
        { client: ATTACKER, clock: 0, structs: [item(ATTACKER, 0, null, null, 'body:mine', null, new Y.ContentType(new Y.XmlElement('paragraph')))] },
        // Same client again, "clock 0" again: becomes clock 1, with its origin in the other section.
        { client: ATTACKER, clock: 0, structs: [item(ATTACKER, 0, target, null, null, null, new Y.ContentString('PWNED'))] },
      ],
      deletes: [],
    })
    expect(judge(server, update, ['body:mine']).kind).toBe('refused')
    expect(server.getXmlFragment('body:other').toString()).toBe('<paragraph>theirs</paragraph>')
  })
})
