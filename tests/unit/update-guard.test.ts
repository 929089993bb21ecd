import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { contentRefusal } from '../../server/relay/content-rules.js'
import { inspectUpdate, type Inspection, type UpdateLimits } from '../../server/relay/update-guard.js'
import { MAX_NESTING_DEPTH } from '../../shared/limits.js'
import { encodeParts } from '../helpers/crafted-updates.js'

const LIMITS: UpdateLimits = { maxStructs: 20_000, maxClients: 64, maxDeleteRanges: 50_000 }
const inspect = (doc: Y.Doc, update: Uint8Array): Inspection => inspectUpdate(doc, update, LIMITS)

/** A server document and a client that starts from its state. */
function setup(): { server: Y.Doc; client: Y.Doc; sync(): void; diff(write: () => void): Uint8Array } {
  const server = new Y.Doc()
  const client = new Y.Doc()
  const sync = (): void => {
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server, Y.encodeStateVector(client)))
    Y.applyUpdate(server, Y.encodeStateAsUpdate(client, Y.encodeStateVector(server)))
  }
  const diff = (write: () => void): Uint8Array => {
    const before = Y.encodeStateVector(client)
    write()
    return Y.encodeStateAsUpdate(client, before)
  }
  return { server, client, sync, diff }
}

const roots = (doc: Y.Doc, update: Uint8Array): string[] => {
  const result = inspect(doc, update)
  if (result.status !== 'ready') throw new Error(result.status === 'refused' ? result.detail : 'waiting')
  return [...result.roots].sort()
}

/** A paragraph holding `text`, appended to a section of `doc`. */
function paragraph(doc: Y.Doc, root: string, text: string): Y.XmlText {
  const p = new Y.XmlElement('paragraph')
  const t = new Y.XmlText(text)
  p.insert(0, [t])
  doc.getXmlFragment(root).insert(doc.getXmlFragment(root).length, [p])
  return t
}

/** The id of the last character of a text's first item: a real struct of the server. */
const lastCharId = (text: Y.XmlText): Y.ID => {
  const item = text._start!
  return Y.createID(item.id.client, item.id.clock + item.length - 1)
}

/** Applies what the guard judged and returns which of the given roots changed. */
function changedBy(doc: Y.Doc, update: Uint8Array, names: string[]): string[] {
  const before = names.map((n) => doc.getXmlFragment(n).toString())
  Y.applyUpdate(doc, update)
  return names.filter((n, i) => doc.getXmlFragment(n).toString() !== before[i])
}

describe('the update guard on ordinary edits', () => {
  it('names the root of text inserted deep inside nested elements the server already has', () => {
    const { server, client, sync, diff } = setup()
    const list = new Y.XmlElement('bulletList')
    const item = new Y.XmlElement('listItem')
    const text = new Y.XmlText('one')
    item.insert(0, [text])
    list.insert(0, [item])
    client.getXmlFragment('body:a').insert(0, [list])
    sync()
    expect(
      roots(
        server,
        diff(() => text.insert(1, 'X')),
      ),
    ).toEqual(['body:a'])
  })

  it('names the root of a deletion of text the server already has', () => {
    const { server, client, sync, diff } = setup()
    const text = paragraph(client, 'body:b', 'hello world')
    sync()
    expect(
      roots(
        server,
        diff(() => text.delete(0, 5)),
      ),
    ).toEqual(['body:b'])
  })

  it('names every root of one transaction', () => {
    const { server, client, diff } = setup()
    const update = diff(() =>
      client.transact(() => {
        paragraph(client, 'body:a', 'a')
        client.getMap('gov').set('x', 1)
      }),
    )
    expect(roots(server, update)).toEqual(['body:a', 'gov'])
  })

  it('does not count a replayed full history (a device copy) as touching gov', () => {
    const { server, client, sync } = setup()
    server.getMap('gov').set('title', 'first')
    server.getMap('gov').set('title', 'second') // deletes the first value
    sync()
    paragraph(client, 'body:c', 'typed offline')
    expect(roots(server, Y.encodeStateAsUpdate(client))).toEqual(['body:c'])
  })

  it('treats what a client inserted and deleted before sending (GC structs) as touching nothing', () => {
    const { server, client, diff } = setup()
    const update = diff(() => {
      paragraph(client, 'body:d', 'temporary')
      client.getXmlFragment('body:d').delete(0, 1)
    })
    expect(inspect(server, update).status).toBe('ready')
  })

  it('holds an update whose dependencies the server does not have, naming what it waits for', () => {
    const { server, client, diff } = setup()
    const text = paragraph(client, 'body:e', 'not sent')
    diff(() => {})
    const later = diff(() => text.insert(0, 'depends on unsent'))
    const result = inspect(server, later)
    expect(result.status).toBe('waiting')
    if (result.status === 'waiting') expect(result.need.client).toBe(client.clientID)
  })

  it('reports bytes that are no update as malformed', () => {
    expect(inspect(new Y.Doc(), new Uint8Array([9, 9, 9, 9]))).toMatchObject({ status: 'refused', reason: 'malformed' })
  })

  it('walks a chain of 19,000 items without recursion', () => {
    const { server, client, sync, diff } = setup()
    const text = paragraph(client, 'body:f', '')
    sync()
    const update = diff(() => {
      // Typing backwards: each character is its own item, resolved through the one typed before it.
      for (let i = 0; i < 19_000; i++) text.insert(0, 'x')
    })
    expect(Y.decodeUpdate(update).structs.length).toBe(19_000)
    expect(roots(server, update)).toEqual(['body:f'])
  })
})

describe('the update guard against crafted updates', () => {
  /** The server has a section of the sender ('body:mine') and one of another organization ('body:other'), and gov. */
  function world() {
    const { server, client, sync } = setup()
    const mine = paragraph(client, 'body:mine', 'mine')
    const other = paragraph(client, 'body:other', 'theirs')
    sync()
    server.getMap('gov').set('adopted', false)
    sync()
    return { server, mine, other, attacker: 123456 }
  }

  it('resolves an origin the server has from its own document, not from a fake GC struct with the same id', () => {
    const { server, other, attacker } = world()
    const target = lastCharId(other)
    const update = encodeParts({
      sections: [
        // The fake: a GC struct claiming the id of the other section's text.
        { client: target.client, clock: target.clock, structs: [new Y.GC(target, 1)] },
        { client: attacker, clock: 0, structs: [new Y.Item(Y.createID(attacker, 0), null, target, null, null, null, null, new Y.ContentString('PWNED'))] },
      ],
      deletes: [],
    })
    expect(roots(server, update)).toEqual(['body:other'])
    expect(changedBy(server, update, ['body:mine', 'body:other'])).toEqual(['body:other'])
  })

  it('resolves an origin from the server even when the update carries a fake item claiming the sender’s section', () => {
    const { server, other, attacker } = world()
    const target = lastCharId(other)
    const update = encodeParts({
      sections: [
        {
          client: target.client,
          clock: target.clock,
          structs: [new Y.Item(target, null, null, null, null, 'body:mine' as unknown as Y.ID, null, new Y.ContentString('x'))],
        },
        { client: attacker, clock: 0, structs: [new Y.Item(Y.createID(attacker, 0), null, target, null, null, null, null, new Y.ContentString('PWNED'))] },
      ],
      deletes: [],
    })
    expect(roots(server, update)).toEqual(['body:other'])
  })

  it('judges a struct reaching past the server’s state by where Yjs links it, not by the parent it claims', () => {
    const { server, other } = world()
    const last = other._start!
    const state = Y.getState(server.store, last.id.client)
    // Overlaps the server's last struct of that client and claims the sender's section as parent.
    const overlapping = new Y.Item(
      Y.createID(last.id.client, state - 1),
      null,
      null,
      null,
      null,
      'body:mine' as unknown as Y.ID,
      null,
      new Y.ContentString('zzPWNED'),
    )
    const update = encodeParts({ sections: [{ client: last.id.client, clock: state - 1, structs: [overlapping] }], deletes: [] })
    const result = inspect(server, update)
    expect(result.status).toBe('ready')
    if (result.status !== 'ready') return
    // Applying exactly what was judged, the text lands where the guard said.
    const changed = changedBy(server, result.update, ['body:mine', 'body:other'])
    for (const root of changed) expect(result.roots).toContain(root)
  })

  it('refuses a client appearing in two sections', () => {
    const { server, attacker } = world()
    const item = (clock: number): Y.Item =>
      new Y.Item(Y.createID(attacker, clock), null, null, null, null, 'body:mine' as unknown as Y.ID, null, new Y.ContentString('a'))
    const update = encodeParts({
      sections: [
        { client: attacker, clock: 0, structs: [item(0)] },
        {
          client: attacker + 1,
          clock: 0,
          structs: [new Y.Item(Y.createID(attacker + 1, 0), null, null, null, null, 'body:mine' as unknown as Y.ID, null, new Y.ContentString('b'))],
        },
        { client: attacker, clock: 1, structs: [item(1)] },
      ],
      deletes: [],
    })
    expect(inspect(server, update)).toMatchObject({ status: 'refused', reason: 'malformed' })
  })

  it('refuses an item referring to a later struct of its own client, and dependency cycles', () => {
    const { server, attacker } = world()
    const forward = encodeParts({
      sections: [
        {
          client: attacker,
          clock: 0,
          structs: [
            new Y.Item(Y.createID(attacker, 0), null, Y.createID(attacker, 1), null, null, null, null, new Y.ContentString('a')),
            new Y.Item(Y.createID(attacker, 1), null, null, null, null, 'body:mine' as unknown as Y.ID, null, new Y.ContentString('b')),
          ],
        },
      ],
      deletes: [],
    })
    expect(inspect(server, forward)).toMatchObject({ status: 'refused', reason: 'malformed' })
    const b = attacker + 1
    const cycle = encodeParts({
      sections: [
        {
          client: attacker,
          clock: 0,
          structs: [new Y.Item(Y.createID(attacker, 0), null, Y.createID(b, 0), null, null, null, null, new Y.ContentString('a'))],
        },
        { client: b, clock: 0, structs: [new Y.Item(Y.createID(b, 0), null, Y.createID(attacker, 0), null, null, null, null, new Y.ContentString('b'))] },
      ],
      deletes: [],
    })
    expect(inspect(server, cycle)).toMatchObject({ status: 'refused', reason: 'malformed' })
  })

  it('names the root of every deletion the server would carry out, whatever the update carries with it', () => {
    const { server, other, attacker } = world()
    const target = other._start!.id
    const update = encodeParts({
      sections: [{ client: target.client, clock: target.clock, structs: [new Y.GC(target, 6)] }],
      deletes: [{ client: target.client, clock: target.clock, len: 3 }],
    })
    expect(roots(server, update)).toEqual(['body:other'])
    void attacker
  })

  it('refuses an empty deleted range (Yjs throws applying one past a client’s state)', () => {
    const { server } = world()
    const update = encodeParts({ sections: [], deletes: [{ client: 777, clock: 2 ** 31, len: 0 }] })
    expect(inspect(server, update)).toMatchObject({ status: 'refused', reason: 'malformed' })
    expect(() => Y.applyUpdate(new Y.Doc(), update)).toThrow()
  })

  it('bounds structs and clients per update', () => {
    const { server } = world()
    const many = (clients: number, perClient: number): Uint8Array =>
      encodeParts({
        sections: Array.from({ length: clients }, (_, c) => ({
          client: 900_000 + c,
          clock: 0,
          structs: Array.from(
            { length: perClient },
            (_, i) => new Y.Item(Y.createID(900_000 + c, i), null, null, null, null, 'body:mine' as unknown as Y.ID, null, new Y.ContentString('a')),
          ),
        })),
        deletes: [],
      })
    expect(inspect(server, many(1, 20_001))).toMatchObject({ status: 'refused', reason: 'tooLarge' })
    expect(inspect(server, many(65, 1))).toMatchObject({ status: 'refused', reason: 'tooLarge' })
    expect(inspect(server, many(64, 1)).status).toBe('ready')
  })
})

describe('content rules (what the editor can show)', () => {
  const fragment = { kind: 'fragment', nodeName: null, depth: 0, element: null } as const
  const inParagraph = { kind: 'element', nodeName: 'paragraph', depth: 1, element: 'paragraph' } as const
  const textInParagraph = { kind: 'text', nodeName: null, depth: 1, element: 'paragraph' } as const
  const textInCode = { kind: 'text', nodeName: null, depth: 1, element: 'codeBlock' } as const
  /** The format item that ends a mark ({ bold: null }), taken from text Yjs formatted: its typings have no null format value. */
  const markEnd = (key: string): Y.ContentFormat => {
    const text = new Y.Doc().getText()
    text.insert(0, 'a', { [key]: true })
    for (let item = text._start; item; item = item.right) if (item.content instanceof Y.ContentFormat && item.content.value === null) return item.content
    throw new Error(`Yjs wrote no end of ${key}`)
  }

  it('accepts what the editor writes', () => {
    expect(contentRefusal(new Y.ContentType(new Y.XmlElement('paragraph')), fragment, null)).toBeNull()
    expect(contentRefusal(new Y.ContentType(new Y.XmlText()), inParagraph, null)).toBeNull()
    expect(contentRefusal(new Y.ContentString('hello'), textInParagraph, null)).toBeNull()
    expect(contentRefusal(new Y.ContentFormat('bold', {}), textInParagraph, null)).toBeNull()
    expect(contentRefusal(markEnd('bold'), textInParagraph, null)).toBeNull()
    expect(contentRefusal(new Y.ContentFormat('link', { href: 'https://example.org' }), textInParagraph, null)).toBeNull()
    const heading = { kind: 'element', nodeName: 'heading', depth: 1, element: 'heading' } as const
    expect(contentRefusal(new Y.ContentAny([2]), heading, 'level')).toBeNull()
  })

  it('refuses what it cannot show', () => {
    expect(contentRefusal(new Y.ContentType(new Y.XmlElement('script')), fragment, null)).not.toBeNull()
    expect(contentRefusal(new Y.ContentType(new Y.XmlText()), fragment, null)).not.toBeNull()
    expect(contentRefusal(new Y.ContentType(new Y.Map()), fragment, null)).not.toBeNull()
    expect(contentRefusal(new Y.ContentType(new Y.XmlFragment()), fragment, null)).not.toBeNull()
    expect(contentRefusal(new Y.ContentBinary(new Uint8Array([1])), fragment, null)).not.toBeNull()
    expect(contentRefusal(new Y.ContentDoc(new Y.Doc()), fragment, null)).not.toBeNull()
    expect(contentRefusal(new Y.ContentAny(['x']), fragment, null)).not.toBeNull()
    expect(contentRefusal(new Y.ContentEmbed({ x: 1 }), textInParagraph, null)).not.toBeNull()
    expect(contentRefusal(new Y.ContentFormat('blink', {}), textInParagraph, null)).not.toBeNull()
    expect(contentRefusal(new Y.ContentFormat('bold', {}), textInCode, null)).not.toBeNull()
    expect(contentRefusal(new Y.ContentFormat('link', { href: 'javascript:alert(1)' }), textInParagraph, null)).not.toBeNull()
    expect(contentRefusal(new Y.ContentFormat('link', { href: 'https://x.org', class: 'alert' }), textInParagraph, null)).not.toBeNull()
    expect(contentRefusal(new Y.ContentAny(['evil']), inParagraph, 'class')).not.toBeNull()
    const heading = { kind: 'element', nodeName: 'heading', depth: 1, element: 'heading' } as const
    expect(contentRefusal(new Y.ContentAny([7]), heading, 'level')).not.toBeNull()
    expect(
      contentRefusal(
        new Y.ContentType(new Y.XmlElement('paragraph')),
        { ...fragment, kind: 'element', nodeName: 'blockquote', depth: MAX_NESTING_DEPTH },
        null,
      ),
    ).not.toBeNull()
  })
})
