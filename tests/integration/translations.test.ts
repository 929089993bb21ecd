import * as Y from 'yjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sectionHash } from '../../shared/content-hash.js'
import { sectionRoot, translationRoot } from '../../shared/documents.js'
import { CloseCode } from '../../shared/protocol.js'
import { anchorInRoot } from '../helpers/anchors.js'
import { approveEverySection } from '../helpers/approve-all.js'
import { connectClient, waitFor, waitSynced, type Client } from '../helpers/clients.js'
import { api, governanceSnapshot } from '../helpers/http.js'
import { sendCrafted } from '../helpers/raw-socket.js'
import { startPlank, type DemoPerson, type RunningPlank } from '../helpers/server.js'
import { updateOn } from '../helpers/updates.js'

interface TranslationStatus {
  lang: string
  root: string
  upToDateWith: string | null
  stale: boolean
}
interface SectionBody {
  hash: string
  primaryHash: string
  translations: TranslationStatus[]
}

/**
 * Issue 15 over the wire: a facilitator sets the platform's languages; each
 * translation root follows its section's rules exactly (the relay's answer
 * for every role is the same for the primary and the translation); a
 * translation goes stale when the primary changes and is cleared by marking
 * it up to date with the current hash; the sign-off hash covers every
 * language; stale translations block adoption unless a facilitator waives
 * them. Every refusal stores nothing.
 */
describe('platform languages and translations over the wire', () => {
  let plank: RunningPlank
  let platformId: string
  const cookie = new Map<string, string>()
  let facilitator: DemoPerson
  let delegateA: DemoPerson
  let repA: DemoPerson
  let delegateB: DemoPerson
  let observer: DemoPerson
  /** A's own section, an open one, and a locked one. */
  let owned: string
  let open: string
  let locked: string
  let witness: Client

  beforeAll(async () => {
    plank = await startPlank()
    platformId = plank.sample.platformId
    const sections = plank.plank.store.listSections(platformId)
    const a = sections.find((s) => s.ownerOrgId !== null)!
    owned = a.id
    const opens = sections.filter((s) => s.ownerOrgId === null)
    open = opens[0]!.id
    locked = opens[1]!.id
    facilitator = plank.person('facilitator')
    delegateA = plank.person('delegate', { ownerOf: owned })
    repA = plank.person('boardRep', { ownerOf: owned })
    delegateB = plank.person('delegate', { notOwnerOf: owned })
    observer = plank.person('observer')
    for (const p of [facilitator, delegateA, repA, delegateB, observer]) cookie.set(p.id, await plank.cookieFor(p.id))
    expect((await call(facilitator, 'PATCH', `/sections/${locked}`, { locked: true })).status).toBe(200)
    witness = connectClient(plank.wsUrl, platformId, { cookie: cookie.get(facilitator.id)! })
    await waitSynced(witness)
  })
  afterAll(async () => {
    witness?.destroy()
    await plank?.close()
  })

  const call = (who: DemoPerson, method: string, path: string, body?: unknown) =>
    api(plank.url, `/api/platforms/${platformId}${path}`, { method, body, cookie: cookie.get(who.id)! })
  const room = () => plank.plank.rooms.get(platformId)!
  const stored = () => governanceSnapshot(plank.plank.store, platformId)
  const section = async (id: string): Promise<SectionBody> => (await call(facilitator, 'GET', `/sections/${id}`)).body as SectionBody
  const appendTo = (root: string, words: string) => (doc: Y.Doc) => {
    const p = new Y.XmlElement('paragraph')
    p.insert(0, [new Y.XmlText(words)])
    const f = doc.getXmlFragment(root)
    f.insert(f.length, [p])
  }
  /** Writes through a stock client of `who` and waits until the server has it. */
  async function write(who: DemoPerson, root: string, words: string): Promise<void> {
    const result = await sendCrafted(`${plank.wsUrl}/${platformId}`, cookie.get(who.id)!, updateOn(room().doc, appendTo(root, words)))
    expect(result.code, `${who.name} writes ${root}`).toBeNull()
    await waitFor(() => room().doc.getXmlFragment(root).toString().includes(words), 'the server has the edit')
  }

  it('only a facilitator sets the languages; bad lists are 400; refusals store nothing', async () => {
    const before = stored()
    for (const who of [delegateA, repA, observer]) {
      expect((await call(who, 'PATCH', '', { languages: { primary: 'en', others: ['es'] } })).status, who.name).toBe(403)
    }
    for (const languages of [
      { primary: 'en', others: ['en'] },
      { primary: 'en', others: ['es', 'es'] },
      { primary: 'en', others: ['es', 'fr', 'pt', 'de'] },
      { primary: 'EN', others: [] },
      { primary: 'en', others: ['not a tag'] },
      { primary: 'en' },
      { primary: 'en', others: ['es'], extra: true },
    ]) {
      expect((await call(facilitator, 'PATCH', '', { languages })).status, JSON.stringify(languages)).toBe(400)
    }
    expect(stored()).toBe(before)

    // The sample is bilingual from the start; the facilitator adds French, then takes it off again.
    expect(((await call(observer, 'GET', '')).body as { languages: unknown }).languages).toEqual({ primary: 'en', others: ['es'] })
    const audit = plank.plank.store.listAudit().length
    const govLanguages = () => JSON.stringify((witness.doc.getMap('gov').get('platform') as { languages?: unknown }).languages)
    const res = await call(facilitator, 'PATCH', '', { languages: { primary: 'en', others: ['es', 'fr'] } })
    expect(res.status).toBe(200)
    expect((res.body as { languages: unknown }).languages).toEqual({ primary: 'en', others: ['es', 'fr'] })
    expect(((await call(observer, 'GET', '')).body as { languages: unknown }).languages).toEqual({ primary: 'en', others: ['es', 'fr'] })
    await waitFor(() => govLanguages() === '{"primary":"en","others":["es","fr"]}', 'gov has French')
    expect((await call(facilitator, 'PATCH', '', { languages: { primary: 'en', others: ['es'] } })).status).toBe(200)
    expect(
      plank.plank.store
        .listAudit()
        .slice(audit)
        .map((a) => a.action),
    ).toEqual(['platform.languages', 'platform.languages'])
    await waitFor(() => govLanguages() === '{"primary":"en","others":["es"]}', 'gov without French')
    // With translations, the primary stays what it is.
    const swap = await call(facilitator, 'PATCH', '', { languages: { primary: 'es', others: ['en'] } })
    expect(swap.status).toBe(409)
  })

  it("the relay answers each role the same for a section's primary text and its translation, and refuses a language the platform lacks", async () => {
    const cases: Array<{ who: DemoPerson; sectionId: string; allowed: boolean }> = [
      { who: delegateA, sectionId: owned, allowed: true },
      { who: repA, sectionId: owned, allowed: true },
      { who: delegateB, sectionId: owned, allowed: false },
      { who: delegateB, sectionId: open, allowed: true },
      { who: observer, sectionId: open, allowed: false },
      { who: observer, sectionId: owned, allowed: false },
      { who: facilitator, sectionId: owned, allowed: true },
      { who: facilitator, sectionId: locked, allowed: false },
      { who: delegateA, sectionId: locked, allowed: false },
    ]
    for (const { who, sectionId, allowed } of cases) {
      for (const root of [sectionRoot(sectionId), translationRoot(sectionId, 'es')]) {
        const before = room().doc.getXmlFragment(root).toString()
        const gov = stored()
        const words = `${who.name} in ${root}`
        const result = await sendCrafted(`${plank.wsUrl}/${platformId}`, cookie.get(who.id)!, updateOn(room().doc, appendTo(root, words)))
        if (allowed) {
          expect(result.code, `${who.name} writes ${root}`).toBeNull()
          await waitFor(() => witness.doc.getXmlFragment(root).toString().includes(words), `${root} relayed`)
        } else {
          expect(result.code, `${who.name} is refused ${root}`).toBe(CloseCode.Forbidden)
          expect(result.refused).toBe(true)
          expect(room().doc.getXmlFragment(root).toString()).toBe(before)
          expect(stored()).toBe(gov)
        }
      }
    }
    // French is not one of the platform's languages: nobody writes it, nor the primary's tag as a translation.
    for (const root of [translationRoot(owned, 'fr'), translationRoot(owned, 'en')]) {
      const gov = stored()
      const result = await sendCrafted(`${plank.wsUrl}/${platformId}`, cookie.get(facilitator.id)!, updateOn(room().doc, appendTo(root, 'nope')))
      expect(result.code, root).toBe(CloseCode.Forbidden)
      expect(stored()).toBe(gov)
    }
  })

  it('an edit of the primary makes the translation stale; marking it up to date needs the current hash (an old one is 409); refusals store nothing', async () => {
    // The sample's Spanish was up to date with its English; the previous test wrote in the English.
    let s = await section(owned)
    expect(s.translations).toEqual([{ lang: 'es', root: translationRoot(owned, 'es'), upToDateWith: expect.stringMatching(/^[0-9a-f]{64}$/), stale: true }])
    expect(s.translations[0]!.upToDateWith).not.toBe(s.primaryHash)
    expect(s.primaryHash).toBe(await sectionHash(room().doc.getXmlFragment(sectionRoot(owned))))
    const path = `/sections/${owned}/translations/es/up-to-date`
    const before = stored()
    expect((await call(observer, 'POST', path, { hash: s.primaryHash })).status).toBe(403)
    expect((await call(delegateB, 'POST', path, { hash: s.primaryHash })).status).toBe(403)
    expect((await call(delegateA, 'POST', path, { hash: 'abc' })).status).toBe(400)
    expect((await call(delegateA, 'POST', `/sections/${owned}/translations/fr/up-to-date`, { hash: s.primaryHash })).status).toBe(404)
    expect((await call(delegateA, 'POST', `/sections/nope/translations/es/up-to-date`, { hash: s.primaryHash })).status).toBe(404)
    expect((await call(facilitator, 'POST', `/sections/${locked}/translations/es/up-to-date`, { hash: s.primaryHash })).status).toBe(409)
    expect(stored()).toBe(before)

    const audit = plank.plank.store.listAudit().length
    const marked = await call(delegateA, 'POST', path, { hash: s.primaryHash })
    expect(marked.status).toBe(200)
    expect(marked.body).toEqual({ lang: 'es', root: translationRoot(owned, 'es'), upToDateWith: s.primaryHash, stale: false })
    expect(
      plank.plank.store
        .listAudit()
        .slice(audit)
        .map((a) => a.action),
    ).toEqual(['translation.upToDate'])
    await waitFor(
      () =>
        (witness.doc.getMap('gov').get('sections') as Y.Map<{ translations?: Record<string, { upToDateWith: string }> }>).get(owned)?.translations?.es
          ?.upToDateWith === s.primaryHash,
      'gov carries the review',
    )
    const reviewed = s.primaryHash

    // Editing the translation changes nothing about staleness; editing the primary makes it stale.
    await write(delegateA, translationRoot(owned, 'es'), 'Texto revisado.')
    expect((await section(owned)).translations[0]!.stale).toBe(false)
    await write(delegateA, sectionRoot(owned), 'A new sentence in the primary.')
    s = await section(owned)
    expect(s.translations[0]).toMatchObject({ upToDateWith: reviewed, stale: true })
    // What changed in the primary since: the reviewed text and the current one.
    const changes = (await call(observer, 'GET', `/sections/${owned}/translations/es`)).body as {
      reviewedPrimary: unknown[]
      primary: unknown[]
      stale: boolean
    }
    expect(changes.stale).toBe(true)
    expect(JSON.stringify(changes.primary)).toContain('A new sentence in the primary.')
    expect(JSON.stringify(changes.reviewedPrimary)).not.toContain('A new sentence in the primary.')

    const beforeOld = stored()
    const old = await call(delegateA, 'POST', path, { hash: reviewed })
    expect(old.status).toBe(409)
    expect((old.body as { error: { code: string } }).error.code).toBe('stale_hash')
    expect(stored()).toBe(beforeOld)
    expect((await call(delegateA, 'POST', path, { hash: s.primaryHash })).status).toBe(200)
    expect((await section(owned)).translations[0]!.stale).toBe(false)
  })

  it('the sign-off hash covers every language: a change in the translation alone changes it, and the primary hash stays', async () => {
    const before = await section(open)
    await write(delegateB, translationRoot(open, 'es'), 'Una frase nueva.')
    const after = await section(open)
    expect(after.hash).not.toBe(before.hash)
    expect(after.primaryHash).toBe(before.primaryHash)
    await write(delegateB, sectionRoot(open), 'A new primary sentence.')
    const again = await section(open)
    expect(again.hash).not.toBe(after.hash)
    expect(again.primaryHash).not.toBe(after.primaryHash)
    // An approval for the translated text is stale once only the translation changes.
    const rep = await call(repA, 'POST', `/sections/${open}/signoffs`, { decision: 'approve', hash: again.hash })
    expect(rep.status).toBe(201)
    expect((await call(repA, 'POST', `/sections/${open}/signoffs`, { decision: 'approve', hash: again.primaryHash })).status).toBe(409)
    await write(delegateB, translationRoot(open, 'es'), 'Otra frase.')
    const matrix = (await call(facilitator, 'GET', '/signoffs')).body as { sections: Array<{ id: string; orgs: Array<{ orgId: string; current: boolean }> }> }
    expect(matrix.sections.find((x) => x.id === open)!.orgs.find((o) => o.orgId === repA.orgId)!.current).toBe(false)
  })

  it('a comment thread on a translation is anchored in its root and says its language; replies follow it; refusals store nothing', async () => {
    // The owned section's Spanish text was written above ("Texto revisado.").
    const es = translationRoot(owned, 'es')
    await waitFor(() => witness.doc.getXmlFragment(es).length > 0, 'the client has the translation')
    const anchor = anchorInRoot(witness.doc, es, 0, 5)
    const before = JSON.stringify((await call(facilitator, 'GET', '/comments')).body)
    const refusals: Array<[DemoPerson, unknown, number]> = [
      [observer, { sectionId: owned, lang: 'es', ...anchor, body: 'No.' }, 403],
      [delegateB, { sectionId: owned, lang: 'fr', ...anchor, body: 'French is not one of them.' }, 400],
      [delegateB, { sectionId: owned, lang: 'ES', ...anchor, body: 'Not a tag.' }, 400],
      // The anchor is in the Spanish text, not the English one.
      [delegateB, { sectionId: owned, ...anchor, body: 'Wrong root.' }, 400],
      [delegateB, { sectionId: owned, lang: 'es', ...anchorInRoot(witness.doc, sectionRoot(owned), 0, 5), body: 'Wrong root.' }, 400],
    ]
    for (const [who, body, status] of refusals) expect((await call(who, 'POST', '/comments', body)).status, JSON.stringify(body)).toBe(status)
    expect(JSON.stringify((await call(facilitator, 'GET', '/comments')).body)).toBe(before)

    const created = await call(delegateB, 'POST', '/comments', { sectionId: owned, lang: 'es', ...anchor, body: '¿«Texto» o «Redacción»?' })
    expect(created.status).toBe(201)
    const { id } = created.body as { id: string }
    const reply = await call(delegateA, 'POST', '/comments', { parentId: id, body: 'Redacción.' })
    expect(reply.status).toBe(201)
    const listed = ((await call(observer, 'GET', '/comments')).body as { comments: Array<{ id: string; lang?: string; parentId: string | null }> }).comments
    expect(listed.find((c) => c.id === id)).toMatchObject({ lang: 'es', textRemoved: false })
    expect(listed.find((c) => c.parentId === id)).toMatchObject({ lang: 'es' })
    // Threads on the primary text carry no language field (DESIGN's fields unchanged).
    expect(listed.filter((c) => !c.lang).every((c) => !('lang' in c))).toBe(true)
    await waitFor(() => (witness.doc.getMap('gov').get('comments') as Y.Map<{ lang?: string }>).get(id)?.lang === 'es', 'gov carries the language')
  })

  it('exports in each language: ?lang=es gives the Spanish texts in Spanish words and dates; ?lang=en,es gives two columns; bad options are 400', async () => {
    // A section written in English only.
    const added = await call(facilitator, 'POST', '/sections', { title: 'Only in English', ownerOrgId: null })
    expect(added.status).toBe(201)
    await write(facilitator, sectionRoot((added.body as { id: string }).id), 'Words with no Spanish yet.')
    const get = async (query: string) => {
      const res = await fetch(`${plank.url}/api/platforms/${platformId}/${query}`, { headers: { cookie: cookie.get(observer.id)! } })
      return { status: res.status, text: await res.text(), language: res.headers.get('content-language') }
    }
    const es = await get('export.md?lang=es&tz=America/Mexico_City')
    expect(es.status).toBe(200)
    expect(es.language).toBe('es')
    expect(es.text).toContain('Texto revisado.')
    expect(es.text).not.toContain('A new sentence in the primary.')
    expect(es.text).toContain('BORRADOR: no adoptado.')
    expect(es.text).toContain('## Respaldos')
    expect(es.text).not.toContain('Endorsements')
    expect(es.text).toMatch(/Generado el \d+ de [a-z]+ de \d{4}/)
    // A section never translated says so, in the export's words.
    expect(es.text).toContain('Esta sección aún no tiene texto en español.')
    const en = await get('export.md')
    expect(en.text).toContain('A new sentence in the primary.')
    expect(en.text).not.toContain('Texto revisado.')
    expect(en.text).toContain('## Endorsements')

    const both = await get('export.html?lang=en,es')
    expect(both.status).toBe(200)
    expect(both.text).toContain('<html lang="en">')
    expect(both.text).toContain('<div class="columns"><div class="text" lang="en">')
    expect(both.text).toMatch(/<div class="text" lang="es">.*Texto revisado\./s)
    const esHtml = await get('export.html?lang=es')
    expect(esHtml.text).toContain('<html lang="es">')
    expect(esHtml.text).not.toContain('class="columns"')

    for (const bad of [
      'export.md?lang=fr',
      'export.md?lang=en,es',
      'export.html?lang=en,es,es',
      'export.html?lang=es,es',
      'export.html?lang=E$',
      'export.md?tz=Mars/Olympus',
    ]) {
      const res = await get(bad)
      expect(res.status, bad).toBe(400)
      expect(JSON.parse(res.text).error.code, bad).toBe('invalid')
    }
  })

  it('stale translations block adoption; a facilitator adopts anyway only with a reason, which the audit log keeps', async () => {
    await approveEverySection(plank, cookie.get(facilitator.id)!)
    const before = stored()
    const refused = await call(facilitator, 'POST', '/adopt')
    expect(refused.status).toBe(409)
    const { error } = refused.body as { error: { code: string; staleTranslations: Array<{ sectionId: string; lang: string }> } }
    expect(error.code).toBe('translations_stale')
    expect(error.staleTranslations).toContainEqual({ sectionId: open, lang: 'es' })
    expect(error.staleTranslations).not.toContainEqual({ sectionId: owned, lang: 'es' })
    expect((await call(facilitator, 'POST', '/adopt', { waiveStaleTranslations: '   ' })).status).toBe(400)
    expect((await call(delegateA, 'POST', '/adopt', { waiveStaleTranslations: 'We must.' })).status).toBe(403)
    expect(stored()).toBe(before)

    const adopted = await call(facilitator, 'POST', '/adopt', { waiveStaleTranslations: 'The Spanish edition follows next week.' })
    expect(adopted.status).toBe(200)
    const entry = plank.plank.store.listAudit().at(-1)!
    expect(entry.action).toBe('platform.adopt')
    const detail = JSON.parse(entry.detail) as { staleTranslationsWaived: Array<{ sectionId: string; lang: string }>; waiverReason: string }
    expect(detail.waiverReason).toBe('The Spanish edition follows next week.')
    expect(detail.staleTranslationsWaived).toEqual(error.staleTranslations)
    // Adopted: translations are frozen like everything else.
    const result = await sendCrafted(
      `${plank.wsUrl}/${platformId}`,
      cookie.get(facilitator.id)!,
      updateOn(room().doc, appendTo(translationRoot(owned, 'es'), 'late')),
    )
    expect(result.code).toBe(CloseCode.Forbidden)
  })
})
