import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { e2eWorld } from '../helpers/e2e-setup.js'
import { artifactPath, signInThroughDemoPanel, waitFor, expectNoSeriousViolations, personNamed, type DemoPerson } from '../helpers/browser.js'

const world = e2eWorld()

const newPage = async (): Promise<Page> => (await world.chromium.newPage()).page

const inViewport = (page: Page, sectionId: string) =>
  page.locator(`[data-section-id="${sectionId}"]`).evaluate((el) => {
    const r = el.getBoundingClientRect()
    return r.top < window.innerHeight && r.bottom > 0
  })

/** The countdown as seconds (negative when over time). */
const countdownSeconds = async (page: Page): Promise<number> => {
  const text = (await page.locator('.session-bar .countdown-time').textContent()) ?? ''
  const over = text.startsWith('+')
  const parts = text.replace('+', '').split(':').map(Number)
  const seconds = parts.reduce((acc, n) => acc * 60 + n, 0)
  return over ? -seconds : seconds
}

const person = (name: string): DemoPerson => personNamed(world.people, name)

describe('facilitated drafting session', () => {
  it('plans, runs (follow, queue, poll, pen), projects and ends a session, with the minutes', async () => {
    const maya = person('Maya Okafor')
    const ana = person('Ana Torres')
    const grace = person('Grace Kim')
    expect(ana.orgId).not.toBe(grace.orgId)
    const preamble = world.info.sections.find((s) => s.title === 'Preamble' && s.ownerOrgId === null)!
    expect(preamble).toBeTruthy()
    const second = world.info.sections[1]!
    const last = world.info.sections[world.info.sections.length - 1]!
    const platformUrl = `${world.plank.url}/p/${world.info.id}`

    const fp = await newPage()
    const ap = await newPage()
    const gp = await newPage()
    await signInThroughDemoPanel(fp, world.plank.url, maya.name)
    await signInThroughDemoPanel(ap, world.plank.url, ana.name)
    await signInThroughDemoPanel(gp, world.plank.url, grace.name)
    await ap.goto(platformUrl)
    await gp.goto(platformUrl)
    // Delegates have no sessions link; the facilitator does.
    expect(await ap.getByRole('link', { name: 'Sessions', exact: true }).count()).toBe(0)

    // --- Plan the session.
    await fp.goto(platformUrl)
    await fp.getByRole('link', { name: 'Sessions', exact: true }).click()
    await fp.waitForURL(`${platformUrl}?view=sessions`)
    await fp.getByRole('heading', { name: 'Plan a session' }).waitFor()
    await fp.getByLabel('Title', { exact: true }).fill('Convention drafting, day 1')
    // The scheduled start: selects in the page's language (not the browser's date picker), day 14 March next year, 18:30.
    const nextYear = new Date().getFullYear() + 1
    const when = fp.getByRole('group', { name: 'Scheduled start (optional)' })
    expect(await when.locator('legend').textContent()).toBe('Scheduled start (optional)')
    await when.getByLabel('Day', { exact: true }).selectOption('14')
    await when.getByLabel('Month', { exact: true }).selectOption({ label: 'March' })
    await when.getByLabel('Year', { exact: true }).selectOption(String(nextYear))
    // Hours in the locale's hour cycle (6 PM), valued 0–23.
    await when.getByLabel('Hour', { exact: true }).selectOption('18')
    expect(await when.getByLabel('Hour', { exact: true }).evaluate((el: HTMLSelectElement) => el.selectedOptions[0]?.textContent)).toMatch(/^6\sPM$/)
    // Minutes in steps of five; without a minute the form asks for the rest.
    expect(await when.getByLabel('Minute', { exact: true }).locator('option').allTextContents()).toEqual([
      '—',
      ...Array.from({ length: 12 }, (_, i) => String(i * 5).padStart(2, '0')),
    ])
    await fp.getByRole('button', { name: 'Plan the session' }).click()
    await fp.getByText('Choose every part of the scheduled start').waitFor()
    await when.getByLabel('Minute', { exact: true }).selectOption('30')
    await fp.locator('.plan-form').screenshot({ path: artifactPath('sessions-plan-date.png') })
    await fp.getByLabel('Progressive speaking order').check()
    await fp.getByLabel('Free item').fill('Opening')
    await fp.getByRole('button', { name: 'Add free item' }).click()
    await fp.getByLabel('Section', { exact: true }).selectOption({ label: 'Preamble' })
    await fp.getByRole('button', { name: 'Add section' }).click()
    await fp.getByLabel('Free item').fill('Break')
    await fp.getByRole('button', { name: 'Add free item' }).click()
    // Reorder and remove: Break up above Preamble, then back down; an extra item removed.
    await fp.getByRole('button', { name: 'Move Break up' }).click()
    const agendaTitles = () =>
      fp
        .locator('.agenda-item')
        .evaluateAll((els) =>
          els.map((el) =>
            (el.querySelector('.agenda-item-title')?.textContent ?? (el.querySelector('input[type=text]') as HTMLInputElement | null)?.value ?? '').trim(),
          ),
        )
    expect(await agendaTitles()).toEqual(['Opening', 'Break', 'Preamble'])
    await fp.getByRole('button', { name: 'Move Break down' }).click()
    expect(await agendaTitles()).toEqual(['Opening', 'Preamble', 'Break'])
    await fp.getByLabel('Free item').fill('Lunch')
    await fp.getByRole('button', { name: 'Add free item' }).click()
    await fp.getByRole('button', { name: 'Remove Lunch' }).click()
    expect(await agendaTitles()).toEqual(['Opening', 'Preamble', 'Break'])
    await fp.getByLabel('Minutes for Opening').fill('5')
    await fp.getByLabel('Minutes for Preamble').fill('20')
    await fp.getByRole('button', { name: 'Plan the session' }).click()
    await fp.getByText('Session “Convention drafting, day 1” planned.').waitFor()
    const card = fp.locator('.session-card[data-status="planned"]', { hasText: 'Convention drafting, day 1' })
    await card.waitFor()
    expect(await card.locator('.agenda-summary li').allTextContents()).toEqual(['Opening — 5 min', 'Preamble — 20 min', 'Break — 10 min'])
    expect(await card.textContent()).toMatch(new RegExp(`Scheduled for Mar\\s14,\\s${nextYear},\\s6:30\\sPM`))
    // The form is empty again for the next session.
    expect(await when.getByLabel('Day', { exact: true }).inputValue()).toBe('')

    // --- Start it: the bar appears live for everyone.
    await card.getByRole('button', { name: 'Start “Convention drafting, day 1”' }).click()
    await fp.waitForURL(platformUrl)
    for (const page of [fp, ap, gp]) {
      await page.locator('.session-bar .session-item-title', { hasText: 'Opening' }).waitFor()
      await page.locator('.session-bar .countdown-time').waitFor()
      // The bar's queue, checks, pen and room are folded by default (issue 13): unfold them.
      await page.getByRole('button', { name: 'Details', exact: true }).click()
    }
    const [ta, tg] = await Promise.all([countdownSeconds(ap), countdownSeconds(gp)])
    expect(ta).toBeGreaterThan(4 * 60)
    expect(ta).toBeLessThanOrEqual(5 * 60)
    expect(Math.abs(ta - tg)).toBeLessThanOrEqual(1)
    // Who is here, by organization: RTU and HCA are; the three others are not.
    const rtu = world.info.organizations.find((o) => o.id === ana.orgId)!
    const hca = world.info.organizations.find((o) => o.id === grace.orgId)!
    await fp.locator(`.room-org.present[data-org-id="${rtu.id}"]`, { hasText: 'Ana Torres' }).waitFor()
    await fp.locator(`.room-org.present[data-org-id="${hca.id}"]`, { hasText: 'Grace Kim' }).waitFor()
    expect(await fp.locator('.room-status').getAttribute('data-all-represented')).toBe('false')
    expect(await fp.locator('.room-status').textContent()).toContain('Not represented:')
    // Pause and +5 minutes work on everyone's countdown.
    await fp.getByRole('button', { name: 'Pause', exact: true }).click()
    await gp.locator('.session-bar .countdown-paused').waitFor()
    const paused = await countdownSeconds(gp)
    await new Promise((r) => setTimeout(r, 1500))
    expect(await countdownSeconds(gp)).toBe(paused)
    await fp.getByRole('button', { name: 'Resume' }).click()
    await fp.getByRole('button', { name: '+5 min' }).click()
    await waitFor(async () => (await countdownSeconds(gp)) > 9 * 60, 'extended countdown')

    // --- Follow mode: the facilitator brings everyone to the last section.
    expect(await fp.locator(`[data-section-id="${last.id}"] .bring-here`).evaluate((el) => el.textContent)).toBe(`Bring everyone here: ${last.title}`)
    await fp.locator(`[data-section-id="${last.id}"] .bring-here`).click()
    for (const page of [ap, gp]) {
      await page.locator(`[data-section-id="${last.id}"][data-session-focus="true"]`).waitFor()
      await waitFor(() => inViewport(page, last.id), 'scrolled to the followed section')
    }
    // Grace stops following: the next "bring" moves Ana but not her.
    await gp.getByRole('button', { name: 'Stop following' }).click()
    await gp.locator(`[data-section-id="${last.id}"]`).evaluate((el) => el.scrollIntoView({ block: 'start' }))
    await waitFor(() => inViewport(gp, last.id), 'Grace reads the last section')
    await fp.locator(`[data-section-id="${second.id}"] .bring-here`).click()
    await ap.locator(`[data-section-id="${second.id}"][data-session-focus="true"]`).waitFor()
    await waitFor(() => inViewport(ap, second.id), 'Ana follows')
    await new Promise((r) => setTimeout(r, 800))
    expect(await inViewport(gp, second.id)).toBe(false)
    expect(await inViewport(gp, last.id)).toBe(true)
    // Following again takes her there.
    await gp.getByRole('button', { name: 'Follow the facilitator' }).click()
    await waitFor(() => inViewport(gp, second.id), 'Grace rejoins')

    // --- Next item: the Preamble; everyone is brought there.
    await fp.getByRole('button', { name: 'Next item' }).click()
    for (const page of [fp, ap, gp]) await page.locator('.session-bar .session-item-title', { hasText: 'Preamble' }).waitFor()
    for (const page of [ap, gp]) {
      await page.locator(`[data-section-id="${preamble.id}"][data-session-focus="true"]`).waitFor()
      await waitFor(() => inViewport(page, preamble.id), 'brought to the Preamble')
    }

    // --- Speaking queue.
    await ap.getByRole('button', { name: 'Raise my hand' }).click()
    await ap.getByText('Your place in the queue: 1').waitFor()
    await gp.getByRole('button', { name: 'Raise my hand' }).click()
    await gp.getByText('Your place in the queue: 2').waitFor()
    for (const page of [fp, ap, gp]) {
      await waitFor(async () => (await page.locator('.queue-list li').count()) === 2, 'two hands')
      expect(await page.locator('.queue-list li .person-label-name').allTextContents()).toEqual(['Ana Torres', 'Grace Kim'])
      expect(await page.locator('.queue-list li').first().locator('.org-badge').textContent()).toBe('RTU')
    }
    await fp.getByRole('button', { name: 'Call next speaker' }).click()
    for (const page of [fp, ap, gp]) {
      await page.locator('.current-speaker', { hasText: 'Speaking now: Ana Torres' }).waitFor()
      await waitFor(async () => (await page.locator('.queue-list li').count()) === 1, 'one hand left')
    }
    await gp.getByText('Your place in the queue: 1').waitFor()

    // --- Temperature check: both answer, Grace changes her mind; results by organization.
    await fp.getByLabel('Question').fill('Ready to move on?')
    await fp.getByRole('button', { name: 'Open the check' }).click()
    await ap.getByRole('button', { name: 'Support', exact: true }).click()
    await gp.getByRole('button', { name: 'Concerns', exact: true }).click()
    await gp.getByText('Your answer: Concerns').waitFor()
    await gp.getByRole('button', { name: 'Block', exact: true }).click()
    await gp.getByText('Your answer: Block').waitFor()
    expect(await gp.getByRole('button', { name: 'Block', exact: true }).getAttribute('aria-pressed')).toBe('true')
    const cell = (page: Page, orgId: string, value: string) => page.locator(`.open-poll .poll-results tr[data-org-id="${orgId}"] td[data-value="${value}"]`)
    for (const page of [fp, ap, gp]) {
      await waitFor(
        async () => (await cell(page, rtu.id, 'support').textContent()) === '1' && (await cell(page, hca.id, 'block').textContent()) === '1',
        'results by organization',
      )
      expect(await cell(page, hca.id, 'concerns').textContent()).toBe('0')
      expect(await cell(page, rtu.id, 'block').textContent()).toBe('0')
    }
    expect(await fp.locator('.open-poll').getByText('2 answers').count()).toBe(1)

    // --- The pen: Ana holds it; Grace's editor turns read-only with the reason.
    await fp.getByLabel('Hand the pen to').selectOption({ label: 'Ana Torres (RTU)' })
    await fp.getByRole('button', { name: 'Hand the pen', exact: true }).click()
    const graceSection = gp.locator(`[data-section-id="${preamble.id}"]`)
    await graceSection.locator('.section-readonly[data-refusal="penHeld"]', { hasText: 'Ana Torres holds the pen' }).waitFor()
    await graceSection.locator('.pen-badge', { hasText: 'Pen: Ana Torres' }).waitFor()
    await waitFor(async () => (await graceSection.locator('.ProseMirror').getAttribute('contenteditable')) === 'false', 'Grace read-only')
    await fp.locator(`[data-section-id="${preamble.id}"] .section-readonly[data-refusal="penHeld"]`).waitFor()
    await ap.locator('.pen-status', { hasText: 'You hold the pen for this section.' }).waitFor()
    const anaEditor = ap.locator(`[data-section-id="${preamble.id}"] .ProseMirror`)
    await waitFor(async () => (await anaEditor.getAttribute('contenteditable')) === 'true', 'Ana can edit')
    await anaEditor.click()
    await ap.keyboard.press('Control+End')
    await ap.keyboard.type(' Written by the pen holder.', { delay: 10 })
    await graceSection.locator('.ProseMirror', { hasText: 'Written by the pen holder.' }).waitFor()
    await ap.locator('.save-status-text[data-status="saved"]').waitFor()

    // Close the check: it is kept in the list.
    await fp.getByRole('button', { name: 'Close the check' }).click()
    await gp.locator('.closed-polls summary', { hasText: 'Closed checks (1)' }).waitFor()
    await gp.getByText('No check is open.').waitFor()

    // --- The bar: accessible, and saved as a screenshot.
    await fp.evaluate(() => window.scrollTo(0, 0))
    await gp.evaluate(() => window.scrollTo(0, 0))
    await expectNoSeriousViolations(fp, '.session-bar')
    await expectNoSeriousViolations(gp, '.session-bar')
    await fp.locator('.session-bar').screenshot({ path: artifactPath('session-bar.png') })
    await gp.locator('.session-bar').screenshot({ path: artifactPath('session-bar-delegate.png') })

    // --- Projector view: read-only, large type, the current section and the bar.
    const pp = await fp.context().newPage()
    await pp.setViewportSize({ width: 1920, height: 1080 })
    await pp.goto(`${platformUrl}?view=projector`)
    await pp.locator('.projector-section h1', { hasText: 'Preamble' }).waitFor()
    await pp.locator('.projector-section', { hasText: 'Written by the pen holder.' }).waitFor()
    await pp.locator('.projector-speaker', { hasText: 'Speaking: Ana Torres' }).waitFor()
    await pp.locator('.projector-queue', { hasText: 'Queue: 1' }).waitFor()
    await pp.locator('.projector .countdown-time').waitFor()
    expect(await pp.locator('.ProseMirror, [contenteditable="true"], .projector-main button, .projector-main input, .projector-main textarea').count()).toBe(0)
    const bodySize = await pp
      .locator('.projector-section .section-text p')
      .first()
      .evaluate((el) => parseFloat(getComputedStyle(el).fontSize))
    expect(bodySize).toBeGreaterThanOrEqual(32)
    // Live: more text from the pen holder shows up on the projector.
    await anaEditor.click()
    await ap.keyboard.press('Control+End')
    await ap.keyboard.type(' Live on the big screen.', { delay: 10 })
    await pp.locator('.projector-section', { hasText: 'Live on the big screen.' }).waitFor()
    await expectNoSeriousViolations(pp, 'body')
    await pp.screenshot({ path: artifactPath('projector.png') })

    // --- End the session: the bar goes, the pen goes back.
    await fp.getByRole('button', { name: 'End session' }).click()
    await fp.getByRole('button', { name: 'Yes, end the session' }).click()
    for (const page of [fp, ap, gp]) await waitFor(async () => (await page.locator('.session-bar').count()) === 0, 'bar gone')
    await waitFor(async () => (await graceSection.locator('.section-readonly[data-refusal="penHeld"]').count()) === 0, 'pen returned')
    await pp.locator('.projector-none').waitFor()

    // --- Notes and minutes.
    await fp.goto(`${platformUrl}?view=sessions`)
    const ended = fp.locator('.session-card[data-status="ended"]', { hasText: 'Convention drafting, day 1' })
    await ended.waitFor()
    const notes = ended.getByLabel('Facilitator’s notes for “Convention drafting, day 1”')
    await waitFor(async () => !(await notes.isDisabled()), 'notes loaded')
    await notes.fill('Quorum reached at 10:05.')
    await ended.getByRole('button', { name: 'Save notes' }).click()
    await ended.getByText('Notes saved.').waitFor()
    await ended.getByRole('link', { name: 'Minutes (Markdown)' }).click()
    // In the interface's language, with the reader's time zone.
    await fp.waitForURL(/minutes\.md\?lang=en&tz=/)
    const md = (await fp.locator('body').textContent()) ?? ''
    expect(md).toContain('Ready to move on?')
    expect(md).toContain('Ana Torres was given the floor')
    expect(md).toContain('The pen for “Preamble” went to Ana Torres')
    expect(md).toContain('Quorum reached at 10:05.')
    await fp.goBack()
    await fp.locator('.session-card[data-status="ended"]').getByRole('link', { name: 'Minutes (print-ready HTML)' }).click()
    await fp.waitForURL(/minutes\.html\?lang=en&tz=/)
    const html = (await fp.locator('body').textContent()) ?? ''
    expect(html).toContain('Ready to move on?')
    expect(html).toContain('was given the floor')
    expect(html).toContain('The pen for')
    // The notes field shows the saved notes again.
    await fp.goto(`${platformUrl}?view=sessions`)
    await waitFor(async () => (await fp.locator('.session-card[data-status="ended"] textarea').inputValue()) === 'Quorum reached at 10:05.', 'notes reloaded')
  })
})
