import type { Store } from '../../server/store/store.js'

export interface HttpResult {
  status: number
  body: unknown
  cookie: string
}

/** A JSON request as the browser client makes it (same-origin). */
export async function api(
  base: string,
  path: string,
  options: { method?: string; body?: unknown; cookie?: string; headers?: Record<string, string> } = {},
): Promise<HttpResult> {
  const res = await fetch(base + path, {
    method: options.method ?? 'GET',
    headers: {
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(options.cookie ? { cookie: options.cookie } : {}),
      ...options.headers,
    },
    body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
  })
  const text = await res.text()
  let body: unknown = null
  try {
    body = text ? JSON.parse(text) : null
  } catch {
    body = text
  }
  return {
    status: res.status,
    body,
    cookie: res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; '),
  }
}

/** Everything governance can change, for "nothing was stored" assertions. */
export function governanceSnapshot(store: Store, platformId: string): string {
  return JSON.stringify({
    platforms: store.listPlatforms(),
    organizations: store.listOrganizations(platformId),
    sections: store.listSections(platformId),
    removed: store.listRemovedSections(platformId),
    // Translated titles (issue 15) of every section, removed ones too (live ones also show them in `sections`).
    sectionTitles: [...store.listSections(platformId), ...store.listRemovedSections(platformId)].map((s) => [
      s.id,
      store.getAnySection(platformId, s.id)?.section.titles ?? null,
    ]),
    members: store.listMembers(platformId),
    invitations: store.listInvitations(platformId),
    audit: store.listAudit().length,
    translationReviews: store.listTranslationReviews(platformId),
    documentSeq: store.loadDocument(platformId).lastSeq,
  })
}

/** Signs in as a demo person; returns the Cookie header value. */
export async function demoCookie(base: string, personId: string): Promise<string> {
  const res = await api(base, '/api/demo/sign-in', { method: 'POST', body: { personId } })
  if (res.status !== 200) throw new Error(`demo sign-in failed: ${res.status}`)
  return res.cookie
}
