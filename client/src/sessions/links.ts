/**
 * Where the sessions screens live. The canonical paths are `/p/<id>/sessions`
 * and `/p/<id>/projector`; until the server serves the app shell for those
 * paths (it answers index.html only for `/` and `/p/<id>`), links use the
 * equivalent `/p/<id>?view=sessions|projector`, which it does serve. Both forms route.
 */
export type SessionsView = 'sessions' | 'projector'

export const sessionsHref = (platformId: string, view: SessionsView): string => `/p/${encodeURIComponent(platformId)}?view=${view}`

export function sessionsRouteOf(pathname: string, search: string): { kind: SessionsView; platformId: string } | null {
  const path = /^\/p\/([^/]+)\/(sessions|projector)\/?$/.exec(pathname)
  if (path?.[1]) return { kind: path[2] === 'projector' ? 'projector' : 'sessions', platformId: decodeURIComponent(path[1]) }
  const view = new URLSearchParams(search).get('view')
  const platform = /^\/p\/([^/]+)\/?$/.exec(pathname)
  if (platform?.[1] && (view === 'sessions' || view === 'projector')) return { kind: view, platformId: decodeURIComponent(platform[1]) }
  return null
}
