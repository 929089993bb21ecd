import { useEffect, useState, useSyncExternalStore } from 'react'
import type * as Y from 'yjs'
import type { Awareness } from 'y-protocols/awareness'
import { govMap, readGov, type GovPerson, type GovSnapshot } from '../../../shared/gov.js'
import type { Role } from '../../../shared/roles.js'
import type { ConnectionState, PlatformConnection } from './connection.js'

/** The server-owned `gov` projection, re-read whenever any part of it changes. */
export function useGov(doc: Y.Doc): GovSnapshot {
  const [snapshot, setSnapshot] = useState<GovSnapshot>(() => readGov(doc))
  useEffect(() => {
    const gov = govMap(doc)
    const refresh = () => setSnapshot(readGov(doc))
    refresh()
    gov.observeDeep(refresh)
    return () => gov.unobserveDeep(refresh)
  }, [doc])
  return snapshot
}

export function useConnectionState(connection: PlatformConnection): ConnectionState {
  return useSyncExternalStore(connection.subscribe, connection.getState)
}

/** The connection's state without the Saving/Saved flips (PlatformConnection.getSettledState). */
export function useSettledConnectionState(connection: PlatformConnection): ConnectionState {
  return useSyncExternalStore(connection.subscribe, connection.getSettledState)
}

/** What this client announces about itself (the relay replaces it with who the connection really is). */
export interface PresenceUser {
  personId: string
  name: string
  color: string
  orgId: string | null
  role: Role | null
}

export interface PresenceState {
  clientId: number
  /** Who this is, from gov people (null: not a member of this platform). */
  user: PresenceUser | null
  sectionId: string | null
  lastActive: number
}

/**
 * One awareness state. Identity comes from gov people, never from what the
 * state says: only its person id is used (the relay stamps the connection's own).
 */
function readPresence(clientId: number, state: Record<string, unknown>, people: ReadonlyMap<string, GovPerson>): PresenceState {
  const rawUser = state.user
  const personId = typeof rawUser === 'object' && rawUser !== null ? (rawUser as Record<string, unknown>).personId : undefined
  const person = typeof personId === 'string' ? people.get(personId) : undefined
  const claimedColor = (rawUser as Record<string, unknown> | null | undefined)?.color
  const user: PresenceUser | null = person
    ? {
        personId: person.id,
        name: person.name,
        role: person.role,
        orgId: person.orgId,
        color: typeof claimedColor === 'string' ? claimedColor : '#37474f',
      }
    : null
  return {
    clientId,
    user,
    sectionId: typeof state.sectionId === 'string' ? state.sectionId : null,
    lastActive: typeof state.lastActive === 'number' ? state.lastActive : 0,
  }
}

/** Presence is re-read at most this often: a room of thousands changes many times a second. */
const PRESENCE_REFRESH_MS = 250

/** Everyone's presence (including this client), updated on awareness changes. */
export function usePresence(awareness: Awareness, govPeopleList: GovPerson[]): PresenceState[] {
  const [states, setStates] = useState<PresenceState[]>([])
  useEffect(() => {
    const people = new Map(govPeopleList.map((p) => [p.id, p]))
    // Cursor moves change awareness on every keystroke; only re-render when
    // what this list shows (person, section, activity) changes.
    let lastKey = ''
    let timer: ReturnType<typeof setTimeout> | null = null
    let lastRun = 0
    const refresh = () => {
      timer = null
      lastRun = Date.now()
      const list: PresenceState[] = []
      const keyParts: string[] = []
      awareness.getStates().forEach((state, clientId) => {
        const p = readPresence(clientId, state, people)
        list.push(p)
        keyParts.push(`${clientId}\u0000${p.user?.personId ?? ''}\u0000${p.user?.color ?? ''}\u0000${p.sectionId ?? ''}\u0000${p.lastActive}`)
      })
      const key = keyParts.join('\u0001')
      if (key === lastKey) return
      lastKey = key
      setStates(list)
    }
    const schedule = () => {
      if (timer !== null) return
      timer = setTimeout(refresh, Math.max(0, PRESENCE_REFRESH_MS - (Date.now() - lastRun)))
    }
    refresh()
    awareness.on('change', schedule)
    return () => {
      awareness.off('change', schedule)
      if (timer !== null) clearTimeout(timer)
    }
  }, [awareness, govPeopleList])
  return states
}

/** A clock that ticks every `intervalMs`, for "idle" labels. */
export function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), intervalMs)
    return () => clearInterval(id)
  }, [intervalMs])
  return now
}
