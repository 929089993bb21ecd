import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { sectionRoot } from '../../shared/documents.js'
import { encodeAnchor } from '../../shared/section-text.js'
import { storedDoc } from '../helpers/clients.js'
import { e2eWorld } from '../helpers/e2e-setup.js'
import { apiAs, artifactPath, demoCookie, personNamed, signInThroughDemoPanel, waitFor, type DemoPerson } from '../helpers/browser.js'
import { expectNoAxeViolations } from '../helpers/axe-any-impact.js'

/**
 * Issue 13, "The header": one row, at most 64 px on a 390 × 844 phone (it
 * was 211 px), with offline, unread items and Spanish; the first screen shows
 * section text; the save state stays in view while scrolling; the sign-off
 * matrix scrolls inside its own labelled region, not the whole page.
 */

const world = e2eWorld()

const PHONE = { width: 390, height: 844 }
const HEADER_MAX_PX = 64
/** About ten letters of the platform's title. */
const TITLE_MIN_PX = 96

const box = (page: Page, selector: string) =>
  page
    .locator(selector)
    .first()
    .evaluate((el) => {
      const r = el.getBoundingClientRect()
      return { top: r.top, bottom: r.bottom, left: r.left, right: r.right, height: r.height }
    })
/**
 * The page is as wide as the screen. On a phone a wider page widens the layout viewport itself (innerWidth grows), so the
 * widths are compared with the device's, not with innerWidth.
 */
const noSidewaysScroll = async (page: Page): Promise<boolean> => {
  const width = page.viewportSize()?.width ?? 0
  const found = await page.evaluate((w) => {
    const ok = window.innerWidth === w && document.documentElement.scrollWidth <= w + 1
    // What sticks out (and is not clipped by a scroller or an ellipsis), to say so in the failure.
    const clipped = (el: Element): boolean => {
      for (let up = el.parentElement; up; up = up.parentElement) if (getComputedStyle(up).overflowX !== 'visible') return true
      return false
    }
    const wide = [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > w + 1 && !clipped(el))
      .map((el) => `${el.tagName}.${el.className}`)
      .slice(0, 6)
    return { ok, wide }
  }, width)
  expect(found.wide).toEqual([])
  return found.ok
}

/** Every visible piece of the header's row sits inside the header (nothing wrapped below it) and inside the screen (nothing pushed off it). */
const headerInOneRow = (page: Page) =>
  page.locator('.app-header').evaluate((header) => {
    const bottom = header.getBoundingClientRect().bottom
    const row = header.querySelector('.app-header-row')!
    return [...row.querySelectorAll<HTMLElement>(':scope > *, .header-extra > *')]
      .filter((el) => el.offsetWidth > 0 && getComputedStyle(el).position !== 'absolute')
      .every((el) => el.getBoundingClientRect().bottom <= bottom + 0.5 && el.getBoundingClientRect().right <= window.innerWidth + 0.5)
  })

/** Ana's account back to English: a test that chose Español for her leaves it remembered with her account. */
async function anaInEnglish(): Promise<void> {
  const ana = personNamed(world.people, 'Ana Torres')
  const res = await apiAs(world.plank.url, await demoCookie(world.plank.url, ana.id), 'PATCH', '/api/session', { locale: 'en' })
  expect(res.status).toBe(200)
}

/** A comment of Maya's that mentions Ana: an unread item in Ana's inbox. */
async function mentionAna(ana: DemoPerson): Promise<void> {
  const section = world.info.sections[0]!
  const doc = storedDoc(world.plank.plank.store, world.info.id)
  const paragraph = doc
    .getXmlFragment(sectionRoot(section.id))
    .toArray()
    .find((n) => n instanceof Y.XmlElement && n.nodeName === 'paragraph') as Y.XmlElement
  const text = paragraph.get(0) as Y.XmlText
  const res = await apiAs(world.plank.url, world.mayaCookie, 'POST', `/api/platforms/${world.info.id}/comments`, {
    sectionId: section.id,
    start: encodeAnchor(Y.createRelativePositionFromTypeIndex(text, 0)),
    end: encodeAnchor(Y.createRelativePositionFromTypeIndex(text, 12)),
    body: `@${ana.name} can you look at this?`,
    mentions: { personIds: [ana.id], orgIds: [] },
  })
  expect(res.status).toBe(201)
}

describe('layout on a phone', () => {
  it('a one-row header of at most 64 px (Spanish, unread, offline), section text on the first screen, the save state in view while scrolling', async () => {
    const ana = personNamed(world.people, 'Ana Torres')
    await mentionAna(ana)
    const { context, page } = await world.chromium.newPage({ viewport: PHONE, isMobile: true, hasTouch: true })
    await signInThroughDemoPanel(page, world.plank.url, ana.name)
    await page.locator('.save-status-text[data-status="saved"]').waitFor()
    await page.locator('.comments-unread').waitFor()

    // The person's links are in a menu with a proper name; Spanish is chosen there.
    const menu = page.getByRole('button', { name: 'Account and more' })
    expect(await menu.getAttribute('aria-expanded')).toBe('false')
    expect(await page.getByRole('button', { name: 'Sign out' }).isVisible()).toBe(false)
    await menu.click()
    expect(await menu.getAttribute('aria-expanded')).toBe('true')
    await page.getByRole('button', { name: 'Sign out' }).waitFor()
    await page.locator('.header-items').getByLabel('Language').selectOption('es')
    const menuEs = page.getByRole('button', { name: 'Cuenta y más' })
    await menuEs.waitFor()
    if ((await menuEs.getAttribute('aria-expanded')) === 'true') await page.keyboard.press('Escape')
    await waitFor(async () => (await menuEs.getAttribute('aria-expanded')) === 'false', 'menu closed')

    // Counts take the language's plural (was "1 comentarios").
    await page.getByText('1 comentario', { exact: true }).first().waitFor()

    // One short row.
    expect((await box(page, '.app-header')).height).toBeLessThanOrEqual(HEADER_MAX_PX)
    expect(await headerInOneRow(page)).toBe(true)
    expect(await noSidewaysScroll(page)).toBe(true)
    expect(await page.locator('.comments-unread').isVisible()).toBe(true)
    // The title keeps room for a few words (it shrank to "P…" beside "Bandeja 1 sin leer"); the unread count is a badge.
    const title = await box(page, '.platform-title')
    expect(title.right - title.left).toBeGreaterThanOrEqual(TITLE_MIN_PX)
    expect(await page.getByRole('button', { name: 'Bandeja 1 sin leer' }).isVisible()).toBe(true)

    // The first screen shows the first section's text.
    const firstText = page.locator(`[data-section-id="${world.info.sections[0]!.id}"] .ProseMirror p`).first()
    await firstText.waitFor()
    const p = await firstText.evaluate((el) => {
      const r = el.getBoundingClientRect()
      return { top: r.top, bottom: r.bottom }
    })
    expect(p.top).toBeLessThan(PHONE.height - 60)
    expect(p.bottom).toBeGreaterThan(HEADER_MAX_PX)
    await page.screenshot({ path: artifactPath('layout-phone-first-screen.png') })
    await expectNoAxeViolations(page)

    // Scrolled far down, the save state is still on screen, at the top.
    await page.evaluate(() => window.scrollTo(0, 3000))
    await waitFor(async () => (await page.evaluate(() => window.scrollY)) > 1000, 'scrolled')
    const status = await box(page, '.save-status')
    expect(status.top).toBeGreaterThanOrEqual(0)
    expect(status.bottom).toBeLessThanOrEqual(HEADER_MAX_PX)
    expect(await page.locator('.save-status-text').textContent()).toBe('Guardado')

    // Offline: the longer notice keeps to the row, still in view.
    await context.setOffline(true)
    await page.locator('.save-status-text[data-status="offline"]').waitFor()
    expect((await box(page, '.app-header')).height).toBeLessThanOrEqual(HEADER_MAX_PX)
    expect(await headerInOneRow(page)).toBe(true)
    expect(await noSidewaysScroll(page)).toBe(true)
    const offline = await box(page, '.save-status')
    expect(offline.top).toBeGreaterThanOrEqual(0)
    expect(offline.right).toBeLessThanOrEqual(PHONE.width)
    await page.screenshot({ path: artifactPath('layout-phone-offline-scrolled.png') })
    await context.setOffline(false)
    await page.locator('.save-status-text[data-status="saved"]').waitFor()

    // The menu opened shows the account and language, inside the screen.
    await menuEs.click()
    await page.getByRole('button', { name: 'Cerrar sesión' }).waitFor()
    const panel = await box(page, '.header-items.open')
    expect(panel.left).toBeGreaterThanOrEqual(0)
    expect(panel.right).toBeLessThanOrEqual(PHONE.width)
    await page.screenshot({ path: artifactPath('layout-phone-menu.png') })
    await expectNoAxeViolations(page, '.app-header')
    await page.keyboard.press('Escape')
  }, 90_000)

  it('the sign-off matrix scrolls inside its own labelled region, not the page', async () => {
    const ana = personNamed(world.people, 'Ana Torres')
    await anaInEnglish()
    const { page } = await world.chromium.newPage({ viewport: PHONE, isMobile: true, hasTouch: true })
    await signInThroughDemoPanel(page, world.plank.url, ana.name)
    await page.goto(`${world.plank.url}/p/${world.info.id}/signoff`)
    await page.locator('.signoff-matrix tbody tr').first().waitFor()
    expect(await noSidewaysScroll(page)).toBe(true)
    expect((await box(page, '.app-header')).height).toBeLessThanOrEqual(HEADER_MAX_PX)
    const region = page.getByRole('region', { name: /sign-off/i }).filter({ has: page.locator('table.signoff-matrix') })
    expect(await region.count()).toBe(1)
    const scrolls = await region.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth, overflow: getComputedStyle(el).overflowX }))
    expect(scrolls.overflow).toBe('auto')
    expect(scrolls.client).toBeLessThanOrEqual(PHONE.width)
    await page.screenshot({ path: artifactPath('layout-phone-matrix.png'), fullPage: true })
    await expectNoAxeViolations(page)
  }, 60_000)

  it('on a laptop, the header stays one row with Spanish, unread items and the offline notice', async () => {
    await anaInEnglish()
    const { context, page } = await world.chromium.newPage({ viewport: { width: 1280, height: 800 } })
    await signInThroughDemoPanel(page, world.plank.url, 'Ana Torres')
    await page.locator('.comments-unread').waitFor()
    await page.locator('.header-items').getByLabel('Language').selectOption('es')
    await page.locator('.sign-out', { hasText: 'Cerrar sesión' }).waitFor({ state: 'attached' })
    await context.setOffline(true)
    await page.locator('.save-status-text[data-status="offline"]').waitFor()
    expect((await box(page, '.app-header')).height).toBeLessThanOrEqual(HEADER_MAX_PX)
    expect(await headerInOneRow(page)).toBe(true)
    expect(await noSidewaysScroll(page)).toBe(true)
    await page.screenshot({ path: artifactPath('layout-laptop-es-offline.png') })
    await context.setOffline(false)
  }, 60_000)
})
