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
