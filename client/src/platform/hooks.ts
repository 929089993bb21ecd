import { useEffect, useState, useSyncExternalStore } from 'react'
import type * as Y from 'yjs'
import type { Awareness } from 'y-protocols/awareness'
import { govMap, readGov, type GovSnapshot } from '../../../shared/gov.js'
import type { Role } from '../../../shared/permissions.js'
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

/** What this client announces about itself (the relay only passes on a person's own personId). */
export interface PresenceUser {
  personId: string
  name: string
  color: string
  orgId: string | null
  role: Role | null
}

const ROLES: readonly string[] = ['observer', 'delegate', 'boardRep', 'facilitator']

export interface PresenceState {
  clientId: number
  user: PresenceUser | null
  sectionId: string | null
  lastActive: number
}

function readPresence(clientId: number, state: Record<string, unknown>): PresenceState {
  const rawUser = state.user
  let user: PresenceUser | null = null
  if (typeof rawUser === 'object' && rawUser !== null) {
    const u = rawUser as Record<string, unknown>
    if (typeof u.name === 'string') {
      user = {
        personId: typeof u.personId === 'string' ? u.personId : '',
        role: typeof u.role === 'string' && ROLES.includes(u.role) ? (u.role as Role) : null,
        name: u.name,
        color: typeof u.color === 'string' ? u.color : '#37474f',
        orgId: typeof u.orgId === 'string' ? u.orgId : null,
      }
    }
  }
  return {
    clientId,
    user,
    sectionId: typeof state.sectionId === 'string' ? state.sectionId : null,
    lastActive: typeof state.lastActive === 'number' ? state.lastActive : 0,
  }
}

/** Everyone's presence (including this client), updated on awareness changes. */
export function usePresence(awareness: Awareness): PresenceState[] {
  const [states, setStates] = useState<PresenceState[]>([])
  useEffect(() => {
    // Cursor moves change awareness on every keystroke; only re-render when
    // what this list shows (name, colour, organization, section, activity) changes.
    let lastKey = ''
    const refresh = () => {
      const list: PresenceState[] = []
      awareness.getStates().forEach((state, clientId) => list.push(readPresence(clientId, state)))
      const key = JSON.stringify(list)
      if (key === lastKey) return
      lastKey = key
      setStates(list)
    }
    refresh()
    awareness.on('change', refresh)
    return () => awareness.off('change', refresh)
  }, [awareness])
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
