import { beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { Page } from 'playwright-core'
import { sectionRoot } from '../../shared/documents.js'
import { e2eWorld } from '../helpers/e2e-setup.js'
import {
  apiAs,
  artifactPath,
  editorOf,
  expectNoSeriousViolations,
  orgNamed,
  personNamed,
  signInThroughDemoPanel,
  waitFor,
  type DemoPerson,
  type PlatformInfo,
} from '../helpers/browser.js'
import { expectNoAxeViolations } from '../helpers/axe-any-impact.js'

/** Ana Torres: delegate of the Riverside Tenants Union (RTU). */
let ana: DemoPerson

const world = e2eWorld()
beforeAll(() => {
  ana = personNamed(world.people, 'Ana Torres')
  expect(ana.role).toBe('delegate')
})

/** Ana signed in on the platform page, its first section's editor shown. */
async function anaOnPlatform(): Promise<{ page: Page; first: PlatformInfo['sections'][number] }> {
  const { page } = await world.chromium.newPage()
  await signInThroughDemoPanel(page, world.plank.url, ana.name)
  await page.goto(`${world.plank.url}/p/${world.info.id}`)
  const first = world.info.sections[0]
  if (!first) throw new Error('the sample platform has no sections')
  await editorOf(page, first.id).waitFor()
  return { page, first }
}

async function createSection(title: string, ownerOrgId: string | null): Promise<string> {
  const res = await apiAs<{ id: string }>(world.plank.url, world.mayaCookie, 'POST', `/api/platforms/${world.info.id}/sections`, { title, ownerOrgId })
  expect(res.status).toBe(201)
  return res.body.id
}

/** The server's own copy of the platform document. */
const serverDoc = () => world.plank.plank.rooms.open(world.info.id)!.doc

/** Writes paragraphs into a section on the server (as a setup step: each paragraph a list of [text, marks]). */
function writeParagraphs(sectionId: string, paragraphs: Array<Array<[string, Record<string, unknown>?]>>): void {
  const fragment = serverDoc().getXmlFragment(sectionRoot(sectionId))
  serverDoc().transact(() => {
    for (const runs of paragraphs) {
      const p = new Y.XmlElement('paragraph')
      const text = new Y.XmlText()
      p.insert(0, [text])
      fragment.push([p])
      let at = 0
      for (const [words, marks] of runs) {
        text.insert(at, words, marks ?? {})
        at += words.length
      }
    }
  })
}

/** A section's text on the server, paragraph by paragraph. */
function serverText(sectionId: string): string[] {
  return serverDoc()
    .getXmlFragment(sectionRoot(sectionId))
    .toArray()
    .map((p) =>
      p instanceof Y.XmlElement
        ? p
            .toArray()
            .map((t) => (t instanceof Y.XmlText ? t.toString().replace(/<[^>]+>/g, '') : ''))
            .join('')
        : '',
    )
}

const findBar = (page: Page) => page.getByRole('search', { name: 'Find and replace' })
const findField = (page: Page) => page.getByLabel('Find in this platform')
const countText = (page: Page) => page.locator('.find-count').textContent()
const highlightCount = (page: Page) => page.evaluate(() => CSS.highlights.get('plank-find')?.size ?? 0)
/** The current match: its text, its section and where it is on screen. */
const currentMatch = (page: Page) =>
  page.evaluate(() => {
    const range = [...(CSS.highlights.get('plank-find-current') ?? [])][0] as Range | undefined
    if (!range) return null
    const box = range.getBoundingClientRect()
    return {
      text: range.toString(),
      sectionId: range.startContainer.parentElement?.closest('[data-section-id]')?.getAttribute('data-section-id') ?? null,
      inView: box.top >= 0 && box.bottom <= window.innerHeight && box.height > 0,
    }
  })

describe('find and replace in a platform', () => {
  it('Ctrl+F finds across sections, steps through the matches, replaces only where the person may edit, and Escape gives the focus back', async () => {
    const rtu = orgNamed(world.info, 'RTU')
    const other = world.info.organizations.find((o) => o.id !== rtu.id)
    if (!other) throw new Error('the sample platform has one organization')
    // Added at the end of the platform: far below the fold, so their editors are not mounted when the search starts.
    const open = await createSection('Find: open winds', null)
    const own = await createSection('Find: tenants’ winds', rtu.id)
    const theirs = await createSection('Find: their winds', other.id)
    writeParagraphs(open, [[['The zephyr wind and another Zephyr.']]])
    // A match across a bold boundary, and one in a second paragraph.
    writeParagraphs(own, [[['A '], ['zeph', { bold: true }], ['yr breeze.']], [['zephyr again']]])
    writeParagraphs(theirs, [[['zephyr zephyr here']]])

    const { page, first } = await anaOnPlatform()
    expect(await editorOf(page, open).count()).toBe(0)

    // Ctrl+F in an editor opens the find bar, its field focused.
    await editorOf(page, first.id).click()
    await page.keyboard.press('Control+f')
    await findBar(page).waitFor()
    expect(await page.evaluate(() => document.activeElement?.getAttribute('type'))).toBe('search')
    await page.keyboard.type('zephyr')
    await expect.poll(() => countText(page)).toBe('1 of 6')
    await expect.poll(() => highlightCount(page)).toBe(6)
    // The first match, in page order, scrolled into view (its section's editor mounts there).
    await expect.poll(async () => (await currentMatch(page))?.sectionId).toBe(open)
    await expect.poll(async () => (await currentMatch(page))?.inView).toBe(true)
    expect((await currentMatch(page))?.text).toBe('zephyr')

    // Enter and Shift+Enter, and the buttons, step through the matches (wrapping around).
    await page.keyboard.press('Enter')
    await expect.poll(() => countText(page)).toBe('2 of 6')
    expect((await currentMatch(page))?.text).toBe('Zephyr')
    await page.keyboard.press('Enter')
    await expect.poll(() => countText(page)).toBe('3 of 6')
    // Across the bold boundary: one match.
    await expect.poll(async () => (await currentMatch(page))?.sectionId).toBe(own)
    expect((await currentMatch(page))?.text).toBe('zephyr')
    await page.keyboard.press('Shift+Enter')
    await expect.poll(() => countText(page)).toBe('2 of 6')
    await page.getByRole('button', { name: 'Previous match' }).click()
    await page.getByRole('button', { name: 'Previous match' }).click()
    await expect.poll(() => countText(page)).toBe('6 of 6')
    await expect.poll(async () => (await currentMatch(page))?.sectionId).toBe(theirs)
    await expect.poll(async () => (await currentMatch(page))?.inView).toBe(true)
    await page.getByRole('button', { name: 'Next match' }).click()
    await expect.poll(() => countText(page)).toBe('1 of 6')

    await page.screenshot({ path: artifactPath('find-replace.png') })
    await expectNoSeriousViolations(page)
    await expectNoAxeViolations(page)

    // Escape closes the bar, clears the highlights and gives the focus back to the editor.
    await page.keyboard.press('Escape')
    await expect.poll(() => findBar(page).count()).toBe(0)
    expect(await highlightCount(page)).toBe(0)
    // (Its editor had unmounted while the search was far below: the section is scrolled back to and its editor focused.)
    await expect
      .poll(() => page.evaluate((id) => document.activeElement === document.querySelector(`[data-section-id="${id}"] .ProseMirror`), first.id))
      .toBe(true)

    // Replace the current match (the first, in the open section): an edit the server stores.
    await page.keyboard.press('Control+f')
    await findBar(page).waitFor()
    await expect.poll(() => countText(page)).toBe('1 of 6')
    await page.getByLabel('Replace with').fill('mistral')
    await findBar(page).getByRole('button', { name: 'Replace', exact: true }).click()
    await expect.poll(() => page.locator('.find-message').textContent()).toBe('Replaced 1.')
    await waitFor(async () => serverText(open)[0] === 'The mistral wind and another Zephyr.', 'the replacement on the server')
    await expect.poll(() => countText(page)).toBe('1 of 5')

    // A match in a section of another organization: not replaced, and said so.
    await findField(page).focus()
    for (let i = 0; i < 2; i++) await page.keyboard.press('Shift+Enter')
    await expect.poll(() => countText(page)).toBe('4 of 5')
    await expect.poll(async () => (await currentMatch(page))?.sectionId).toBe(theirs)
    await findBar(page).getByRole('button', { name: 'Replace', exact: true }).click()
    await expect.poll(() => page.locator('.find-message').textContent()).toBe('You cannot edit the section of this match.')
    expect(serverText(theirs)).toEqual(['zephyr zephyr here'])

    // Replace all: the open section and her organization's; the other organization's two are skipped and counted.
    await findBar(page).getByRole('button', { name: 'Replace all' }).click()
    await expect.poll(() => page.locator('.find-message').textContent()).toBe('Replaced 3. Skipped 2 in sections you cannot edit.')
    await waitFor(async () => serverText(own).join('|') === 'A mistral breeze.|mistral again', 'replace all on the server')
    expect(serverText(open)).toEqual(['The mistral wind and another mistral.'])
    expect(serverText(theirs)).toEqual(['zephyr zephyr here'])
    // The bold run was replaced through the editor: the replacement takes the marks where the match began.
    const ownXml = serverDoc().getXmlFragment(sectionRoot(own)).toString()
    expect(ownXml).toContain('<bold>mistral</bold>')
    await expect.poll(() => countText(page)).toBe('1 of 2')
    // Nothing was refused: no recovered draft.
    expect(await page.locator('.draft-panel').count()).toBe(0)
    await page.screenshot({ path: artifactPath('find-replace-done.png') })
    await expectNoAxeViolations(page)
  })

  it('Replace all mounts the editor of a section far down the page and replaces there too', async () => {
    const top = world.info.sections.find((s) => !s.locked)
    if (!top) throw new Error('the sample platform has no unlocked section')
    const far = await createSection('Find: far below', null)
    writeParagraphs(top.id, [[['A quokka at the top.']]])
    writeParagraphs(far, [[['A quokka far below.']]])
    // The facilitator may edit both.
    const { page } = await world.chromium.newPage()
    await signInThroughDemoPanel(page, world.plank.url, 'Maya Okafor')
    await page.goto(`${world.plank.url}/p/${world.info.id}#${top.id}`)
    await editorOf(page, top.id).waitFor()
    await editorOf(page, top.id).click()
    await page.keyboard.press('Control+f')
    await findField(page).fill('quokka')
    await expect.poll(() => countText(page)).toBe('1 of 2')
    // The far section still shows its static rendering: no editor to replace through yet.
    expect(await page.locator(`[data-section-id="${far}"] .static-text`).count()).toBe(1)
    await page.getByLabel('Replace with').fill('wombat')
    await findBar(page).getByRole('button', { name: 'Replace all' }).click()
    await expect.poll(() => page.locator('.find-message').textContent()).toBe('Replaced 2.')
    await waitFor(async () => serverText(far).includes('A wombat far below.'), 'the far replacement on the server')
    expect(serverText(top.id)).toContain('A wombat at the top.')
    await expect.poll(() => countText(page)).toBe('No matches')

    // A replacement that holds the searched text: Replace moves past it instead of finding it again.
    await findField(page).fill('wombat')
    await expect.poll(() => countText(page)).toBe('1 of 2')
    await page.getByLabel('Replace with').fill('wombats')
    await findBar(page).getByRole('button', { name: 'Replace', exact: true }).click()
    await waitFor(async () => serverText(top.id).includes('A wombats at the top.'), 'the replacement on the server')
    await expect.poll(() => countText(page)).toBe('2 of 2')
  })

  it('leaves Ctrl+F to the browser when the focus is outside the platform page', async () => {
    const { page, first } = await anaOnPlatform()
    // Records, after every other listener, whether Ctrl+F's default (the browser's find) was kept.
    await page.evaluate(() => {
      const w = window as unknown as { __prevented: boolean[] }
      w.__prevented = []
      window.addEventListener('keydown', (e) => {
        if (e.key.toLowerCase() === 'f' && e.ctrlKey) w.__prevented.push(e.defaultPrevented)
      })
      const outside = document.createElement('input')
      outside.id = 'outside-the-app'
      outside.setAttribute('aria-label', 'Outside')
      // Fixed in place: focusing it must not scroll the page (that would unmount the editors above).
      outside.style.position = 'fixed'
      outside.style.top = '0'
      outside.style.left = '0'
      document.body.append(outside)
    })
    const prevented = () => page.evaluate(() => [...(window as unknown as { __prevented: boolean[] }).__prevented])
    await page.locator('#outside-the-app').focus()
    await page.keyboard.press('Control+f')
    expect(await prevented()).toEqual([false])
    expect(await findBar(page).count()).toBe(0)
    // In the page, the same keys open the platform's find.
    await editorOf(page, first.id).click()
    await page.keyboard.press('Control+f')
    await findBar(page).waitFor()
    expect(await prevented()).toEqual([false, true])
    await page.keyboard.press('Escape')

    // In Spanish: the labels, and the count through Intl.
    await page.evaluate(() => localStorage.setItem('plank:locale', 'es'))
    await page.reload()
    await editorOf(page, first.id).click()
    await page.keyboard.press('Control+f')
    await page.getByRole('search', { name: 'Buscar y reemplazar' }).waitFor()
    // A Spanish reader of the bilingual sample reads (and searches) its Spanish text.
    await page.getByLabel('Buscar en esta plataforma').fill('inquilinos')
    await expect.poll(() => countText(page)).toMatch(/^1 de \d+$/)
    await page.getByLabel('Buscar en esta plataforma').fill('no-such-word-anywhere')
    await expect.poll(() => countText(page)).toBe('Sin coincidencias')
  })
})
