import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import type { VersionRow } from '../../server/store/store.js'
import { expectNoAxeViolations } from '../helpers/axe-any-impact.js'
import { apiAs, artifactPath, editorOf, orgNamed, personNamed, typeAtEnd, waitFor, waitSaved } from '../helpers/browser.js'
import { demoPersonPage, e2eWorld } from '../helpers/e2e-setup.js'
import { openSection } from '../helpers/editor-e2e.js'

/**
 * The history view in Chromium (issue 16, item 2): a delegate writes in an
 * open section; the facilitator finds the pause's version in the section's
 * history (after the sample's first one), sees the delegate's organization
 * on the typed words, compares, names the version and restores the sample's
 * text, which the delegate's editor receives; the platform's timeline lists
 * it; an observer reads but has no restore; a locked section says why; and
 * the same screens in Spanish.
 */
const world = e2eWorld({ start: { config: { versionPauseMs: 300 } }, closeContextsAfterEach: true })

const TYPED = ' Rent stabilization for every tenant.'

/** A section's versions as the server stored them, newest first. */
const versionsOf = (sectionId: string): VersionRow[] => world.plank.plank.store.listVersions(world.info.id, sectionId, 100)

/** Opens a section's history from its "History" link on the platform page, by keyboard. */
async function openHistoryFromSection(page: Page, sectionId: string, title: string, screenshot?: string): Promise<void> {
  await page.goto(`${world.plank.url}/p/${world.info.id}#${sectionId}`)
  const link = page.getByRole('link', { name: `History of ${title}` })
  await link.waitFor()
  if (screenshot) await page.locator(`[data-section-id="${sectionId}"] .section-header`).screenshot({ path: artifactPath(screenshot) })
  await link.focus()
  await page.keyboard.press('Enter')
  await page.waitForURL(new RegExp(`/p/${world.info.id}/history/${sectionId}`))
  await page.getByRole('heading', { name: `History of ${title}` }).waitFor()
}

const versionItems = (page: Page) => page.locator('.history-list li')

describe('the history view', () => {
  it('lists the versions, colours by author, compares, names and restores (the editor elsewhere follows)', async () => {
    const section = openSection(world.info)
    const ana = personNamed(world.people, 'Ana Torres')
    const rtu = orgNamed(world.info, 'RTU')
    // Ana (Riverside Tenants Union) opens the platform: the server loads its document and keeps the sample's first version.
    const anaPage = await demoPersonPage(world, 'Ana Torres')
    await anaPage.goto(`${world.plank.url}/p/${world.info.id}#${section.id}`)
    await editorOf(anaPage, section.id).waitFor()
    await waitFor(async () => versionsOf(section.id).length > 0, 'the first version')
    const firstVersion = versionsOf(section.id).at(-1)!
    // She writes at the end of the open section; the pause keeps a version.
    await typeAtEnd(anaPage, section.id, TYPED)
    await waitSaved(anaPage)
    await waitFor(async () => versionsOf(section.id).some((v) => v.reason === 'edit' && v.personIds.includes(ana.id)), 'the pause version')
    const paused = versionsOf(section.id)[0]!

    // Maya opens the section's history from its header.
    const page = await demoPersonPage(world, 'Maya Okafor')
    await openHistoryFromSection(page, section.id, section.title, 'history-link.png')
    await expect.poll(() => versionItems(page).count()).toBeGreaterThanOrEqual(2)
    const newest = versionItems(page).first()
    expect(await newest.getAttribute('data-version-id')).toBe(paused.id)
    expect(await newest.textContent()).toContain('After editing')
    expect(await newest.textContent()).toContain('Ana Torres')
    expect(await newest.locator(`[data-org-id="${rtu.id}"]`).count()).toBe(1)
    expect(await versionItems(page).last().getAttribute('data-version-id')).toBe(firstVersion.id)
    expect(await versionItems(page).last().textContent()).toContain('The text as it was when its history began')
    // The newest is shown: its text has the typed words.
    const panel = page.locator('.history-version')
    await expect.poll(() => panel.locator('.history-text').first().textContent()).toContain(TYPED.trim())
    await expectNoAxeViolations(page)
    await page.screenshot({ path: artifactPath('history-section.png'), fullPage: true })

    // Who wrote which words: the typed words are Riverside Tenants Union's, the rest Plank's sample.
    await panel.getByLabel('Colour the text by the organization that wrote it').check()
    const typedRun = panel.locator('.author-run', { hasText: 'Rent stabilization' }).first()
    await typedRun.waitFor()
    expect(await typedRun.getAttribute('data-author')).toBe(rtu.id)
    expect(await typedRun.getAttribute('title')).toBe('Written by Ana Torres (Riverside Tenants Union)')
    // Not colour alone: the organization is in the run's words for screen readers.
    expect(await typedRun.locator('.visually-hidden').first().textContent()).toContain('Riverside Tenants Union')
    const legend = panel.locator('.history-legend').first()
    expect(await legend.textContent()).toContain('Riverside Tenants Union')
    expect(await legend.textContent()).toContain('Plank (sample, merges, restores)')
    expect(await panel.locator('.author-run[data-author="server"]').count()).toBeGreaterThan(0)
    await expectNoAxeViolations(page)
    await panel.screenshot({ path: artifactPath('history-authors.png') })

    // Compare the newest with the sample's first version: the typed words are added, nothing removed.
    const optionOfFirst = await panel
      .getByLabel('Compare this version with')
      .locator('option')
      .evaluateAll((options, id) => options.findIndex((o) => (o as HTMLOptionElement).value === id), firstVersion.id)
    expect(optionOfFirst).toBeGreaterThan(0)
    await panel.getByLabel('Compare this version with').selectOption(firstVersion.id)
    await panel.getByRole('button', { name: 'Compare', exact: true }).click()
    const diff = panel.locator('.history-diff').first()
    await diff.waitFor()
    const diffText = diff.locator('.signoff-diff-text')
    expect(await diffText.locator('ins').allTextContents()).toEqual([expect.stringContaining('Rent stabilization for every tenant.')])
    expect(await diffText.locator('del').count()).toBe(0)
    await expectNoAxeViolations(page)
    await panel.locator('.history-compare').screenshot({ path: artifactPath('history-compare.png') })

    // Maya names the version.
    await panel.getByLabel('Name of this version').fill('Draft for board vote, 12 March')
    await panel.getByRole('button', { name: 'Save name' }).click()
    await panel.getByText('Name saved.').waitFor()
    expect(versionsOf(section.id).find((v) => v.id === paused.id)?.name).toBe('Draft for board vote, 12 March')
    await expect.poll(() => newest.locator('.history-list-name').textContent()).toBe('Draft for board vote, 12 March')

    // Restore the sample's first version: a confirmation says what it does, then Ana's editor loses the typed words.
    await versionItems(page).last().getByRole('button').click()
    await expect.poll(() => panel.getAttribute('data-version-id')).toBe(firstVersion.id)
    await panel.getByRole('button', { name: 'Restore this version' }).click()
    const dialog = page.getByRole('dialog')
    await dialog.waitFor()
    expect(await dialog.textContent()).toContain('applied as a new edit on top of the current text')
    expect(await dialog.textContent()).toContain('Approvals of the current text will show as approving an earlier version')
    await expectNoAxeViolations(page)
    await page.screenshot({ path: artifactPath('history-restore-confirm.png') })
    await dialog.getByRole('button', { name: 'Restore', exact: true }).click()
    await page.locator('.history-notice', { hasText: 'Restored: the section now has the text of' }).waitFor()
    await waitFor(async () => !((await editorOf(anaPage, section.id).textContent()) ?? '').includes('Rent stabilization'), 'the restore in Ana’s editor')
    // The restore is a version of its own, shown first and selected, saying what it restored.
    await expect.poll(() => versionItems(page).first().getAttribute('data-reason')).toBe('restore')
    expect(await versionItems(page).first().textContent()).toContain('Restored from')
    await expect.poll(() => panel.getByText('This is the text now.').count()).toBe(1)
    await expectNoAxeViolations(page)
    await page.screenshot({ path: artifactPath('history-restored.png'), fullPage: true })

    // Back in the section, Maya's own editor has the restored text.
    await page.getByRole('link', { name: 'Back to the section' }).click()
    await editorOf(page, section.id).waitFor()
    await expect.poll(() => editorOf(page, section.id).textContent()).not.toContain('Rent stabilization')

    // The platform's timeline lists every section's versions, the restore first; its link opens the section's history there.
    await page.getByRole('link', { name: 'Platform history' }).click()
    await page.getByRole('heading', { name: 'Platform history' }).waitFor()
    const rows = page.locator('.history-timeline tbody tr')
    await expect.poll(() => rows.count()).toBeGreaterThan(world.info.sections.length)
    const first = rows.first()
    expect(await first.getAttribute('data-section-id')).toBe(section.id)
    expect(await first.textContent()).toContain(section.title)
    expect(await first.textContent()).toContain('Restored from')
    expect(await first.textContent()).toContain('Maya Okafor')
    expect(await page.locator('.history-timeline').textContent()).toContain('Draft for board vote, 12 March')
    await expectNoAxeViolations(page)
    await page.screenshot({ path: artifactPath('history-timeline.png'), fullPage: true })
    const namedRow = rows.filter({ hasText: 'Draft for board vote, 12 March' })
    await namedRow.getByRole('link').click()
    await page.getByRole('heading', { name: `History of ${section.title}` }).waitFor()
    await expect.poll(() => page.locator('.history-version').getAttribute('data-version-id')).toBe(paused.id)
  })

  it('an observer reads the history with no restore and no naming; a restore refused as locked shows the server’s answer, then why', async () => {
    const section = openSection(world.info)
    const page = await demoPersonPage(world, 'Jordan Lee')
    await openHistoryFromSection(page, section.id, section.title)
    await waitFor(async () => versionsOf(section.id).length > 0, 'a version')
    const panel = page.locator('.history-version')
    await panel.locator('.history-text').first().waitFor()
    // Ana's version (the first test's): not the text now since the restore, so a writer would be offered its restore.
    const anas = page.locator('.history-list li[data-reason="edit"]').first()
    await anas.getByRole('button').click()
    await expect.poll(() => panel.getAttribute('data-version-id')).toBe(await anas.getAttribute('data-version-id'))
    await panel.locator('.history-text').first().waitFor()
    expect(await panel.getByText('This is the text now.').count()).toBe(0)
    expect(await panel.getByRole('button', { name: 'Restore this version' }).count()).toBe(0)
    expect(await panel.getByLabel('Name of this version').count()).toBe(0)
    // Comparing is for everyone.
    expect(await panel.getByRole('button', { name: 'Compare', exact: true }).count()).toBe(1)
    await expectNoAxeViolations(page)

    // A locked section: the facilitator locks it while its history is open, and the page says why at once (gov is live).
    const maya = await demoPersonPage(world, 'Maya Okafor')
    await maya.goto(`${world.plank.url}/p/${world.info.id}/history/${section.id}`)
    const mayaPanel = maya.locator('.history-version')
    await mayaPanel.locator('.history-text').first().waitFor()
    // Ana's version: not the text now, so Maya is offered its restore.
    await maya.locator('.history-list li[data-reason="edit"]').first().getByRole('button').click()
    await mayaPanel.getByRole('button', { name: 'Restore this version' }).waitFor()
    // The section is locked between the page's last look and the restore reaching the server: the server refuses (409) and says why.
    const lockPath = `/api/platforms/${world.info.id}/sections/${section.id}`
    await maya.route('**/versions/*/restore', async (route) => {
      expect((await apiAs(world.plank.url, world.mayaCookie, 'PATCH', lockPath, { locked: true })).status).toBe(200)
      await route.continue()
    })
    const restoresBefore = versionsOf(section.id).filter((v) => v.reason === 'restore').length
    try {
      await mayaPanel.getByRole('button', { name: 'Restore this version' }).click()
      await maya.getByRole('dialog').getByRole('button', { name: 'Restore', exact: true }).click()
      const refused = mayaPanel.locator('.history-refused')
      await refused.waitFor()
      expect(await refused.getAttribute('data-code')).toBe('locked')
      expect(await refused.textContent()).toBe('Not restored: The section is locked.')
      expect(await refused.getAttribute('role')).toBe('alert')
      // Then gov says it is locked: the button gives way to why, the server's answer stays.
      await mayaPanel.getByText('This section is locked: its versions cannot be restored.').waitFor()
      expect(await mayaPanel.getByRole('button', { name: 'Restore this version' }).count()).toBe(0)
      expect(await refused.count()).toBe(1)
      expect(versionsOf(section.id).filter((v) => v.reason === 'restore')).toHaveLength(restoresBefore)
      await expectNoAxeViolations(maya)
      await mayaPanel.screenshot({ path: artifactPath('history-locked.png') })
    } finally {
      await apiAs(world.plank.url, world.mayaCookie, 'PATCH', lockPath, { locked: false })
    }
  })

  it('in Spanish: the section’s history, why each version was kept, the restore and the colours’ legend', async () => {
    const section = openSection(world.info)
    const page = await demoPersonPage(world, 'Maya Okafor', 'es')
    try {
      await page.goto(`${world.plank.url}/p/${world.info.id}/history/${section.id}`)
      await waitFor(async () => versionsOf(section.id).length > 0, 'a version')
      await page.locator('.history-version .history-text').first().waitFor()
      expect(await page.locator('.history-page h2').first().textContent()).toMatch(/^Historial de /)
      const list = await page.locator('.history-list').textContent()
      expect(list).toMatch(/Tras editar|Restaurada desde/)
      // Ana's version (the first test's): not the text now since the restore, so it can be restored.
      await page.locator('.history-list li[data-reason="edit"]').first().getByRole('button').click()
      await page.getByRole('button', { name: 'Restaurar esta versión' }).waitFor()
      await page.getByLabel('Colorear el texto según la organización que lo escribió').check()
      expect(await page.locator('.history-legend').first().textContent()).toContain('Plank (ejemplo, fusiones, restauraciones)')
      await expectNoAxeViolations(page)
      await page.screenshot({ path: artifactPath('history-section-es.png'), fullPage: true })
      // On a phone the list goes above the version, and nothing is wider than the screen.
      await page.setViewportSize({ width: 390, height: 844 })
      await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true)
      await page.screenshot({ path: artifactPath('history-section-es-phone.png'), fullPage: true })
    } finally {
      // Maya's language is remembered with her account: back to English for whatever runs next.
      await apiAs(world.plank.url, world.mayaCookie, 'PATCH', '/api/session', { locale: 'en' })
    }
  })

  it('a section with no versions yet says so; an unknown section says its history could not be loaded', async () => {
    const created = await apiAs<{ id: string }>(world.plank.url, world.mayaCookie, 'POST', `/api/platforms/${world.info.id}/sections`, {
      title: 'Transit',
      ownerOrgId: null,
    })
    expect(created.status).toBe(201)
    const page = await demoPersonPage(world, 'Maya Okafor')
    await page.goto(`${world.plank.url}/p/${world.info.id}/history/${created.body.id}`)
    await page.getByRole('heading', { name: 'History of Transit' }).waitFor()
    await page.getByText('No versions yet.').waitFor()
    await expectNoAxeViolations(page)
    await page.screenshot({ path: artifactPath('history-empty.png') })

    await page.goto(`${world.plank.url}/p/${world.info.id}/history/no-such-section`)
    const alert = page.getByRole('alert')
    await alert.waitFor()
    expect(await alert.textContent()).toContain('The history could not be loaded:')
    await expectNoAxeViolations(page)
    await page.screenshot({ path: artifactPath('history-error.png') })
  })
})
