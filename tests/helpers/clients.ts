import * as decoding from 'lib0/decoding'
import { WebSocket } from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { sectionRoot } from '../../shared/documents.js'
import { MessageType } from '../../shared/protocol.js'
import { encodeSaveCheck } from '../../shared/protocol-messages.js'
import type { Store } from '../../server/store/store.js'

export interface Client {
  doc: Y.Doc
  provider: WebsocketProvider
  destroy(): void
}

/**
 * Synced clients of the sample platform, each kept so that a describe's
 * afterAll destroys them all; `wsUrl` and `platformId` are read at connect
 * time (the server is started in beforeAll).
 */
export function syncedClients(server: () => { wsUrl: string; sample: { platformId: string } }): {
  connect: (cookie: string) => Promise<Client>
  destroyAll: () => void
} {
  const clients: Client[] = []
  return {
    async connect(cookie) {
      const client = connectClient(server().wsUrl, server().sample.platformId, { cookie })
      clients.push(client)
      await waitSynced(client)
      return client
    },
    destroyAll() {
      for (const c of clients) c.destroy()
    },
  }
}

/** The ws package's WebSocket, sending a session cookie as a browser would. */
const withCookie = (cookie: string | undefined): typeof globalThis.WebSocket =>
  class extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols, cookie ? { headers: { cookie } } : {})
    }
  } as unknown as typeof globalThis.WebSocket // ws implements the browser WebSocket interface the provider expects

/** A stock y-websocket client, as an outside tool would run it in Node. */
export function connectClient(
  wsUrl: string,
  platformId: string,
  options: { cookie?: string; params?: Record<string, string>; doc?: Y.Doc; connect?: boolean } = {},
): Client {
  const doc = options.doc ?? new Y.Doc()
  const provider = new WebsocketProvider(wsUrl, platformId, doc, {
    WebSocketPolyfill: withCookie(options.cookie),
    disableBc: true,
    params: options.params ?? {},
    connect: options.connect ?? true,
  })
  return {
    doc,
    provider,
    destroy() {
      provider.destroy()
      doc.destroy()
    },
  }
}

/** Presence as Plank's client announces it: the relay relays only the connection's own person. */
export const announce = (client: Client, personId: string, name: string): void =>
  client.provider.awareness.setLocalStateField('user', { personId, name, color: '#333333' })

export async function waitFor(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}

export const waitSynced = (client: Client): Promise<void> => waitFor(() => client.provider.synced, 'sync')

/** Resolves with the close the server sent to a provider that it told not to reconnect. */
export const nextTerminalClose = (client: Client): Promise<{ code: number; reason: string }> =>
  new Promise((resolve) => client.provider.once('closed', (close: { code: number; reason: string }) => resolve(close)))

/** Plain text of a section body, paragraph by paragraph. */
export const sectionText = (doc: Y.Doc, sectionId: string): string =>
  doc
    .getXmlFragment(sectionRoot(sectionId))
    .toArray()
    .map((node) => (node instanceof Y.XmlElement || node instanceof Y.XmlText ? plain(node) : ''))
    .join('\n')

const plain = (node: Y.XmlElement | Y.XmlText): string =>
  node instanceof Y.XmlText
    ? node.toString().replace(/<[^>]*>/g, '')
    : node
        .toArray()
        .map((child) => (child instanceof Y.XmlElement || child instanceof Y.XmlText ? plain(child) : ''))
        .join('')

/** Appends a paragraph with `text` to a section body, as an editor would. */
export function appendParagraph(doc: Y.Doc, sectionId: string, text: string): Y.XmlText {
  const paragraph = new Y.XmlElement('paragraph')
  const xmlText = new Y.XmlText(text)
  paragraph.insert(0, [xmlText])
  const body = doc.getXmlFragment(sectionRoot(sectionId))
  body.insert(body.length, [paragraph])
  return xmlText
}

/** The document as the store holds it, loaded independently of any room. */
export function storedDoc(store: Store, platformId: string): Y.Doc {
  const stored = store.loadDocument(platformId)
  const doc = new Y.Doc()
  if (stored.state) Y.applyUpdate(doc, stored.state)
  for (const update of stored.updates) Y.applyUpdate(doc, update)
  return doc
}

/** Same content in the same order (state vectors and every root compared). */
export const sameContent = (a: Y.Doc, b: Y.Doc): boolean =>
  Buffer.from(Y.encodeStateVector(a)).equals(Buffer.from(Y.encodeStateVector(b))) &&
  [...new Set([...a.share.keys(), ...b.share.keys()])].every(
    (root) => root === 'gov' || a.getXmlFragment(root).toString() === b.getXmlFragment(root).toString(),
  )

const saveAcks = new WeakMap<Client, Set<number>>()

/**
 * "Everything this client sent so far is stored": sends SaveCheck `n` and
 * waits for the relay's echo. The client must connect with params
 * `{ saveAcks: '1' }` (SAVE_ACKS_PARAM), as Plank's own client does.
 */
export async function savedUpTo(client: Client, n: number, timeoutMs = 10_000): Promise<void> {
  let seen = saveAcks.get(client)
  if (!seen) {
    const acks = new Set<number>()
    seen = acks
    saveAcks.set(client, acks)
    client.provider.messageHandlers[MessageType.SaveCheck] = (_encoder, decoder: decoding.Decoder) => {
      acks.add(decoding.readVarUint(decoder))
    }
  }
  client.provider.ws!.send(encodeSaveCheck(n))
  const acks = seen
  await waitFor(() => acks.has(n), `save acknowledgement ${n}`, timeoutMs)
}
