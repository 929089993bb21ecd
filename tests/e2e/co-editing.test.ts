import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { startPlank, type RunningPlank } from '../helpers/server.js'
import {
  artifactPath,
  describeViolations,
  launchBrowser,
  recordSaveStatus,
  seriousAxeViolations,
  statusLog,
  waitFor,
} from '../helpers/browser.js'

interface PlatformInfo {
  id: string
  title: string
  organizations: Array<{ id: string; name: string }>
  sections: Array<{ id: string; title: string; ownerOrgId: string | null; locked: boolean }>
}

const SAVED = 'Saved'
const SAVING = 'Saving…'
const OFFLINE = 'Offline — changes kept on this device'

let plank: RunningPlank
let browser: Browser
let info: PlatformInfo
const contexts: BrowserContext[] = []

async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } })
  contexts.push(context)
  const page = await context.newPage()
  await recordSaveStatus(page)
  return { context, page }
}

const editorOf = (page: Page, sectionId: string) => page.locator(`[data-section-id="${sectionId}"] .ProseMirror`)
const statusText = (page: Page) => page.locator('.save-status-text').textContent()

async function chooseIdentity(page: Page, name: string, orgId: string): Promise<void> {
  await page.getByLabel('Your name').fill(name)
  await page.getByLabel('Your organization').selectOption(orgId)
  await page.getByRole('button', { name: 'Save', exact: true }).click()
  await expect.poll(() => page.locator('.you').textContent()).toContain(`You: ${name}`)
}

async function typeAtEnd(page: Page, sectionId: string, text: string): Promise<void> {
  const editor = editorOf(page, sectionId)
  await editor.click()
  await page.keyboard.press('Control+End')
  await page.keyboard.type(text, { delay: 10 })
}

beforeAll(async () => {
  plank = await startPlank()
  browser = await launchBrowser()
  const res = await fetch(`${plank.url}/api/platforms/${plank.sample.platformId}`)
  expect(res.status).toBe(200)
  info = (await res.json()) as PlatformInfo
  expect(info.sections.length).toBeGreaterThan(1)
  expect(info.organizations.length).toBeGreaterThan(1)
})

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {})
  await browser?.close()
  await plank?.close()
})

describe('home page', () => {
  it('lists the sample platform with links and has no serious accessibility violations', async () => {
    const { page } = await newPage()
    await page.goto(plank.url + '/')
    const link = page.getByRole('link', { name: info.title })
    await link.waitFor()
    expect(await link.getAttribute('href')).toBe(`/p/${info.id}`)
    await expect.poll(() => page.locator('header').count()).toBeGreaterThan(0)
    expect(await page.locator('main').count()).toBe(1)
    await page.screenshot({ path: artifactPath('home.png'), fullPage: true })
    const violations = await seriousAxeViolations(page)
    expect(violations, describeViolations(violations)).toEqual([])
  })
})

describe('co-editing a platform', () => {
  it('shows each other’s text and caret live, keeps offline work across a reload, and reports Saving… then Saved', async () => {
    const section = info.sections.find((s) => s.ownerOrgId === null && !s.locked) ?? info.sections[0]
    if (!section) throw new Error('sample platform has no sections')
    const [orgA, orgB] = info.organizations
    if (!orgA || !orgB) throw new Error('sample platform needs two organizations')

    const a = await newPage()
    const b = await newPage()
    const platformUrl = `${plank.url}/p/${info.id}`
    await a.page.goto(platformUrl)
    await b.page.goto(`${platformUrl}#${section.id}`)

    // The page renders the platform live from the document: title, outline, sections with editors.
    for (const { page } of [a, b]) {
      await page.locator('h1', { hasText: info.title }).waitFor()
      await editorOf(page, section.id).waitFor()
      expect(await page.locator('nav a[href^="#"]').count()).toBe(info.sections.length)
      expect(await page.locator('[data-section-id]').count()).toBe(info.sections.length)
      expect(await editorOf(page, section.id).getAttribute('aria-label')).toBe(`Text of section ${section.title}`)
      await expect.poll(() => statusText(page)).toBe(SAVED)
    }
    const owner = section.ownerOrgId === null ? 'Open to all organizations' : `Owned by`
    expect(await a.page.locator(`[data-section-id="${section.id}"]`).textContent()).toContain(owner)

    await chooseIdentity(a.page, 'Ana Delegate', orgA.id)
    await chooseIdentity(b.page, 'Ben Delegate', orgB.id)

    // Both type into the same section; each sees the other's words.
    const fromA = ' Ana adds a sentence about transit.'
    const fromB = ' Ben adds one about libraries.'
    await typeAtEnd(a.page, section.id, fromA)
    await typeAtEnd(b.page, section.id, fromB)
    await expect.poll(() => editorOf(a.page, section.id).textContent()).toContain(fromB.trim())
    await expect.poll(() => editorOf(b.page, section.id).textContent()).toContain(fromA.trim())

    // Each sees the other's caret, labelled with the other's name.
    await expect
      .poll(() => a.page.locator(`[data-section-id="${section.id}"] .collaboration-carets__caret`).allTextContents())
      .toContain('Ben Delegate')
    await typeAtEnd(a.page, section.id, '!')
    await expect
      .poll(() => b.page.locator(`[data-section-id="${section.id}"] .collaboration-carets__caret`).allTextContents())
      .toContain('Ana Delegate')

    // Who's here: B appears in A's list, in this section.
    const benInList = a.page.locator('.presence-list .person', { hasText: 'Ben Delegate' })
    await expect.poll(() => benInList.count()).toBe(1)
    expect(await benInList.textContent()).toContain(`in ${section.title}`)

    await expect.poll(() => statusText(a.page)).toBe(SAVED)
    await a.page.screenshot({ path: artifactPath('platform.png') })
    const violations = await seriousAxeViolations(a.page)
    expect(violations, describeViolations(violations)).toEqual([])

    // The service worker controls the page before we go offline.
    await waitFor(() => a.page.evaluate(() => navigator.serviceWorker.controller !== null), 'the service worker to control the page')

    // A goes offline and types; B does not get it yet.
    await a.context.setOffline(true)
    await expect.poll(() => statusText(a.page)).toBe(OFFLINE)
    const offlineText = ' Written on the train without wifi.'
    await typeAtEnd(a.page, section.id, offlineText)
    expect(await editorOf(a.page, section.id).textContent()).toContain(offlineText.trim())
    await new Promise((r) => setTimeout(r, 750))
    expect(await editorOf(b.page, section.id).textContent()).not.toContain(offlineText.trim())

    // A reloads while still offline: the service worker serves the page, IndexedDB the text.
    const response = await a.page.reload()
    expect(response?.fromServiceWorker()).toBe(true)
    await editorOf(a.page, section.id).waitFor()
    await expect.poll(() => editorOf(a.page, section.id).textContent()).toContain(offlineText.trim())
    await expect.poll(() => statusText(a.page)).toBe(OFFLINE)
    expect(await editorOf(b.page, section.id).textContent()).not.toContain(offlineText.trim())

    // Back online: A's status goes Saving… then Saved, and B sees the offline text.
    await a.context.setOffline(false)
    await expect.poll(() => editorOf(b.page, section.id).textContent()).toContain(offlineText.trim())
    await expect.poll(() => statusText(a.page)).toBe(SAVED)
    const log = await statusLog(a.page)
    const lastOffline = log.lastIndexOf(OFFLINE)
    expect(lastOffline).toBeGreaterThanOrEqual(0)
    const afterOnline = log.slice(lastOffline + 1)
    expect(afterOnline).toContain(SAVING)
    expect(afterOnline.indexOf(SAVED)).toBeGreaterThan(afterOnline.indexOf(SAVING))

    // The text is on the server: a fresh visitor sees it too.
    const c = await newPage()
    await c.page.goto(`${platformUrl}#${section.id}`)
    await expect.poll(() => editorOf(c.page, section.id).textContent()).toContain(offlineText.trim())
    await expect.poll(() => editorOf(c.page, section.id).textContent()).toContain(fromA.trim())
  })

  it('mounts editors lazily, and a #section link mounts and shows that section', async () => {
    const last = info.sections[info.sections.length - 1]
    const first = info.sections[0]
    if (!last || !first) throw new Error('sample platform has no sections')
    const { page } = await newPage()
    await page.goto(`${plank.url}/p/${info.id}`)
    await editorOf(page, first.id).waitFor()
    await expect.poll(() => statusText(page)).toBe(SAVED)
    // Far below the fold: a static rendering of its text, no editor yet.
    const lastSection = page.locator(`[data-section-id="${last.id}"]`)
    expect(await lastSection.locator('.static-text').count()).toBe(1)
    expect(await editorOf(page, last.id).count()).toBe(0)
    expect((await lastSection.locator('.static-text').textContent())?.length ?? 0).toBeGreaterThan(20)

    // Following the outline link mounts its editor and scrolls it into view.
    await page.locator(`nav a[href="#${last.id}"]`).click()
    await editorOf(page, last.id).waitFor()
    await expect
      .poll(() => lastSection.evaluate((el) => {
        const top = el.getBoundingClientRect().top
        return top >= 0 && top < window.innerHeight
      }))
      .toBe(true)

    // A shared link straight to the section does the same on load.
    const other = await newPage()
    await other.page.goto(`${plank.url}/p/${info.id}#${last.id}`)
    await editorOf(other.page, last.id).waitFor()
    await expect
      .poll(() => other.page.locator(`[data-section-id="${last.id}"]`).evaluate((el) => {
        const top = el.getBoundingClientRect().top
        return top >= 0 && top < window.innerHeight
      }))
      .toBe(true)
  })

  it('switches the interface to Spanish', async () => {
    const { page } = await newPage()
    await page.goto(`${plank.url}/p/${info.id}`)
    await expect.poll(() => statusText(page)).toBe(SAVED)
    await page.getByLabel('Language').selectOption('es')
    await expect.poll(() => statusText(page)).toBe('Guardado')
    expect(await page.locator('html').getAttribute('lang')).toBe('es')
    await page.getByRole('heading', { name: '¿Quién es usted?' }).waitFor()
  })

  it('shows "Platform not found" with a link home for an unknown platform', async () => {
    const { page } = await newPage()
    await page.goto(`${plank.url}/p/no-such-platform`)
    await page.getByRole('heading', { name: 'Platform not found' }).waitFor()
    expect(await page.getByRole('link', { name: 'Go to the list of platforms' }).getAttribute('href')).toBe('/')
  })
})
