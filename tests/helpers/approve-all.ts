import { api } from './http.js'
import type { RunningPlank } from './server.js'

/** Every board representative of the sample platform approves every section's current text (through the API). */
export async function approveEverySection(plank: RunningPlank, facilitator: string): Promise<void> {
  const platformId = plank.sample.platformId
  const reps = plank.people.filter((p) => p.role === 'boardRep')
  const cookies = new Map<string, string>()
  for (const rep of reps) cookies.set(rep.orgId!, await plank.cookieFor(rep.id))
  for (const section of plank.plank.store.listSections(platformId)) {
    const { body } = await api(plank.url, `/api/platforms/${platformId}/sections/${section.id}`, { cookie: facilitator })
    const hash = (body as { hash: string }).hash
    for (const rep of reps) {
      const res = await api(plank.url, `/api/platforms/${platformId}/sections/${section.id}/signoffs`, {
        method: 'POST',
        cookie: cookies.get(rep.orgId!)!,
        body: { decision: 'approve', hash },
      })
      if (res.status !== 201) throw new Error(`sign-off failed: ${res.status} ${JSON.stringify(res.body)}`)
    }
  }
}

/**
 * A translator brings every stale translation of the sample platform up to
 * date with its primary text as it is now (the sample is bilingual: an edit
 * of the English leaves the Spanish stale, which blocks adoption). Marking
 * changes no text, so approvals stay current. Returns how many were marked.
 */
export async function reviewStaleTranslations(plank: RunningPlank, cookie: string): Promise<number> {
  const platformId = plank.sample.platformId
  let marked = 0
  for (const section of plank.plank.store.listSections(platformId)) {
    const base = `/api/platforms/${platformId}/sections/${section.id}`
    const { body } = await api(plank.url, base, { cookie })
    const { primaryHash, translations } = body as { primaryHash: string; translations: Array<{ lang: string; stale: boolean }> }
    for (const translation of translations.filter((t) => t.stale)) {
      const res = await api(plank.url, `${base}/translations/${translation.lang}/up-to-date`, { method: 'POST', cookie, body: { hash: primaryHash } })
      if (res.status !== 200 && res.status !== 204) throw new Error(`marking up to date failed: ${res.status} ${JSON.stringify(res.body)}`)
      marked++
    }
  }
  return marked
}
