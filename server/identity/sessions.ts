import type { IncomingMessage } from 'node:http'
import type { PeopleStore, PersonRecord } from '../store/store.js'
import { newToken, tokenHash } from './secrets.js'

export const SESSION_COOKIE = 'plank_session'

export interface SessionOptions {
  sessionTtlMs: number
  /** Demo people may only act while demo mode is on. */
  demo: boolean
}

export interface ActiveSession {
  person: PersonRecord
  /** The stored hash of the session token: identifies the session without the secret. */
  key: string
  expiresAt: number
}

export function readCookie(request: IncomingMessage, name: string): string | null {
  const header = request.headers.cookie
  if (!header) return null
  for (const part of header.split(';')) {
    const eq = part.indexOf('=')
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim())
      } catch {
        return null
      }
    }
  }
  return null
}

/** Server-side sessions: the cookie holds a random token, the store only its hash. */
export class Sessions {
  constructor(
    private readonly store: PeopleStore,
    private readonly options: SessionOptions,
  ) {}

  create(personId: string, now = Date.now()): { token: string; expiresAt: number } {
    const token = newToken()
    const expiresAt = now + this.options.sessionTtlMs
    this.store.deleteExpiredSessions(new Date(now).toISOString())
    this.store.createSession(tokenHash(token), personId, new Date(expiresAt).toISOString())
    return { token, expiresAt }
  }

  /** The live session behind a token, or null (unknown, expired, or a demo person with demo mode off). */
  resolve(token: string | null, now = Date.now()): ActiveSession | null {
    if (!token) return null
    return this.byKey(tokenHash(token), now)
  }

  byKey(key: string, now = Date.now()): ActiveSession | null {
    const session = this.store.getSession(key)
    if (!session) return null
    const expiresAt = Date.parse(session.expiresAt)
    if (!(expiresAt > now)) return null
    const person = this.store.getPerson(session.personId)
    if (!person || (person.isDemo && !this.options.demo)) return null
    return { person, key, expiresAt }
  }

  fromRequest(request: IncomingMessage): ActiveSession | null {
    return this.resolve(readCookie(request, SESSION_COOKIE))
  }

  destroy(key: string): void {
    this.store.deleteSession(key)
  }
}
