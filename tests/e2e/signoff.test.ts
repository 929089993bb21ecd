import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { e2eWorld } from '../helpers/e2e-setup.js'
import {
  apiAs,
  artifactPath,
  demoCookie,
  signInThroughDemoPanel,
  waitFor,
  sectionOf,
  typeAtEnd,
  waitSaved,
  expectNoSeriousViolations,
  personNamed,
  orgNamed,
  type DemoPerson,
} from '../helpers/browser.js'

const world = e2eWorld()

/** The RTU representative's page, kept for the adoption test. */
let repPage: Page | null = null

const section = (title: string) => {
  const found = world.info.sections.find((s) => s.title === title)
  if (!found) throw new Error(`no section ${title}`)
  return found
}

async function signedInPage(name: string): Promise<Page> {
  const { page } = await world.chromium.newPage()
  page.on('pageerror', (error) => console.error(`[${name}] page error:`, error))
  await signInThroughDemoPanel(page, world.plank.url, name)
  return page
}

const matrixCell = (page: Page, sectionId: string, orgId: string) =>
  page.locator(`table.signoff-matrix tr[data-section-id="${sectionId}"] td[data-org-id="${orgId}"]`)

/** Records every state a matrix cell shows, in order, as the page sees it (no polling gaps). */
async function recordCell(page: Page, sectionId: string, orgId: string): Promise<void> {
  await page.evaluate(
    ({ sectionId, orgId }) => {
      const log: string[] = []
      ;(window as unknown as { __cellLog: string[] }).__cellLog = log
      const read = () => {
        const cell = document.querySelector(`table.signoff-matrix tr[data-section-id="${sectionId}"] td[data-org-id="${orgId}"]`)
        const state = cell?.getAttribute('data-cell') ?? null
        if (state !== null && log[log.length - 1] !== state) log.push(state)
      }
      read()
      new MutationObserver(read).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-cell'] })
    },
    { sectionId, orgId },
  )
}
const cellLog = (page: Page) => page.evaluate(() => [...(window as unknown as { __cellLog: string[] }).__cellLog])

const person = (name: string): DemoPerson => personNamed(world.people, name)
const org = (shortName: string) => orgNamed(world.info, shortName)

describe('sign-off in the browser', () => {
  it('an approval goes stale when the text changes, shows the difference, and is given again; the matrix follows live', async () => {
    const health = section('Health care as a right')
    const rtu = org('RTU')
    const hca = org('HCA')
    expect(health.ownerOrgId).toBe(hca.id)

    // Another organization's open request for changes elsewhere, so the matrix shows it with its note.
    const daniel = await demoCookie(world.plank.url, person('Daniel Osei').id)
    const jobs = section('Good jobs and fair wages')
    const jobsHash = await apiAs<{ hash: string }>(world.plank.url, daniel, 'GET', `/api/platforms/${world.info.id}/sections/${jobs.id}`)
    const changes = await apiAs(world.plank.url, daniel, 'POST', `/api/platforms/${world.info.id}/sections/${jobs.id}/signoffs`, {
      decision: 'changes',
      hash: jobsHash.body.hash,
      note: 'Name the minimum wage we ask for.',
    })
    expect(changes.status).toBe(201)

    // Three people: a board representative of RTU, a delegate of HCA (which owns the section), an observer on the matrix.
    const [rep, delegate, watcher] = await Promise.all([signedInPage('Luis Medina'), signedInPage('Grace Kim'), signedInPage('Jordan Lee')])
    repPage = rep

    await watcher.getByRole('link', { name: 'Sign-off', exact: true }).click()
    await watcher.waitForURL(`${world.plank.url}/p/${world.info.id}/signoff`)
    await watcher.getByRole('table', { name: /Sign-off of each section by each member organization/ }).waitFor()
    await waitFor(async () => (await matrixCell(watcher, health.id, rtu.id).getAttribute('data-cell')) === 'none', 'the matrix to show RTU has not reviewed')
    await recordCell(watcher, health.id, rtu.id)
    expect(await matrixCell(watcher, jobs.id, hca.id).getAttribute('data-cell')).toBe('changes')
    await matrixCell(watcher, jobs.id, hca.id).getByText('Name the minimum wage we ask for.').waitFor()

    // 1. The representative reviews and approves the text as shown.
    await rep.goto(`${world.plank.url}/p/${world.info.id}#${health.id}`)
    const repSection = sectionOf(rep, health.id)
    await repSection.getByRole('button', { name: 'Review and sign off' }).click()
    const review = repSection.getByRole('region', { name: /Review “Health care as a right”/ })
    await review.waitFor()
    await review.getByRole('radio', { name: 'Approve this text' }).check()
    await review.getByRole('button', { name: 'Record the decision' }).click()
    await repSection.getByText('Your organization’s approval was recorded for this exact text.').waitFor()
    await repSection.locator('.signoff-mine[data-cell="approved"]').waitFor()
    await waitFor(async () => (await matrixCell(watcher, health.id, rtu.id).getAttribute('data-cell')) === 'approved', 'the matrix to show the approval live')

    // 2. A delegate of the owning organization edits the text, told first that it is approved (issue 13), and goes on.
    await delegate.goto(`${world.plank.url}/p/${world.info.id}#${health.id}`)
    await typeAtEnd(delegate, health.id, ' ', 15)
    await delegate.getByText('1 organization approved this text; editing it asks them to review again.').waitFor()
    await delegate.getByRole('button', { name: 'Continue editing', exact: true }).click()
    await delegate.keyboard.type('Dental and vision care are included.', { delay: 15 })
    await waitSaved(delegate)

    // 3. The representative sees "approved an earlier version", and the difference with the added words marked as inserted.
    await repSection.locator('.signoff-mine[data-cell="stale"]', { hasText: 'Approved an earlier version' }).waitFor()
    await waitFor(
      async () => (await matrixCell(watcher, health.id, rtu.id).getAttribute('data-cell')) === 'stale',
      'the matrix to show the approval as stale, live',
    )
    await matrixCell(watcher, health.id, rtu.id).getByText('Approved an earlier version').waitFor()
    await repSection.getByRole('button', { name: 'See what changed since your organization’s decision' }).click()
    const diff = repSection.locator('figure.signoff-diff .signoff-diff-text')
    await diff.locator('ins').first().waitFor()
    const inserted = (await diff.locator('ins').allTextContents()).join(' ')
    expect(inserted).toContain('Dental and vision care are included.')
    expect(await diff.locator('del').count()).toBe(0)
    // Screen readers hear which words were inserted, not only a colour.
    expect(await diff.locator('ins .visually-hidden').first().textContent()).toContain('inserted')
    const style = await diff
      .locator('ins')
      .first()
      .evaluate((el) => getComputedStyle(el).textDecorationLine)
    expect(style).toContain('underline')
    // The section at the top of the window, below the sticky header.
    await repSection.evaluate((el) =>
      window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - (document.querySelector('.app-header')?.getBoundingClientRect().height ?? 0) - 8),
    )
    await rep.screenshot({ path: artifactPath('signoff-diff.png') })
    await expectNoSeriousViolations(rep)

    // The watcher opens the same difference from the matrix.
    await matrixCell(watcher, health.id, rtu.id)
      .getByRole('button', { name: /See what changed/ })
      .click()
    await watcher.locator('#signoff-diff-panel .signoff-diff-text ins', { hasText: 'Dental and vision care' }).waitFor()
    await watcher.evaluate(() => window.scrollTo(0, 0))
    await watcher.screenshot({ path: artifactPath('signoff-matrix.png'), fullPage: true })
    await expectNoSeriousViolations(watcher)

    // 4. The representative reviews again; the delegate edits meanwhile, so the server refuses the old hash (409)
    //    and the representative sees what changed since they started reviewing.
    await repSection.getByRole('button', { name: 'Review and sign off' }).click()
    await review.waitFor()
    await typeAtEnd(delegate, health.id, ' No waiting lists.', 15)
    await waitSaved(delegate)
    await review.getByRole('button', { name: 'Record the decision' }).click()
    const conflict = review.getByRole('alert')
    await conflict.getByText('The text changed since you started reviewing it, so your decision was not recorded.').waitFor()
    expect((await conflict.locator('.signoff-diff-text ins').allTextContents()).join(' ')).toContain('No waiting lists.')
    expect(await matrixCell(watcher, health.id, rtu.id).getAttribute('data-cell')).toBe('stale')
    await review.getByRole('button', { name: 'Review the current text' }).click()
    // The current text has the words; so may the difference beside it (a word diff can align them as moved: one <del>, one <ins>).
    await review.getByText('No waiting lists.').first().waitFor()
    await review.getByRole('button', { name: 'Record the decision' }).click()
    await repSection.locator('.signoff-mine[data-cell="approved"]').waitFor()

    // The watcher saw each change live, in order, without reloading.
    await waitFor(
      async () => (await matrixCell(watcher, health.id, rtu.id).getAttribute('data-cell')) === 'approved',
      'the matrix to show the new approval live',
    )
    expect(await cellLog(watcher)).toEqual(['none', 'approved', 'stale', 'approved'])
    // The difference panel closes by itself once the approval is current again.
    expect(await watcher.locator('#signoff-diff-panel ins').count()).toBe(0)

    // The server agrees: RTU's approval is current for the text as it is now.
    const watcherCookie = await demoCookie(world.plank.url, person('Jordan Lee').id)
    const matrix = await apiAs<{ sections: Array<{ id: string; orgs: Array<{ orgId: string; decision: string | null; current: boolean }> }> }>(
      world.plank.url,
      watcherCookie,
      'GET',
      `/api/platforms/${world.info.id}/signoffs`,
    )
    const standing = matrix.body.sections.find((s) => s.id === health.id)?.orgs.find((o) => o.orgId === rtu.id)
    expect(standing).toEqual({ orgId: rtu.id, decision: 'approve', current: true })
  })

  it('a facilitator sets a threshold, locks an approved section and adopts the platform; then everything is read-only and exports are final', async () => {
    const health = section('Health care as a right')
    const jobs = section('Good jobs and fair wages')
    const maya = await signedInPage('Maya Okafor')
    await maya.getByRole('link', { name: 'Sign-off', exact: true }).click()
    await maya.getByRole('heading', { name: 'Sign-off', level: 1 }).waitFor()
    const adopt = maya.getByRole('button', { name: 'Adopt the platform' })
    expect(await adopt.isDisabled()).toBe(true)

    // Threshold: 1 of 5, with no open request for changes.
    await maya.getByRole('radio', { name: 'A threshold of organizations' }).check()
    await maya.getByRole('spinbutton').fill('1')
    await maya.getByRole('button', { name: 'Save the rule' }).click()
    await maya.getByText('Rule: at least 1 of 5 organizations approve each section, with no open request for changes.').waitFor()
    const row = (id: string) => maya.locator(`table.signoff-matrix tr[data-section-id="${id}"]`)
    await waitFor(async () => (await row(health.id).getAttribute('data-status')) === 'approved', 'the RTU approval to meet the threshold')

    // Lock the approved section, then unlock and lock again (each one audited by the server).
    await row(health.id).getByRole('button', { name: 'Lock Health care as a right' }).click()
    await waitFor(async () => (await row(health.id).getAttribute('data-status')) === 'locked', 'the section to show as locked')
    await row(health.id).getByRole('button', { name: 'Unlock Health care as a right' }).click()
    await waitFor(async () => (await row(health.id).getAttribute('data-status')) === 'approved', 'the section to be unlocked')
    await row(health.id).getByRole('button', { name: 'Lock Health care as a right' }).click()
    await waitFor(async () => (await row(health.id).getAttribute('data-status')) === 'locked', 'the section to be locked again')

    // Every other section gets an approval; HCA's open request for changes still blocks "Good jobs".
    const luis = await demoCookie(world.plank.url, person('Luis Medina').id)
    const approve = async (cookie: string, sectionId: string) => {
      const { body } = await apiAs<{ hash: string }>(world.plank.url, cookie, 'GET', `/api/platforms/${world.info.id}/sections/${sectionId}`)
      const res = await apiAs(world.plank.url, cookie, 'POST', `/api/platforms/${world.info.id}/sections/${sectionId}/signoffs`, {
        decision: 'approve',
        hash: body.hash,
      })
      expect(res.status).toBe(201)
    }
    for (const s of world.info.sections) if (s.id !== health.id) await approve(luis, s.id)
    const blockers = maya.locator('.signoff-blockers')
    await blockers.locator(`li[data-section-id="${jobs.id}"]`, { hasText: 'Changes requested by HCA.' }).waitFor()
    expect(await blockers.locator('li').count()).toBe(1)
    expect(await adopt.isDisabled()).toBe(true)
    await approve(await demoCookie(world.plank.url, person('Daniel Osei').id), jobs.id)
    await maya.getByText('Every section is approved: the platform is ready to be adopted.').waitFor()

    // The sample is bilingual: the English edit above left the Spanish of that section stale. The page says so
    // before anyone asks, and adopting needs a reason.
    await maya.getByText('One translation is not up to date with the primary text: adopting now asks for a reason.').waitFor()
    // Adopt, after confirming.
    await waitFor(async () => !(await adopt.isDisabled()), 'the adopt button to be enabled')
    await adopt.click()
    const dialog = maya.getByRole('dialog', { name: 'Adopt the platform?' })
    await dialog.waitFor()
    const stale = dialog.locator('.signoff-stale-translations')
    await stale.getByText('This translation is not up to date with the primary text:').waitFor()
    expect(await stale.locator('li').allInnerTexts()).toEqual(['Health care as a right, in Spanish'])
    expect(await dialog.getByRole('button', { name: 'Adopt it now' }).count()).toBe(0)
    const adoptAnyway = dialog.getByRole('button', { name: 'Adopt with these translations' })
    expect(await adoptAnyway.isDisabled()).toBe(true)
    await dialog.getByLabel('To adopt anyway, say why (the audit log keeps the reason)').fill('The Spanish follows at the next meeting.')
    await expectNoSeriousViolations(maya)
    await maya.screenshot({ path: artifactPath('signoff-adopt-stale-translations.png') })
    await adoptAnyway.click()
    await maya.getByText('This platform was adopted. It is final and can no longer be edited or signed off.').waitFor()
    expect(await maya.getByRole('button', { name: 'Adopt the platform' }).count()).toBe(0)
    const adoption = world.plank.plank.store.listAudit(world.info.id).find((e) => e.action === 'platform.adopt')!
    expect(JSON.parse(adoption.detail)).toMatchObject({
      staleTranslationsWaived: [{ sectionId: health.id, lang: 'es' }],
      waiverReason: 'The Spanish follows at the next meeting.',
    })
    expect(await maya.getByRole('button', { name: /^Lock|^Unlock/ }).count()).toBe(0)
    // One edition per language of the (bilingual) sample, and the two side by side; each in the reader's time zone (the browser's: UTC here unless the machine says otherwise).
    const tz = encodeURIComponent(await maya.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone))
    const exportsPath = `/api/platforms/${world.info.id}`
    const href = (name: string) => maya.getByRole('link', { name, exact: true }).getAttribute('href')
    expect(await href('Print-ready page in English (final, opens in a new tab)')).toBe(`${exportsPath}/export.html?final=1&lang=en&tz=${tz}`)
    expect(await href('Print-ready page in Spanish (final, opens in a new tab)')).toBe(`${exportsPath}/export.html?final=1&lang=es&tz=${tz}`)
    expect(await href('Markdown file in English (final)')).toBe(`${exportsPath}/export.md?final=1&download=1&lang=en&tz=${tz}`)
    expect(await href('Markdown file in Spanish (final)')).toBe(`${exportsPath}/export.md?final=1&download=1&lang=es&tz=${tz}`)
    expect(await href('Word document in English (final)')).toBe(`${exportsPath}/export.docx?final=1&lang=en&tz=${tz}`)
    expect(await href('Word document in Spanish (final)')).toBe(`${exportsPath}/export.docx?final=1&lang=es&tz=${tz}`)
    const docx = await maya.evaluate(
      async (url) => {
        const res = await fetch(url)
        return { status: res.status, type: res.headers.get('content-type'), disposition: res.headers.get('content-disposition') }
      },
      (await href('Word document in English (final)')) ?? '',
    )
    expect(docx).toMatchObject({ status: 200, type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' })
    expect(docx.disposition).toMatch(/^attachment/)
    expect(await href('Bilingual edition, English and Spanish side by side (opens in a new tab)')).toBe(
      `${exportsPath}/export.html?final=1&lang=en%2Ces&tz=${tz}`,
    )
    const exported = await maya.evaluate(
      async (url) => {
        const res = await fetch(url)
        return { status: res.status, text: await res.text() }
      },
      (await href('Print-ready page in English (final, opens in a new tab)')) ?? '',
    )
    expect(exported.status).toBe(200)
    expect(exported.text).toContain('Dental and vision care are included.')

    // The representative's page follows live: adopted, no more review.
    const rep = repPage
    if (!rep) throw new Error('the first test keeps the representative page')
    const repSection = sectionOf(rep, health.id)
    await repSection.locator('.signoff-status[data-status="adopted"]').waitFor()
    expect(await repSection.getByRole('button', { name: 'Review and sign off' }).count()).toBe(0)
  })
})
