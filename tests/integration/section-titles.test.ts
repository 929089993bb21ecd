import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { GovSection } from '../../shared/gov.js'
import { connectClient, waitFor, waitSynced, type Client } from '../helpers/clients.js'
import { api, governanceSnapshot } from '../helpers/http.js'
import { startPlank, type DemoPerson, type RunningPlank } from '../helpers/server.js'

interface SectionBody {
  id: string
  title: string
  titles?: Record<string, string>
}

/**
 * A section's title per language (issue 15) over the wire: the sample
 * carries Spanish titles; a facilitator sets, changes and removes one with
 * PATCH …/sections/<id> {"titles"}, audited like a rename; gov, the GETs and
 * the Spanish and bilingual exports show it; other roles get 403, bad bodies
 * 400, and no refusal stores anything.
 */
describe('section titles per language over the wire', () => {
  let plank: RunningPlank
  let platformId: string
  const cookie = new Map<string, string>()
  let facilitator: DemoPerson
  let delegate: DemoPerson
  let boardRep: DemoPerson
  let observer: DemoPerson
  let first: string
  let witness: Client

  beforeAll(async () => {
    plank = await startPlank()
    platformId = plank.sample.platformId
    first = plank.plank.store.listSections(platformId)[0]!.id
    facilitator = plank.person('facilitator')
    delegate = plank.person('delegate')
    boardRep = plank.person('boardRep')
    observer = plank.person('observer')
    for (const p of [facilitator, delegate, boardRep, observer]) cookie.set(p.id, await plank.cookieFor(p.id))
    witness = connectClient(plank.wsUrl, platformId, { cookie: cookie.get(observer.id)! })
    await waitSynced(witness)
  })
  afterAll(async () => {
    witness?.destroy()
    await plank?.close()
  })

  const call = (who: DemoPerson, method: string, path: string, body?: unknown) =>
    api(plank.url, `/api/platforms/${platformId}${path}`, { method, body, cookie: cookie.get(who.id)! })
  const stored = () => governanceSnapshot(plank.plank.store, platformId)
  const govSection = (id: string) => (witness.doc.getMap('gov').get('sections') as { get(id: string): GovSection | undefined }).get(id)
  const exported = async (query: string) => {
    const res = await fetch(`${plank.url}/api/platforms/${platformId}/${query}`, { headers: { cookie: cookie.get(observer.id)! } })
    expect(res.status, query).toBe(200)
    return res.text()
  }

  it('the sample has a Spanish title for every section, in gov, the GETs and the Spanish export', async () => {
    const sections = (await call(observer, 'GET', '')).body as { sections: SectionBody[] }
    expect(sections.sections.map((s) => s.titles?.es)).toEqual([
      'Preámbulo',
      'La salud como derecho',
      'Educación pública',
      'Buenos empleos y salarios justos',
      'Creación de riqueza y vivienda',
      'Seguridad comunitaria',
      'Derechos de los inmigrantes',
    ])
    expect(sections.sections[0]).toMatchObject({ title: 'Preamble', titles: { es: 'Preámbulo' } })
    expect(((await call(observer, 'GET', `/sections/${first}`)).body as SectionBody).titles).toEqual({ es: 'Preámbulo' })
    expect(govSection(first)?.titles).toEqual({ es: 'Preámbulo' })
    const es = await exported('export.md?lang=es')
    expect(es).toContain('## Preámbulo')
    expect(es).not.toContain('## Preamble')
    expect(await exported('export.md')).toContain('## Preamble')
  })

  it('a facilitator sets, changes and removes a Spanish title: audited like a rename, live in gov and the exports', async () => {
    const added = await call(facilitator, 'POST', '/sections', { title: 'Transit for all', ownerOrgId: null })
    expect(added.status).toBe(201)
    const id = (added.body as { id: string }).id
    // A section without a translated title carries no `titles` and exports its primary title in Spanish.
    expect((await call(observer, 'GET', `/sections/${id}`)).body as SectionBody).not.toHaveProperty('titles')
    expect(await exported('export.md?lang=es')).toContain('## Transit for all')

    const audit = plank.plank.store.listAudit().length
    const set = await call(facilitator, 'PATCH', `/sections/${id}`, { titles: { es: '  Transporte para todos ' } })
    expect(set.status).toBe(200)
    expect(set.body).toEqual({ id, title: 'Transit for all', ownerOrgId: null, locked: false, titles: { es: 'Transporte para todos' } })
    await waitFor(() => govSection(id)?.titles?.es === 'Transporte para todos', 'gov carries the Spanish title')
    expect(govSection(id)?.title).toBe('Transit for all')
    expect(((await call(observer, 'GET', `/sections/${id}`)).body as SectionBody).titles).toEqual({ es: 'Transporte para todos' })

    const es = await exported('export.md?lang=es')
    expect(es).toContain('## Transporte para todos')
    expect(es).not.toContain('Transit for all')
    const both = await exported('export.html?lang=en,es')
    expect(both).toContain('<div class="text" lang="en"><h2>Transit for all</h2>')
    expect(both).toContain('<div class="text" lang="es"><h2>Transporte para todos</h2>')
    expect(both).toContain('<div class="text" lang="es"><h2>Preámbulo</h2>')
    const esHtml = await exported('export.html?lang=es')
    expect(esHtml).toContain('<h2>Transporte para todos</h2>')
    expect(esHtml).not.toContain('Transit for all')

    // The same title again changes nothing and is not audited; the primary title stays as it was.
    expect((await call(facilitator, 'PATCH', `/sections/${id}`, { titles: { es: 'Transporte para todos' } })).status).toBe(200)
    expect((await call(facilitator, 'PATCH', `/sections/${id}`, { titles: { es: 'Transporte público para todos' } })).status).toBe(200)
    await waitFor(() => govSection(id)?.titles?.es === 'Transporte público para todos', 'gov has the new Spanish title')
    // Renaming the primary leaves the Spanish title alone.
    expect((await call(facilitator, 'PATCH', `/sections/${id}`, { title: 'Transit for everyone' })).status).toBe(200)
    await waitFor(() => govSection(id)?.title === 'Transit for everyone', 'gov has the new primary title')
    expect(govSection(id)?.titles).toEqual({ es: 'Transporte público para todos' })
    // An empty title removes the translation's own title: the Spanish shows the primary's again.
    const cleared = await call(facilitator, 'PATCH', `/sections/${id}`, { titles: { es: '' } })
    expect(cleared.status).toBe(200)
    expect(cleared.body).not.toHaveProperty('titles')
    await waitFor(() => govSection(id) !== undefined && govSection(id)!.titles === undefined, 'gov without the Spanish title')
    expect(await exported('export.md?lang=es')).toContain('## Transit for everyone')

    const entries = plank.plank.store.listAudit().slice(audit)
    expect(entries.map((e) => [e.action, JSON.parse(e.detail) as unknown])).toEqual([
      ['section.rename', { sectionId: id, lang: 'es', from: null, to: 'Transporte para todos' }],
      ['section.rename', { sectionId: id, lang: 'es', from: 'Transporte para todos', to: 'Transporte público para todos' }],
      ['section.rename', { sectionId: id, from: 'Transit for all', to: 'Transit for everyone' }],
      ['section.rename', { sectionId: id, lang: 'es', from: 'Transporte público para todos', to: null }],
    ])
    expect(entries.every((e) => e.actorId === facilitator.id)).toBe(true)
  })

  it('other roles get 403 and bad bodies 400; nothing is stored on refusal', async () => {
    const before = stored()
    for (const who of [delegate, boardRep, observer]) {
      const res = await call(who, 'PATCH', `/sections/${first}`, { titles: { es: 'Otro título' } })
      expect(res.status, who.name).toBe(403)
      expect((res.body as { error: { code: string } }).error.code).toBe('forbidden')
    }
    for (const titles of [
      { fr: 'Préambule' },
      { en: 'Preamble again' },
      { es: 'Bien', fr: 'Préambule' },
      { ES: 'Preámbulo' },
      { 'not a tag': 'x' },
      { es: 'x'.repeat(201) },
      { es: 42 },
      { es: null },
      ['es'],
      'Preámbulo',
      null,
    ]) {
      const res = await call(facilitator, 'PATCH', `/sections/${first}`, { titles })
      expect(res.status, JSON.stringify(titles)).toBe(400)
      expect((res.body as { error: { code: string } }).error.code).toBe('invalid')
    }
    // A good title with a bad other field is refused whole.
    expect((await call(facilitator, 'PATCH', `/sections/${first}`, { titles: { es: 'Bien' }, ownerOrgId: 'no-such-org' })).status).toBe(400)
    expect((await call(facilitator, 'PATCH', `/sections/${first}`, { titles: { es: 'Bien' }, extra: 1 })).status).toBe(400)
    expect(stored()).toBe(before)
    expect(govSection(first)?.titles).toEqual({ es: 'Preámbulo' })
  })
})
