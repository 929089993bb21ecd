import { useSyncExternalStore } from 'react'

/**
 * Every address of the app: the patterns App.tsx routes on and the builders
 * every link uses, so that a path is spelled in one place. Shared links
 * (`/`, `/p/<id>`, `/p/<id>#<sectionId>`) are an interface outside tools rely
 * on (DESIGN.md); the others are the app's own.
 */

const enc = encodeURIComponent

/** What an address shows. */
export type Route =
  | { kind: 'home' | 'signin' | 'setup' | 'invite' | 'unknown' }
  | { kind: PlatformView; platformId: string }
  | { kind: 'amendment'; platformId: string; amendmentId: string }
  | { kind: 'history'; platformId: string; sectionId: string | null }

/** The screens of one platform; each is mounted inside the PlatformShell. */
export type PlatformView = 'platform' | 'settings' | 'signoff' | 'review' | 'sessions' | 'projector'

export const homePath = (): string => '/'

/** `/signin`, optionally coming back to `next` (a path on this site) once signed in. */
export const signInPath = (next?: string): string => (next === undefined ? '/signin' : `/signin?next=${enc(next)}`)

/** First-run setup: `/setup#<token>` (the token stays out of server logs). */
export const setupPath = (): string => '/setup'

/** An invitation: `/invite#<token>`. */
export const invitePath = (): string => '/invite'

/** A platform: `/p/<id>`. */
export const platformPath = (platformId: string): string => `/p/${enc(platformId)}`

/** In-page link to a section of the platform being shown: `#<sectionId>`. */
export const sectionHash = (sectionId: string): string => `#${enc(sectionId)}`

/** A platform scrolled to one section: `/p/<id>#<sectionId>`. */
export const sectionPath = (platformId: string, sectionId: string): string => platformPath(platformId) + sectionHash(sectionId)

/** Platform settings: `/p/<id>/settings`. */
export const settingsPath = (platformId: string): string => `${platformPath(platformId)}/settings`

/** The sign-off matrix: `/p/<id>/signoff`. */
export const signoffPath = (platformId: string): string => `${platformPath(platformId)}/signoff`

/** A board representative's one-pass review of every section: `/p/<id>/review`. */
export const reviewAllPath = (platformId: string): string => `${platformPath(platformId)}/review`

/** One amendment of the platform (issue 14): `/p/<id>/amendments/<amendmentId>`. */
export const amendmentPath = (platformId: string, amendmentId: string): string => `${platformPath(platformId)}/amendments/${enc(amendmentId)}`

/**
 * The sessions screens. Their canonical paths are `/p/<id>/sessions` and
 * `/p/<id>/projector`; links use the older, equivalent
 * `/p/<id>?view=sessions|projector` (links already shared keep that form).
 * Both forms route.
 */
export type SessionsView = 'sessions' | 'projector'
export const sessionsPath = (platformId: string, view: SessionsView): string => `${platformPath(platformId)}?view=${view}`

/**
 * The history view (issue 16): the platform's timeline `/p/<id>/history`, a
 * section's versions `/p/<id>/history/<sectionId>`, `?v=<versionId>` the one shown.
 */
export const historyPath = (platformId: string, sectionId?: string, versionId?: string): string =>
  `${platformPath(platformId)}/history${sectionId === undefined ? '' : `/${enc(sectionId)}`}${versionId === undefined ? '' : `?v=${enc(versionId)}`}`

const HISTORY_PATH = /^\/p\/([^/]+)\/history(?:\/([^/]+))?\/?$/
const AMENDMENT_PATH = /^\/p\/([^/]+)\/amendments\/([^/]+)\/?$/
const PLATFORM_PATH = /^\/p\/([^/]+)(?:\/(settings|signoff|review|sessions|projector))?\/?$/

/** The route of an address (`location.pathname`, `location.search`). */
export function routeOf(pathname: string, search: string): Route {
  if (pathname === '/' || pathname === '/index.html') return { kind: 'home' }
  if (pathname === '/signin') return { kind: 'signin' }
  if (pathname === '/setup') return { kind: 'setup' }
  if (pathname === '/invite') return { kind: 'invite' }
  const amendment = AMENDMENT_PATH.exec(pathname)
  if (amendment?.[1] && amendment[2]) {
    return { kind: 'amendment', platformId: decodeURIComponent(amendment[1]), amendmentId: decodeURIComponent(amendment[2]) }
  }
  const history = HISTORY_PATH.exec(pathname)
  if (history?.[1]) {
    return { kind: 'history', platformId: decodeURIComponent(history[1]), sectionId: history[2] ? decodeURIComponent(history[2]) : null }
  }
  const match = PLATFORM_PATH.exec(pathname)
  if (!match?.[1]) return { kind: 'unknown' }
  const platformId = decodeURIComponent(match[1])
  const sub = match[2] as Exclude<PlatformView, 'platform'> | undefined
  if (sub) return { kind: sub, platformId }
  const view = new URLSearchParams(search).get('view')
  return { kind: view === 'sessions' || view === 'projector' ? view : 'platform', platformId }
}

/** The part after `#`, decoded (null when there is none). */
export function currentHash(): string | null {
  const raw = location.hash.slice(1)
  if (raw === '') return null
  try {
    return decodeURIComponent(raw)
  } catch {
    return raw
  }
}

const subscribeHash = (onChange: () => void): (() => void) => {
  window.addEventListener('hashchange', onChange)
  return () => window.removeEventListener('hashchange', onChange)
}

/**
 * The address's hash, live. Read through useSyncExternalStore, which checks
 * the hash again once it listens: a hash that changes between the first
 * render and the listener (a link followed while the page mounts) is not
 * missed, as it was with useState + a hashchange effect.
 */
export function useLocationHash(): string | null {
  return useSyncExternalStore(subscribeHash, currentHash)
}
