import { beforeAll, describe, expect, it } from 'vitest'
import { e2eWorld } from '../helpers/e2e-setup.js'
import {
  artifactPath,
  signInThroughDemoPanel,
  waitFor,
  statusLog,
  editorOf,
  statusText,
  typeAtEnd,
  expectNoSeriousViolations,
  personNamed,
  type DemoPerson,
} from '../helpers/browser.js'

const world = e2eWorld()

const SAVED = 'Saved'
const SAVING = 'Saving…'
const OFFLINE = 'Offline — changes kept on this device'

/** Ana Torres: delegate of the Riverside Tenants Union (world.maya, Maya Okafor, is the facilitator). */
let ana: DemoPerson

const newPage = () => world.chromium.newPage({ recordStatus: true })

const person = (name: string): DemoPerson => personNamed(world.people, name)

beforeAll(() => {
  ana = person('Ana Torres')
  expect(ana.role).toBe('delegate')
  expect(world.maya.role).toBe('facilitator')
  expect(world.info.sections.length).toBeGreaterThan(1)
  expect(world.info.organizations.length).toBeGreaterThan(1)
})

describe('home page', () => {
  it('signed out: offers the sign-in form and the demo panel with badges, and has no serious accessibility violations', async () => {
    const { page } = await newPage()
    await page.goto(`${world.plank.url}/`)
    await page.getByLabel('Email or username').waitFor()
    await page.getByLabel('Password').waitFor()
    const demo = page.locator('.demo-panel')
    await demo.getByText('Demo mode').waitFor()
    const anaRow = demo.locator('.demo-person', { hasText: 'Ana Torres' })
    expect(await anaRow.locator('.role-badge').textContent()).toBe('Delegate')
    expect(await anaRow.locator('.org-badge').textContent()).toBe('RTU')
    expect(await demo.locator('.demo-person', { hasText: 'Maya Okafor' }).locator('.role-badge').textContent()).toBe('Facilitator')
    expect(await demo.locator('.demo-person').count()).toBe(new Set(world.people.map((p) => p.id)).size)
    await page.screenshot({ path: artifactPath('home-signed-out.png'), fullPage: true })
    await expectNoSeriousViolations(page)
  })

  it('signed in: lists the sample platform with links and has no serious accessibility violations', async () => {
    const { page } = await newPage()
    await signInThroughDemoPanel(page, world.plank.url, 'Maya Okafor')
    await page.goto(`${world.plank.url}/`)
    const link = page.getByRole('link', { name: world.info.title })
    await link.waitFor()
    expect(await link.getAttribute('href')).toBe(`/p/${world.info.id}`)
    await expect.poll(() => page.locator('header').count()).toBeGreaterThan(0)
    expect(await page.locator('main').count()).toBe(1)
    await page.screenshot({ path: artifactPath('home.png'), fullPage: true })
    await expectNoSeriousViolations(page)

    // Creating a platform makes you its facilitator and opens its settings.
    await page.getByLabel('Title of the new platform').fill('Harbour City Platform')
    await page.getByRole('button', { name: 'Create', exact: true }).click()
    await page.waitForURL(/\/p\/[^/]+\/settings$/)
    await page.getByRole('heading', { name: 'Platform settings' }).waitFor()
    await expect.poll(() => page.locator('.platform-title').textContent()).toBe('Harbour City Platform')
    expect(await page.locator('.app-header .you .role-badge').textContent()).toBe('Facilitator')
  })
})

describe('co-editing a platform', () => {
  it('shows each other’s text and caret live, keeps offline work across a reload, and reports Saving… then Saved', async () => {
    const section = world.info.sections.find((s) => s.ownerOrgId === null && !s.locked) ?? world.info.sections[0]
    if (!section) throw new Error('sample platform has no sections')

    const a = await newPage()
    const b = await newPage()
    const platformUrl = `${world.plank.url}/p/${world.info.id}`
    // A: a delegate, B: the facilitator; both may edit an open section.
    await signInThroughDemoPanel(a.page, world.plank.url, ana.name)
    await signInThroughDemoPanel(b.page, world.plank.url, world.maya.name)
    await a.page.goto(platformUrl)
    await b.page.goto(`${platformUrl}#${section.id}`)

    // The page renders the platform live from the document: title, outline, sections with editors.
    for (const { page } of [a, b]) {
      await page.locator('h1', { hasText: world.info.title }).waitFor()
      await editorOf(page, section.id).waitFor()
      expect(await page.locator('nav a[href^="#"]').count()).toBe(world.info.sections.length)
      expect(await page.locator('[data-section-id]').count()).toBe(world.info.sections.length)
      expect(await editorOf(page, section.id).getAttribute('aria-label')).toBe(`Text of section ${section.title}`)
      await expect.poll(() => statusText(page)).toBe(SAVED)
    }
    const owner = section.ownerOrgId === null ? 'Open to all organizations' : `Owned by`
    expect(await a.page.locator(`[data-section-id="${section.id}"]`).textContent()).toContain(owner)

    // The header shows who is signed in, with role and organization badges.
    expect(await a.page.locator('.app-header .you .role-badge').textContent()).toBe('Delegate')
    expect(await a.page.locator('.app-header .you .org-badge').textContent()).toBe('RTU')
    expect(await b.page.locator('.app-header .you .role-badge').textContent()).toBe('Facilitator')
    expect(await b.page.locator('.app-header .you .org-badge').count()).toBe(0)
    // Only the facilitator gets the settings link.
    expect(await a.page.getByRole('link', { name: 'Settings' }).count()).toBe(0)
    expect(await b.page.getByRole('link', { name: 'Settings' }).count()).toBe(1)

    // Both type into the same section; each sees the other's words.
    const fromA = ' Ana adds a sentence about transit.'
    const fromB = ' Ben adds one about libraries.'
    await typeAtEnd(a.page, section.id, fromA)
    await typeAtEnd(b.page, section.id, fromB)
    await expect.poll(() => editorOf(a.page, section.id).textContent()).toContain(fromB.trim())
    await expect.poll(() => editorOf(b.page, section.id).textContent()).toContain(fromA.trim())

    // Each sees the other's caret, labelled with the other's name.
    await expect.poll(() => a.page.locator(`[data-section-id="${section.id}"] .collaboration-carets__caret`).allTextContents()).toContain('Maya Okafor')
    await typeAtEnd(a.page, section.id, '!')
    await expect.poll(() => b.page.locator(`[data-section-id="${section.id}"] .collaboration-carets__caret`).allTextContents()).toContain('Ana Torres')

    // Who's here: B appears in A's list, in this section.
    const mayaInList = a.page.locator('.presence-list .person', { hasText: 'Maya Okafor' })
    await expect.poll(() => mayaInList.count()).toBe(1)
    expect(await mayaInList.textContent()).toContain(`in ${section.title}`)
    expect(await mayaInList.locator('.role-badge').textContent()).toBe('Facilitator')
    const anaInList = b.page.locator('.presence-list .person', { hasText: 'Ana Torres' })
    await expect.poll(() => anaInList.count()).toBe(1)
    expect(await anaInList.locator('.org-badge').textContent()).toBe('RTU')

    await expect.poll(() => statusText(a.page)).toBe(SAVED)
    await a.page.screenshot({ path: artifactPath('platform.png') })
    await expectNoSeriousViolations(a.page)

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
    await signInThroughDemoPanel(c.page, world.plank.url, 'Jordan Lee')
    await c.page.goto(`${platformUrl}#${section.id}`)
    await expect.poll(() => editorOf(c.page, section.id).textContent()).toContain(offlineText.trim())
    await expect.poll(() => editorOf(c.page, section.id).textContent()).toContain(fromA.trim())
  })

  it('mounts editors lazily, and a #section link mounts and shows that section', async () => {
    const last = world.info.sections[world.info.sections.length - 1]
    const first = world.info.sections[0]
    if (!last || !first) throw new Error('sample platform has no sections')
    const { page } = await newPage()
    await signInThroughDemoPanel(page, world.plank.url, ana.name)
    await page.goto(`${world.plank.url}/p/${world.info.id}`)
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
      .poll(() =>
        lastSection.evaluate((el) => {
          const top = el.getBoundingClientRect().top
          return top >= 0 && top < window.innerHeight
        }),
      )
      .toBe(true)

    // A shared link straight to the section does the same on load.
    const other = await newPage()
    await signInThroughDemoPanel(other.page, world.plank.url, ana.name)
    await other.page.goto(`${world.plank.url}/p/${world.info.id}#${last.id}`)
    await editorOf(other.page, last.id).waitFor()
    await expect
      .poll(() =>
        other.page.locator(`[data-section-id="${last.id}"]`).evaluate((el) => {
          const top = el.getBoundingClientRect().top
          return top >= 0 && top < window.innerHeight
        }),
      )
      .toBe(true)
  })

  it('switches the interface to Spanish', async () => {
    const { page } = await newPage()
    await signInThroughDemoPanel(page, world.plank.url, ana.name)
    await expect.poll(() => statusText(page)).toBe(SAVED)
    await page.getByLabel('Language').selectOption('es')
    await expect.poll(() => statusText(page)).toBe('Guardado')
    expect(await page.locator('html').getAttribute('lang')).toBe('es')
    expect(await page.locator('.app-header .you .role-badge').textContent()).toBe('Delegado/a')
    await page.getByRole('button', { name: 'Cerrar sesión' }).waitFor()
    const health = world.info.sections.find((s) => s.ownerOrgId !== null && s.ownerOrgId !== ana.orgId)
    if (!health) throw new Error('no section of another organization')
    await expect.poll(() => page.locator(`[data-section-id="${health.id}"] .section-readonly`).textContent()).toContain(': puede comentar')
    // Back to English: the choice is Ana's (remembered with her account), and the next tests sign her in.
    await page.getByLabel('Idioma').selectOption('en')
    await expect.poll(() => statusText(page)).toBe(SAVED)
    await expect.poll(async () => world.plank.plank.store.getPerson(ana.id)?.locale).toBe('en')
  })

  it('says "You do not have access" with a link home for an unknown platform, and asks to sign in when signed out', async () => {
    const { page } = await newPage()
    await page.goto(`${world.plank.url}/p/${world.info.id}`)
    await page.getByRole('heading', { name: 'Sign in to Plank' }).waitFor()
    await page.getByRole('alert').filter({ hasText: 'not signed in' }).waitFor()
    await signInThroughDemoPanel(page, world.plank.url, ana.name)
    await page.goto(`${world.plank.url}/p/no-such-platform`)
    await page.getByRole('heading', { name: 'You do not have access to this platform' }).waitFor()
    expect(await page.getByRole('link', { name: 'Go to the list of platforms' }).getAttribute('href')).toBe('/')
  })
})
