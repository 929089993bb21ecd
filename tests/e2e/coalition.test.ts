import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import type { RunningPlank } from '../helpers/server.js'
import { closeBrowserAndPlank, startPlankAndBrowser } from '../helpers/e2e-setup.js'
import { artifactPath, signInThroughDemoPanel, type TestBrowser, sectionOf, editorOf, expectNoSeriousViolations } from '../helpers/browser.js'

let plank: RunningPlank
let chromium: TestBrowser

const newPage = async (): Promise<Page> => (await chromium.newPage()).page

beforeAll(async () => {
  ;({ plank, chromium } = await startPlankAndBrowser())
})

afterAll(() => closeBrowserAndPlank(chromium, plank))

describe('a coalition starts from nothing', () => {
  it('a facilitator creates a platform, adds two organizations and invites a delegate of each; each edits their own section and sees the other’s read-only with the reason', async () => {
    const fp = await newPage()
    await signInThroughDemoPanel(fp, plank.url, 'Maya Okafor')
    await fp.goto(`${plank.url}/`)
    await fp.getByLabel('Title of the new platform').fill('Bay Coalition Platform')
    await fp.getByRole('button', { name: 'Create', exact: true }).click()
    await fp.waitForURL(/\/p\/[^/]+\/settings$/)
    const platformId = /\/p\/([^/]+)\/settings$/.exec(fp.url())![1]!

    // Two member organizations.
    await fp.getByRole('tab', { name: 'Organizations' }).click()
    const orgIds: Record<string, string> = {}
    for (const [name, short] of [
      ['North Bay Tenants', 'NBT'],
      ['South Bay Workers', 'SBW'],
    ]) {
      await fp.getByLabel('Name', { exact: true }).fill(name!)
      await fp.getByLabel('Short name', { exact: true }).fill(short!)
      await fp.getByRole('button', { name: 'Add', exact: true }).click()
      const row = fp.locator('.settings-row', { hasText: name! })
      await row.waitFor()
      orgIds[short!] = (await row.getAttribute('data-org-id'))!
    }

    // A section owned by each.
    await fp.getByRole('tab', { name: 'Sections' }).click()
    const sectionIds: Record<string, string> = {}
    for (const [title, short] of [
      ['Housing', 'NBT'],
      ['Jobs', 'SBW'],
    ]) {
      await fp.getByLabel('Title', { exact: true }).fill(title!)
      await fp.getByLabel('Owner', { exact: true }).selectOption(orgIds[short!]!)
      await fp.getByRole('button', { name: 'Add section' }).click()
      const row = fp.locator('.section-row', { hasText: title! })
      await row.waitFor()
      sectionIds[short!] = (await row.getAttribute('data-section-id'))!
    }

    // An invitation for a delegate of each.
    await fp.getByRole('tab', { name: 'Invitations' }).click()
    const links: Record<string, string> = {}
    for (const [short, name] of [
      ['NBT', 'Nia Brooks'],
      ['SBW', 'Sol Vega'],
    ]) {
      await fp.getByLabel('Role', { exact: true }).selectOption('delegate')
      await fp.getByLabel('Organization', { exact: true }).selectOption(orgIds[short!]!)
      await fp.getByLabel('For (name)').fill(name!)
      await fp.getByRole('button', { name: 'Create invitation' }).click()
      const linkInput = fp.getByRole('textbox', { name: 'Invitation link' })
      await expect.poll(async () => ((await linkInput.count()) > 0 ? linkInput.inputValue() : '')).toMatch(/\/invite#/)
      await expect.poll(async () => Object.values(links).includes(await linkInput.inputValue())).toBe(false)
      links[short!] = await linkInput.inputValue()
    }
    await fp.screenshot({ path: artifactPath('coalition-invitations.png'), fullPage: true })

    // Each delegate accepts, creating an account.
    const delegates: Record<string, Page> = {}
    for (const [short, username] of [
      ['NBT', 'nia.brooks'],
      ['SBW', 'sol.vega'],
    ]) {
      const page = await newPage()
      await page.goto(links[short!]!)
      await page.getByLabel('Username').fill(username!)
      await page.getByLabel('Password').fill('a sturdy passphrase')
      await page.getByRole('button', { name: 'Create account and join' }).click()
      await page.waitForURL(`${plank.url}/p/${platformId}`)
      await expect.poll(() => page.locator('.app-header .you .org-badge').textContent()).toBe(short)
      delegates[short!] = page
    }

    // Each edits their own organization's section and sees the other's read-only, with the reason.
    for (const [mine, theirs, theirName] of [
      ['NBT', 'SBW', 'South Bay Workers'],
      ['SBW', 'NBT', 'North Bay Tenants'],
    ] as const) {
      const page = delegates[mine]!
      await editorOf(page, sectionIds[mine]!).waitFor()
      await expect.poll(() => editorOf(page, sectionIds[mine]!).getAttribute('contenteditable')).toBe('true')
      await editorOf(page, sectionIds[mine]!).click()
      await page.keyboard.type(`Written by ${mine}.`, { delay: 10 })
      await sectionOf(page, sectionIds[theirs]!).scrollIntoViewIfNeeded()
      await expect
        .poll(() => sectionOf(page, sectionIds[theirs]!).locator('.section-readonly').textContent())
        .toContain(`Owned by ${theirName} — you can comment`)
      // Whatever the other section shows (its text, or "No text yet"), nothing in it is editable.
      expect(await sectionOf(page, sectionIds[theirs]!).locator('[contenteditable="true"]').count()).toBe(0)
      await sectionOf(page, sectionIds[theirs]!).locator('h2').click()
      await page.keyboard.type('should not appear', { delay: 10 })
    }
    // Each sees the other's words live; the read-only attempts changed nothing.
    for (const [viewer, author] of [
      ['NBT', 'SBW'],
      ['SBW', 'NBT'],
    ] as const) {
      await expect.poll(() => editorOf(delegates[viewer]!, sectionIds[author]!).textContent()).toContain(`Written by ${author}.`)
    }
    const room = plank.plank.rooms.get(platformId)!
    const stored = room.doc.getXmlFragment(`body:${sectionIds.NBT}`).toString() + room.doc.getXmlFragment(`body:${sectionIds.SBW}`).toString()
    expect(stored).toContain('Written by NBT.')
    expect(stored).toContain('Written by SBW.')
    expect(stored).not.toContain('should not appear')
    await delegates.NBT!.screenshot({ path: artifactPath('coalition-delegate.png'), fullPage: true })
    await expectNoSeriousViolations(delegates.NBT!)
  })
})
