import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { e2eWorld } from '../helpers/e2e-setup.js'
import { apiAs, artifactPath, personNamed, signInThroughDemoPanel, waitFor } from '../helpers/browser.js'
import { expectNoAxeViolations } from '../helpers/axe-any-impact.js'

/**
 * Issue 13, "The session bar": sticky and small on a 1280 × 800 laptop,
 * following the facilitator keeps the timer, one's hand and an open check in
 * view, a newly opened check is announced, the projector shows it live, and
 * the facilitator (who runs the queue) is not offered "Raise my hand".
 */

const world = e2eWorld()

const LAPTOP = { width: 1280, height: 800 }
/** The bar's budget on a laptop, details folded (issue 13: it was about 430 px). */
const BAR_MAX_PX = 120

const rect = (page: Page, selector: string) =>
  page
    .locator(selector)
    .first()
    .evaluate((el) => {
      const r = el.getBoundingClientRect()
      return { top: r.top, bottom: r.bottom, height: r.height }
    })

/** Wholly inside the window (not scrolled away, not under anything above it). */
const inView = async (page: Page, selector: string): Promise<boolean> => {
  const r = await rect(page, selector)
  const h = await page.evaluate(() => window.innerHeight)
  return r.top >= 0 && r.bottom <= h && r.height > 0
}

describe('the session bar', () => {
  it('stays small and in view while following; a new check is announced and projected; the facilitator has no hand to raise', async () => {
    const ana = personNamed(world.people, 'Ana Torres')
    const last = world.info.sections[world.info.sections.length - 1]!
    const api = (cookie: string, method: string, path: string, body?: unknown) =>
      apiAs<{ id?: string }>(world.plank.url, cookie, method, `/api/platforms/${world.info.id}${path}`, body)

    const created = await api(world.mayaCookie, 'POST', '/sessions', {
      title: 'Evening drafting',
      agenda: [
        { kind: 'free', title: 'Opening', minutes: 10 },
        { kind: 'section', sectionId: last.id, minutes: 20 },
      ],
    })
    expect(created.status).toBe(201)
    const sessionId = created.body.id!
    expect((await api(world.mayaCookie, 'POST', `/sessions/${sessionId}/start`)).status).toBe(200)

    const fp = (await world.chromium.newPage({ viewport: LAPTOP })).page
    const ap = (await world.chromium.newPage({ viewport: LAPTOP })).page
    await signInThroughDemoPanel(fp, world.plank.url, 'Maya Okafor')
    await signInThroughDemoPanel(ap, world.plank.url, ana.name)
    await ap.goto(`${world.plank.url}/p/${world.info.id}`)
    for (const page of [fp, ap]) await page.locator('.session-bar .countdown-time').waitFor()

    // Small, details folded, and sticky under the header.
    for (const page of [fp, ap]) {
      expect((await rect(page, '.session-bar')).height).toBeLessThanOrEqual(BAR_MAX_PX)
      expect(await page.locator('.session-bar').evaluate((el) => getComputedStyle(el).position)).toBe('sticky')
      expect(await page.getByRole('button', { name: 'Details' }).getAttribute('aria-expanded')).toBe('false')
    }

    // The facilitator runs the queue: no "Raise my hand" for her, and the server refuses one (nothing stored).
    expect(await fp.getByRole('button', { name: 'Raise my hand' }).count()).toBe(0)
    const refused = await api(world.mayaCookie, 'POST', `/sessions/${sessionId}/hand`, { raised: true })
    expect(refused.status).toBe(403)
    expect(world.plank.plank.store.hands(sessionId)).toEqual([])

    // Ana raises her hand from the bar's top row.
    await ap.getByRole('button', { name: 'Raise my hand' }).click()
    await ap.getByText('Your place in the queue: 1').waitFor()

    // The facilitator brings everyone to the last section: Ana's page scrolls there, and the bar comes along.
    expect((await api(world.mayaCookie, 'POST', `/sessions/${sessionId}/follow`, { sectionId: last.id })).status).toBe(200)
    await ap.locator(`[data-section-id="${last.id}"][data-session-focus="true"]`).waitFor()
    await waitFor(async () => (await ap.evaluate(() => window.scrollY)) > 200, 'scrolled to the followed section')
    await new Promise((r) => setTimeout(r, 600)) // the second scroll, after editors above mounted
    expect(await inView(ap, '.session-bar')).toBe(true)
    expect(await inView(ap, '.session-bar .countdown-time')).toBe(true)
    expect(await inView(ap, '.session-bar .hand-button')).toBe(true)
    expect(await inView(ap, '.session-bar .hand-place')).toBe(true)
    // The followed section starts below the bar, not under it.
    const bar = await rect(ap, '.session-bar')
    const section = await rect(ap, `[data-section-id="${last.id}"]`)
    expect(section.top).toBeGreaterThanOrEqual(bar.bottom - 1)
    expect(section.top).toBeLessThan(LAPTOP.height / 2)
    await ap.screenshot({ path: artifactPath('session-bar-following.png') })

    // A check opens: a visible notice (a status region), and the answers are in the bar, in view.
    const notice = ap.locator('.session-bar [role="status"].poll-notice')
    expect(await notice.textContent()).toBe('')
    const poll = await api(world.mayaCookie, 'POST', `/sessions/${sessionId}/polls`, { kind: 'consent', question: 'Ready to vote on this plank?' })
    expect(poll.status).toBe(201)
    await waitFor(async () => (await notice.textContent()) === 'New temperature check: Ready to vote on this plank?', 'the notice')
    expect(await notice.isVisible()).toBe(true)
    expect(await inView(ap, '.session-bar .poll-notice')).toBe(true)
    expect(await inView(ap, '.session-bar .poll-options')).toBe(true)
    await ap.locator('.session-bar').screenshot({ path: artifactPath('session-bar-poll-notice.png') })
    await fp.locator('.session-bar').screenshot({ path: artifactPath('session-bar-facilitator-poll.png') })
    expect((await rect(ap, '.session-bar')).height).toBeLessThanOrEqual(BAR_MAX_PX)
    expect((await rect(fp, '.session-bar')).height).toBeLessThanOrEqual(BAR_MAX_PX)
    await ap.getByRole('button', { name: 'Support', exact: true }).click()
    await ap.getByText('Your answer: Support').waitFor()
    await ap.screenshot({ path: artifactPath('session-bar-poll-open.png') })
    await ap.locator('.session-bar').screenshot({ path: artifactPath('session-bar-compact.png') })

    // The projector shows the open check: its question and live counts by organization.
    const pp = await fp.context().newPage()
    await pp.setViewportSize({ width: 1920, height: 1080 })
    await pp.goto(`${world.plank.url}/p/${world.info.id}?view=projector`)
    const projected = pp.locator(`.projector-poll[data-poll-id="${poll.body.id}"]`)
    await projected.locator('.projector-poll-question', { hasText: 'Ready to vote on this plank?' }).waitFor()
    const cell = (value: string) => projected.locator(`.poll-results tr[data-org-id="${ana.orgId}"] td[data-value="${value}"]`)
    await waitFor(async () => (await cell('support').textContent()) === '1', 'Ana’s answer on the projector')
    await ap.getByRole('button', { name: 'Block', exact: true }).click()
    await waitFor(async () => (await cell('block').textContent()) === '1' && (await cell('support').textContent()) === '0', 'the changed answer, live')
    expect(await projected.locator('.projector-poll-count').textContent()).toBe('1 answer')
    await expectNoAxeViolations(pp)
    await pp.screenshot({ path: artifactPath('projector-poll.png') })

    // Details unfold on request (queue, checks, pen, room), and fold again.
    const toggle = ap.getByRole('button', { name: 'Details' })
    await toggle.click()
    await ap.locator('.session-bar .queue-list li', { hasText: ana.name }).waitFor()
    expect(await ap.getByRole('button', { name: 'Hide details' }).getAttribute('aria-expanded')).toBe('true')
    await ap.locator('.session-bar').screenshot({ path: artifactPath('session-bar-details.png') })
    await expectNoAxeViolations(ap, '.session-bar')
    await ap.getByRole('button', { name: 'Hide details' }).click()
    expect(await ap.locator('#session-bar-panels').isVisible()).toBe(false)

    await fp.evaluate(() => window.scrollTo(0, 0))
    await expectNoAxeViolations(fp, '.session-bar')
    await expectNoAxeViolations(ap, '.session-bar')
    await fp.locator('.session-bar').screenshot({ path: artifactPath('session-bar-facilitator.png') })
  }, 90_000)
})
