import { describe, expect, it } from 'vitest'
import type { Locator, Page } from 'playwright-core'
import { expectNoAxeViolations } from '../helpers/axe-any-impact.js'
import { e2eWorld } from '../helpers/e2e-setup.js'
import { apiAs, artifactPath, demoCookie, orgNamed, personNamed, sectionOf, waitFor } from '../helpers/browser.js'
import { appendParagraph, connectClient, waitSynced } from '../helpers/clients.js'

const world = e2eWorld()

/** The start of the sample Preamble in each of its languages. */
const PREAMBLE_EN = 'We are tenants, nurses, teachers'
const PREAMBLE_ES = 'Somos inquilinas e inquilinos'

interface Decision {
  orgId: string
  decision: 'approve' | 'changes'
  note: string
  hash: string
  snapshotText: string
}

const section = (title: string) => {
  const found = world.info.sections.find((s) => s.title === title)
  if (!found) throw new Error(`no section ${title}`)
  return found
}

const cookieOf = (name: string) => demoCookie(world.plank.url, personNamed(world.people, name).id)

async function pageAs(name: string, viewport?: { width: number; height: number }, locale?: string): Promise<Page> {
  const { page } = await world.chromium.newPage({
    cookie: { baseUrl: world.plank.url, cookie: await cookieOf(name) },
    ...(viewport ? { viewport } : {}),
    ...(locale ? { locale } : {}),
  })
  page.on('pageerror', (error) => console.error(`[${name}] page error:`, error))
  return page
}

/** The server's own record of a section: its hash now and every decision on it. */
const history = async (sectionId: string) =>
  (
    await apiAs<{ current: { hash: string; text: string }; decisions: Decision[] }>(
      world.plank.url,
      world.mayaCookie,
      'GET',
      `/api/platforms/${world.info.id}/sections/${sectionId}/signoffs`,
    )
  ).body

/** Every decision stored on the platform, all sections together. */
const allDecisions = async (): Promise<Decision[]> => (await Promise.all(world.info.sections.map((s) => history(s.id)))).flatMap((h) => h.decisions)

const heading = (page: Page) => page.locator('.review-all-section h2')
const announced = (page: Page) => page.locator('.review-all-announce')
/**
 * The text the review shows, as the representative decides on it: each
 * language's block (marked with its `lang`) line by line, a blank line between
 * languages, as the server's snapshot holds it.
 */
const shownText = (page: Page) =>
  page
    .locator('.review-all-section .review-all-text')
    .evaluate((el) =>
      [...el.querySelectorAll('[lang]')].map((block) => [...block.querySelectorAll('p')].map((p) => p.textContent ?? '').join('\n')).join('\n\n'),
    )

/**
 * The reviewed text's language blocks in `region`, as a person meets them:
 * each label (a heading), and the text that follows it with its `lang`.
 */
const languageBlocks = (region: Locator) =>
  region.evaluate((el) =>
    [...el.querySelectorAll('h4, h5')].map((h) => {
      const block = h.nextElementSibling
      return { label: h.textContent ?? '', lang: block?.getAttribute('lang') ?? null, text: block?.textContent ?? '' }
    }),
  )

/** The bilingual sample's blocks: English (primary) then Spanish, under `labels` (the interface's names for them), each with its own text only. */
async function expectBilingual(region: Locator, labels: [string, string], english: string, spanish: string): Promise<void> {
  const blocks = await languageBlocks(region)
  expect(blocks.map((b) => [b.label, b.lang])).toEqual([
    [labels[0], 'en'],
    [labels[1], 'es'],
  ])
  expect(blocks[0]!.text).toContain(english)
  expect(blocks[0]!.text).not.toContain(spanish)
  expect(blocks[1]!.text).toContain(spanish)
  expect(blocks[1]!.text).not.toContain(english)
}
const focusedText = (page: Page) => page.evaluate(() => document.activeElement?.textContent ?? '')

async function expectShowing(page: Page, title: string, position: string): Promise<void> {
  await heading(page).filter({ hasText: title }).waitFor()
  await page.locator('.review-all-position', { hasText: position }).waitFor()
}

describe('reviewing the whole platform in one pass', () => {
  it('a board representative walks three sections with the keyboard only, approves two and requests changes on one; the server stores the hash of the text shown', async () => {
    const rtu = orgNamed(world.info, 'RTU')
    const preamble = section('Preamble')
    const health = section('Health care as a right')
    const education = section('Public education')
    const jobs = section('Good jobs and fair wages')
    // RTU approved "Good jobs" already (over the API): the review passes over it when moving on after a decision.
    const luisCookie = await cookieOf('Luis Medina')
    const seeded = await apiAs(world.plank.url, luisCookie, 'POST', `/api/platforms/${world.info.id}/sections/${jobs.id}/signoffs`, {
      decision: 'approve',
      hash: (await history(jobs.id)).current.hash,
    })
    expect(seeded.status).toBe(201)
    const luis = await pageAs('Luis Medina')

    // The way in: a link on the platform page, followed from the keyboard. The review's code comes only then.
    const fetched: string[] = []
    luis.on('response', (res) => fetched.push(new URL(res.url()).pathname))
    const reviewChunk = () => fetched.some((path) => /^\/assets\/ReviewAll-[^/]+\.js$/.test(path))
    await luis.goto(`${world.plank.url}/p/${world.info.id}`)
    const link = luis.getByRole('link', { name: 'Review all sections' })
    await link.waitFor()
    await luis.locator('.ProseMirror').first().waitFor()
    await luis.waitForLoadState('networkidle')
    expect(reviewChunk()).toBe(false)
    await luis.screenshot({ path: artifactPath('review-all-entry-platform.png') })
    await expectNoAxeViolations(luis)
    await link.focus()
    await luis.keyboard.press('Enter')
    await luis.waitForURL(`${world.plank.url}/p/${world.info.id}/review`)
    await waitFor(async () => reviewChunk(), 'the review screen’s own chunk')
    await luis.getByRole('heading', { level: 1, name: 'Review all sections' }).waitFor()
    await expectShowing(luis, 'Preamble', '1 of 7')

    // The sample is bilingual: the English and the Spanish are each under their name, the Spanish marked as such; the approval covers both.
    await expectBilingual(
      luis.getByRole('region', { name: 'The text you are reviewing, in English and Spanish', exact: true }),
      ['English (primary)', 'Spanish'],
      PREAMBLE_EN,
      PREAMBLE_ES,
    )

    // A approves the text on screen and moves on to the next section needing review, focus on its heading.
    const preambleText = await shownText(luis)
    expect(preambleText).toContain(PREAMBLE_ES)
    expect(preambleText).not.toBe('')
    await luis.keyboard.press('a')
    await announced(luis).filter({ hasText: 'Approved “Preamble”. Section 2 of 7: Health care as a right' }).waitFor()
    await expectShowing(luis, 'Health care as a right', '2 of 7')
    expect(await focusedText(luis)).toBe('Health care as a right')

    // C goes to the comment field; letters typed there are text, not shortcuts (the "a"s, the "j" approve or move nothing).
    const healthText = await shownText(luis)
    await luis.keyboard.press('c')
    await luis.keyboard.type('Name the clinics; a jk test.')
    expect(await luis.getByLabel('Comment (required to request changes)').inputValue()).toBe('Name the clinics; a jk test.')
    await luis.keyboard.press('Tab')
    await luis.keyboard.press('Tab')
    expect(await focusedText(luis)).toBe('Request changes')
    await luis.keyboard.press('Enter')
    await announced(luis).filter({ hasText: 'Changes requested on “Health care as a right”. Section 3 of 7: Public education' }).waitFor()
    await expectShowing(luis, 'Public education', '3 of 7')
    expect(await focusedText(luis)).toBe('Public education')

    // J and Alt+ArrowUp move without deciding, through every section (the filter is off); each move is announced.
    await luis.keyboard.press('j')
    await expectShowing(luis, 'Good jobs and fair wages', '4 of 7')
    await luis.locator('.review-all-section[data-cell="approved"]').waitFor()
    await announced(luis).filter({ hasText: 'Section 4 of 7: Good jobs and fair wages' }).waitFor()
    expect(await focusedText(luis)).toBe('Good jobs and fair wages')
    await luis.keyboard.press('Alt+ArrowUp')
    await expectShowing(luis, 'Public education', '3 of 7')
    await luis.keyboard.press('k')
    await expectShowing(luis, 'Health care as a right', '2 of 7')
    await luis.keyboard.press('Alt+ArrowDown')
    await expectShowing(luis, 'Public education', '3 of 7')
    const educationText = await shownText(luis)
    await luis.keyboard.press('a')
    // On to the next section needing review: not "Good jobs", which RTU approved.
    await announced(luis).filter({ hasText: 'Approved “Public education”. Section 5 of 7: Wealth building and housing' }).waitFor()
    await expectShowing(luis, 'Wealth building and housing', '5 of 7')

    // The server stored exactly those three decisions for RTU, each with the hash of the text shown and its snapshot.
    for (const [s, decision, text, note] of [
      [preamble, 'approve', preambleText, ''],
      [health, 'changes', healthText, 'Name the clinics; a jk test.'],
      [education, 'approve', educationText, ''],
    ] as const) {
      const h = await history(s.id)
      const mine = h.decisions.filter((d) => d.orgId === rtu.id)
      expect(mine, s.title).toHaveLength(1)
      expect(mine[0]).toMatchObject({ decision, note, snapshotText: text, hash: h.current.hash })
      expect(h.current.text).toBe(text)
    }
    expect((await allDecisions()).filter((d) => d.orgId === rtu.id)).toHaveLength(4)

    // The status follows live: going back shows RTU's approval of the Preamble.
    for (let i = 0; i < 4; i++) await luis.keyboard.press('k')
    await expectShowing(luis, 'Preamble', '1 of 7')
    await luis.locator('.review-all-section[data-cell="approved"]').waitFor()

    // The filter: only sections needing RTU's review (not the approved ones, nor the one with its current request for changes).
    const filter = luis.getByRole('checkbox', { name: 'Only sections needing my review' })
    await filter.focus()
    await luis.keyboard.press('Space')
    await expectShowing(luis, 'Wealth building and housing', '1 of 3')
    await announced(luis).filter({ hasText: 'Section 1 of 3: Wealth building and housing' }).waitFor()
    expect(await luis.getByRole('button', { name: 'Previous' }).isDisabled()).toBe(true)

    await luis.evaluate(() => window.scrollTo(0, 0))
    await luis.screenshot({ path: artifactPath('review-all-1280.png'), fullPage: true })
    await expectNoAxeViolations(luis)

    // The sign-off page has the way in too.
    await luis.getByRole('link', { name: 'Back to sign-off' }).click()
    await luis.getByRole('heading', { level: 1, name: 'Sign-off' }).waitFor()
    await luis.getByRole('link', { name: 'Review all sections' }).waitFor()
    await expectNoAxeViolations(luis)

    // On a phone, the same screen.
    const phone = await pageAs('Luis Medina', { width: 390, height: 844 })
    await phone.goto(`${world.plank.url}/p/${world.info.id}/review`)
    await expectShowing(phone, 'Wealth building and housing', '5 of 7')
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
    expect(overflow).toBe(0)
    await phone.screenshot({ path: artifactPath('review-all-390.png'), fullPage: true })
    await expectNoAxeViolations(phone)
  })

  it('a section edited by someone else while shown gives the conflict with what changed, not an approval; reviewed again, it is approved', async () => {
    const wu88 = orgNamed(world.info, 'WU88')
    const preamble = section('Preamble')
    const marcus = await pageAs('Marcus Bell')
    await marcus.goto(`${world.plank.url}/p/${world.info.id}/review`)
    await expectShowing(marcus, 'Preamble', '1 of 7')
    const before = await shownText(marcus)

    // The facilitator, in a stock client, adds a paragraph while Marcus reads.
    const editor = connectClient(world.plank.wsUrl, world.info.id, { cookie: world.mayaCookie })
    try {
      await waitSynced(editor)
      appendParagraph(editor.doc, preamble.id, 'Adopted by the assembly in March.')
      await marcus.getByText('Someone changed this section while you were reviewing it.', { exact: false }).waitFor()
    } finally {
      editor.destroy()
    }
    await waitFor(async () => (await history(preamble.id)).current.text.includes('Adopted by the assembly in March.'), 'the server to hold the edit')
    // What is on screen is still the text as it was: that is what A would approve.
    expect(await shownText(marcus)).toBe(before)

    await marcus.keyboard.press('a')
    const conflict = marcus.getByRole('alert')
    await conflict.getByText('The text changed since you started reviewing it, so your decision was not recorded.').waitFor()
    expect((await conflict.locator('.signoff-diff-text ins').allTextContents()).join(' ')).toContain('Adopted by the assembly in March.')
    expect((await history(preamble.id)).decisions.filter((d) => d.orgId === wu88.id)).toEqual([])
    // Still on the same section: nothing was recorded, so the review does not move on.
    await expectShowing(marcus, 'Preamble', '1 of 7')
    await expectNoAxeViolations(marcus)

    const again = marcus.getByRole('button', { name: 'Review the current text' })
    await again.focus()
    await marcus.keyboard.press('Enter')
    await marcus.locator('.review-all-text', { hasText: 'Adopted by the assembly in March.' }).waitFor()
    const after = await shownText(marcus)
    await marcus.keyboard.press('a')
    await announced(marcus).filter({ hasText: 'Approved “Preamble”.' }).waitFor()
    const h = await history(preamble.id)
    const mine = h.decisions.filter((d) => d.orgId === wu88.id)
    expect(mine).toHaveLength(1)
    expect(mine[0]).toMatchObject({ decision: 'approve', hash: h.current.hash, snapshotText: after })
  })

  it('a delegate and an observer have no way in, the route refuses them, and nothing is stored', async () => {
    const stored = (await allDecisions()).length
    for (const name of ['Grace Kim', 'Jordan Lee']) {
      const page = await pageAs(name)
      await page.goto(`${world.plank.url}/p/${world.info.id}`)
      await page.getByText('7 sections').waitFor()
      expect(await page.getByRole('link', { name: 'Review all sections' }).count(), name).toBe(0)
      await page.goto(`${world.plank.url}/p/${world.info.id}/signoff`)
      await page.getByRole('table', { name: /Sign-off of each section/ }).waitFor()
      expect(await page.getByRole('link', { name: 'Review all sections' }).count(), name).toBe(0)

      await page.goto(`${world.plank.url}/p/${world.info.id}/review`)
      await page.getByRole('heading', { level: 1, name: 'Review all sections' }).waitFor()
      await page.getByText('Only board representatives review the platform, each for their own organization.').waitFor()
      expect(await page.locator('.review-all-section').count(), name).toBe(0)
      // The shortcuts do nothing here either.
      await page.keyboard.press('a')
      await page.keyboard.press('j')
      await expectNoAxeViolations(page)
      if (name === 'Grace Kim') await page.screenshot({ path: artifactPath('review-all-refused.png') })
    }
    expect((await allDecisions()).length).toBe(stored)
  })

  it('each language under its own name, in the review panel and in review-all, in English and in Spanish; the panel’s approval covers both', async () => {
    const preamble = section('Preamble')
    const tom = await pageAs('Tom Novak')
    await tom.goto(`${world.plank.url}/p/${world.info.id}#${preamble.id}`)
    const tomSection = sectionOf(tom, preamble.id)
    await tomSection.getByRole('button', { name: 'Review and sign off' }).click()
    const review = tomSection.getByRole('region', { name: /Review “Preamble”/ })
    const text = review.getByRole('region', { name: 'The text you are reviewing' })
    await text.waitFor()
    await expectBilingual(text, ['English (primary)', 'Spanish'], PREAMBLE_EN, PREAMBLE_ES)
    await tomSection.evaluate((el) =>
      window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - (document.querySelector('.app-header')?.getBoundingClientRect().height ?? 0) - 8),
    )
    await tom.screenshot({ path: artifactPath('review-panel-languages-en.png') })
    await expectNoAxeViolations(tom)
    await review.getByRole('radio', { name: 'Approve this text' }).check()
    await review.getByRole('button', { name: 'Record the decision' }).click()
    await tomSection.getByText('Your organization’s approval was recorded for this exact text.').waitFor()
    const h = await history(preamble.id)
    const mine = h.decisions.filter((d) => d.orgId === orgNamed(world.info, 'PPS').id)
    expect(mine).toHaveLength(1)
    expect(mine[0]).toMatchObject({ decision: 'approve', hash: h.current.hash })
    expect(mine[0]!.snapshotText).toContain(PREAMBLE_ES)

    // In Spanish: the same blocks, under their Spanish names.
    const carlos = await pageAs('Carlos Ruiz', undefined, 'es-ES')
    await carlos.goto(`${world.plank.url}/p/${world.info.id}#${preamble.id}`)
    const carlosSection = sectionOf(carlos, preamble.id)
    await carlosSection.getByRole('button', { name: 'Revisar y aprobar' }).click()
    const texto = carlosSection.getByRole('region', { name: 'El texto que está revisando' })
    await texto.waitFor()
    await expectBilingual(texto, ['inglés (principal)', 'español'], PREAMBLE_EN, PREAMBLE_ES)
    await carlosSection.evaluate((el) =>
      window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - (document.querySelector('.app-header')?.getBoundingClientRect().height ?? 0) - 8),
    )
    await carlos.screenshot({ path: artifactPath('review-panel-languages-es.png') })
    await expectNoAxeViolations(carlos)
    // The Spanish comes further down the panel's scrolling box, under its own name.
    await texto.evaluate((el) => el.scrollTo(0, el.scrollHeight))
    await carlos.screenshot({ path: artifactPath('review-panel-languages-es-scrolled.png') })

    await carlos.goto(`${world.plank.url}/p/${world.info.id}/review`)
    await expectShowing(carlos, 'Preamble', '1 de 7')
    await expectBilingual(
      carlos.getByRole('region', { name: 'El texto que está revisando, en inglés y español', exact: true }),
      ['inglés (principal)', 'español'],
      PREAMBLE_EN,
      PREAMBLE_ES,
    )
    await carlos.screenshot({ path: artifactPath('review-all-languages-es.png'), fullPage: true })
    await expectNoAxeViolations(carlos)
  })
})
