import { Extension } from '@tiptap/core'
import { yCursorPlugin } from '@tiptap/y-tiptap'
import type { Awareness } from 'y-protocols/awareness'
import * as Y from 'yjs'

/** Carets drawn per editor, at most: a crowd in one section is counted in the presence bar instead. */
const CARETS_MAX = 20
/** Carets are redrawn at most this often, however many presence changes arrive. */
const CARETS_REFRESH_MS = 100

type State = Record<string, unknown>

/** The plugin throws on a cursor it cannot read, breaking the editor: such a state is skipped. */
function validCursor(cursor: unknown): boolean {
  if (typeof cursor !== 'object' || cursor === null) return false
  const { anchor, head } = cursor as { anchor?: unknown; head?: unknown }
  if (typeof anchor !== 'object' || anchor === null || typeof head !== 'object' || head === null) return false
  try {
    Y.createRelativePositionFromJSON(anchor)
    Y.createRelativePositionFromJSON(head)
    return true
  } catch {
    return false
  }
}
type Listener = () => void

/**
 * What y-tiptap's caret plugin sees of the room's presence: only the few
 * people whose cursor is in this section, re-read at most every
 * CARETS_REFRESH_MS. The stock caret extension re-reads every state of the
 * room on every presence message, in every mounted editor: a room of
 * thousands froze the page.
 */
class SectionAwareness {
  private states = new Map<number, State>()
  private key = ''
  private listeners = new Set<Listener>()
  private timer: ReturnType<typeof setTimeout> | null = null
  private lastRun = 0

  constructor(
    private readonly awareness: Awareness,
    private readonly sectionId: string,
  ) {
    this.refresh()
  }

  getStates(): Map<number, State> {
    return this.states
  }

  getLocalState(): State | null {
    return this.awareness.getLocalState()
  }

  setLocalStateField(field: string, value: unknown): void {
    this.awareness.setLocalStateField(field, value)
  }

  on(_event: 'change', listener: Listener): void {
    if (this.listeners.size === 0) this.awareness.on('change', this.schedule)
    this.listeners.add(listener)
  }

  off(_event: 'change', listener: Listener): void {
    this.listeners.delete(listener)
    if (this.listeners.size === 0) {
      this.awareness.off('change', this.schedule)
      if (this.timer !== null) clearTimeout(this.timer)
      this.timer = null
    }
  }

  private schedule = (): void => {
    if (this.timer !== null) return
    this.timer = setTimeout(
      () => {
        this.timer = null
        if (this.refresh()) for (const l of [...this.listeners]) l()
      },
      Math.max(0, CARETS_REFRESH_MS - (Date.now() - this.lastRun)),
    )
  }

  /** Re-reads the states with a cursor in this section; true when they changed. */
  private refresh(): boolean {
    this.lastRun = Date.now()
    const next = new Map<number, State>()
    const own = this.awareness.clientID
    for (const [clientId, state] of this.awareness.getStates()) {
      if (next.size >= CARETS_MAX) break
      if (clientId === own || state.sectionId !== this.sectionId || !validCursor(state.cursor)) continue
      next.set(clientId, state)
    }
    let key = ''
    for (const [clientId, state] of next) key += `${clientId}:${JSON.stringify(state.cursor)}:${JSON.stringify(state.user)};`
    if (key === this.key) return false
    this.key = key
    this.states = next
    return true
  }
}

export interface SectionCaretsOptions {
  awareness: Awareness | null
  sectionId: string
  render: (user: Record<string, unknown>) => HTMLElement
}

const VALID_COLOR = /^#[0-9a-fA-F]{6}$/

/** Other people's carets and selections in one section's editor. */
export const SectionCarets = Extension.create<SectionCaretsOptions>({
  name: 'sectionCarets',
  addOptions() {
    return { awareness: null, sectionId: '', render: () => document.createElement('span') }
  },
  addProseMirrorPlugins() {
    const { awareness, sectionId, render } = this.options
    if (!awareness) return []
    const view = new SectionAwareness(awareness, sectionId)
    const safe = (user: Record<string, unknown>) => ({
      ...user,
      color: typeof user.color === 'string' && VALID_COLOR.test(user.color) ? user.color : '#37474f',
    })
    return [
      // The plugin only calls getStates, getLocalState, setLocalStateField and on/off('change').
      yCursorPlugin(view as unknown as Awareness, {
        cursorBuilder: (user: Record<string, unknown>) => render(safe(user)),
        selectionBuilder: (user: Record<string, unknown>) => ({
          nodeName: 'span',
          class: 'collaboration-carets__selection',
          style: `background-color: ${safe(user).color}40`,
        }),
      }),
    ]
  },
})
