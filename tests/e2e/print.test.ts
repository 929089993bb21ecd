import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { sectionRoot } from '../../shared/documents.js'
import { encodeAnchor } from '../../shared/section-text.js'
import type { Page } from 'playwright-core'
import { e2eWorld } from '../helpers/e2e-setup.js'
import { apiAs, artifactPath, editorOf, expectNoSeriousViolations, signInThroughDemoPanel, waitSaved } from '../helpers/browser.js'
import { axeViolations } from '../helpers/axe-any-impact.js'

const world = e2eWorld()

/** A comment thread on the first words of a section (so its margin shows), made over the API as the facilitator. */
async function commentOn(sectionId: string): Promise<void> {
  const fragment = world.plank.plank.rooms.open(world.info.id)!.doc.getXmlFragment(sectionRoot(sectionId))
  const firstText = (fragment.get(0) as Y.XmlElement).get(0) as Y.XmlText
  const at = (index: number) => encodeAnchor(Y.createRelativePositionFromTypeIndex(firstText, index))
  const res = await apiAs(world.plank.url, world.mayaCookie, 'POST', `/api/platforms/${world.info.id}/comments`, {
    sectionId,
    start: at(0),
    end: at(5),
    body: 'Print me not.',
  })
  expect(res.status).toBe(201)
}

/** The app's controls a printed platform must leave out. */
const CONTROLS = [
  '.app-header .brand',
  '.header-extra',
  '.header-menu',
  '.session-bar',
  '.outline',
  '.toolbar',
  '.comment-margin',
  '.presence',
  '.save-status',
  '.comment-filters',
  '.skip-link',
]

/** Those of CONTROLS this test expects on screen before printing (not the header menu, the comment filters or the skip link), and the page's buttons. */
const SHOWN_ON_SCREEN = [...CONTROLS.filter((s) => !['.header-menu', '.comment-filters', '.skip-link'].includes(s)), 'main button']

/** Each selector with how many of its elements are there and how many are visible (checkVisibility: rendered, not display:none). */
const visibility = (page: Page, selectors: string[]) =>
  page.evaluate(
    (list) =>
      list.map((selector) => {
        const all = [...document.querySelectorAll(selector)]
        return { selector, present: all.length, visible: all.filter((el) => el.checkVisibility({ visibilityProperty: true })).length }
      }),
    selectors,
  )

describe('printing a platform', () => {
  it('prints the title and the sections’ text, not the header, toolbars, session bar, margins, presence or buttons', async () => {
    const first = world.info.sections[0]
    if (!first) throw new Error('the sample platform has no sections')
    await commentOn(first.id)
    // A drafting session running, so the session bar shows.
    const session = await apiAs<{ id: string }>(world.plank.url, world.mayaCookie, 'POST', `/api/platforms/${world.info.id}/sessions`, {
      title: 'Print check',
      agenda: [{ kind: 'section', sectionId: first.id, minutes: 5 }],
    })
    expect(session.status).toBe(201)
    expect((await apiAs(world.plank.url, world.mayaCookie, 'POST', `/api/platforms/${world.info.id}/sessions/${session.body.id}/start`)).status).toBe(200)
    // The facilitator sees the most controls (session tools, settings, sign-off).
    const { page } = await world.chromium.newPage()
    await signInThroughDemoPanel(page, world.plank.url, 'Maya Okafor')
    await page.goto(`${world.plank.url}/p/${world.info.id}`)
    await editorOf(page, first.id).waitFor()
    await waitSaved(page)
    await page.locator('.comment-margin').first().waitFor()
    // Writing in the first section (its toolbar shows while it is being edited).
    await editorOf(page, first.id).click()

    // On screen: the controls are there (so hiding them on paper means something).
    const onScreen = await visibility(page, [...CONTROLS, 'main button'])
    await page.locator('.comment-margin').first().waitFor()
    for (const selector of SHOWN_ON_SCREEN) {
      expect(onScreen.find((v) => v.selector === selector)?.visible, `${selector} on screen`).toBeGreaterThan(0)
    }

    await page.emulateMedia({ media: 'print' })
    // Every control is gone; every button anywhere.
    for (const v of await visibility(page, CONTROLS)) expect(v.visible, `${v.selector} in print`).toBe(0)
    expect(await page.evaluate(() => [...document.querySelectorAll('button, select, input, textarea')].filter((el) => el.checkVisibility()).length)).toBe(0)
    // The platform's title (the header's h1, alone), and each section's title and text.
    const title = page.locator('.app-header h1')
    expect(await title.isVisible()).toBe(true)
    expect(await title.textContent()).toBe(world.info.title)
    for (const section of world.info.sections) {
      expect(await page.locator(`[data-section-id="${section.id}"] h2`).isVisible(), section.title).toBe(true)
      const text = page.locator(`[data-section-id="${section.id}"] .section-text`)
      expect(await text.isVisible(), `${section.title} text`).toBe(true)
    }
    expect((await editorOf(page, first.id).innerText()).length).toBeGreaterThan(20)

    await page.screenshot({ path: artifactPath('print-media.png'), fullPage: true })
    await page.pdf({ path: artifactPath('print.pdf'), format: 'A4' })
    await expectNoSeriousViolations(page)
    const printViolations = await axeViolations(page)
    expect(printViolations.map((v) => `${v.impact} ${v.id}`)).toEqual([])
  })
})
