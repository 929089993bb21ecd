import * as awarenessProtocol from 'y-protocols/awareness'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { PRESENCE_SHOWN_MAX } from '../../shared/limits.js'
import type { RunningPlank } from '../helpers/server.js'
import { closeBrowserAndPlank, startPlankAndBrowser } from '../helpers/e2e-setup.js'
import { awarenessEntries } from '../helpers/updates.js'
import { artifactPath, signInThroughDemoPanel, type TestBrowser, expectNoSeriousViolations } from '../helpers/browser.js'

let plank: RunningPlank
let chromium: TestBrowser
const CROWD = 40
const crowdIds: string[] = []

/** Puts presence states straight into the server's room: it relays them as it relays its clients'. */
function injectPresence(entries: Array<{ clientId: number; clock: number; state: Record<string, unknown> | null }>): void {
  awarenessProtocol.applyAwarenessUpdate(plank.plank.rooms.open(plank.sample.platformId)!.awareness, awarenessEntries(entries), null)
}

/** The longest gap between animation frames while `during` runs: how long the page froze. */
async function longestFrameGap(page: Page, during: () => Promise<void>): Promise<number> {
  await page.evaluate(() => {
    const w = window as unknown as { __gap: number; __last: number; __run: boolean }
    w.__gap = 0
    w.__last = performance.now()
    w.__run = true
    const tick = (now: number) => {
      w.__gap = Math.max(w.__gap, now - w.__last)
      w.__last = now
      if (w.__run) requestAnimationFrame(tick)
    }
    requestAnimationFrame(tick)
  })
  await during()
  return page.evaluate(() => {
    const w = window as unknown as { __gap: number; __run: boolean }
    w.__run = false
    return w.__gap
  })
}

beforeAll(async () => {
  ;({ plank, chromium } = await startPlankAndBrowser())
  const { platformId } = plank.sample
  const orgs = plank.plank.store.listOrganizations(platformId)
  const now = new Date().toISOString()
  const first = ['Amara', 'Bruno', 'Chen', 'Dalia', 'Emeka', 'Farah', 'Gustavo', 'Hana', 'Idris', 'Julia']
  const last = ['Okonkwo', 'Silva', 'Wei', 'Haddad', 'Nwosu', 'Rahman', 'Pérez', 'Sato']
  for (let i = 0; i < CROWD; i++) {
    const id = `crowd-${i}`
    plank.plank.store.createPerson({
      id,
      username: null,
      email: null,
      displayName: `${first[i % first.length]} ${last[i % last.length]}`,
      passwordHash: null,
      isDemo: false,
      createdAt: now,
    })
    plank.plank.store.setMembership({ platformId, personId: id, role: 'delegate', orgId: orgs[i % orgs.length]!.id })
    crowdIds.push(id)
  }
  plank.plank.services.gov.reproject(platformId)
})

afterAll(() => closeBrowserAndPlank(chromium, plank))

describe('presence bar with a crowd', () => {
  it('draws a bounded number of people and stays responsive under a flood of thousands of states', async () => {
    // bypassCSP: axe-core is injected as an inline script.
    const { page } = await chromium.newPage({ bypassCSP: true })
    await signInThroughDemoPanel(page, plank.url, 'Ana Torres')
    const firstEditable = page.locator('[data-section-id]:has(.ProseMirror[contenteditable="true"])').first()
    await firstEditable.waitFor()
    const ownSection = (await firstEditable.getAttribute('data-section-id'))!

    // 40 real members present, several of them with more than one device.
    let clientId = 5_000_000
    const sectionIds = plank.sample.sectionIds
    injectPresence(
      crowdIds.flatMap((personId, i) => [
        {
          clientId: clientId++,
          clock: 1,
          state: { user: { personId }, sectionId: sectionIds[i % sectionIds.length], lastActive: Date.now() - (i % 7 === 0 ? 120_000 : 0) },
        },
        ...(i % 3 === 0 ? [{ clientId: clientId++, clock: 1, state: { user: { personId }, sectionId: null, lastActive: 1 } }] : []),
      ]),
    )
    const summary = page.locator('.presence summary')
    await summary.locator('.avatar-more').waitFor()
    // Ana and 40 others: 12 avatars and "+29".
    expect(await summary.locator('.avatar:not(.avatar-more)').count()).toBe(PRESENCE_SHOWN_MAX)
    expect(await summary.locator('.avatar-more').textContent()).toBe(`+${CROWD + 1 - PRESENCE_SHOWN_MAX}`)
    expect(await summary.locator('.presence-count').textContent()).toBe(`${CROWD + 1} here`)
    await page.locator('header.app-header').screenshot({ path: artifactPath('presence-crowd-bar.png') })
    await summary.click()
    await page.locator('.presence-list').waitFor()
    expect(await page.locator('.presence-list .person[data-person-id]').count()).toBe(PRESENCE_SHOWN_MAX)
    expect(await page.locator('.presence-list .presence-more').textContent()).toBe(`${CROWD + 1 - PRESENCE_SHOWN_MAX} more`)
    await page.screenshot({ path: artifactPath('presence-crowd-list.png') })
    await expectNoSeriousViolations(page)
    await summary.click()

    // A flood: 10,000 states (members and strangers), then 20 waves of 2,000 changes with cursors.
    const floodIds = Array.from({ length: 10_000 }, (_, i) => 6_000_000 + i)
    const personOf = (i: number) => (i % 2 === 0 ? crowdIds[i % CROWD]! : `stranger-${i}`)
    const gap = await longestFrameGap(page, async () => {
      injectPresence(
        floodIds.map((id, i) => ({
          clientId: id,
          clock: 1,
          state: { user: { personId: personOf(i), name: `Forged ${i}` }, sectionId: ownSection, lastActive: Date.now() },
        })),
      )
      for (let wave = 0; wave < 20; wave++) {
        injectPresence(
          floodIds.slice((wave % 5) * 2_000, (wave % 5) * 2_000 + 2_000).map((id, i) => ({
            clientId: id,
            clock: 2 + wave,
            state: {
              user: { personId: personOf(i) },
              sectionId: wave % 2 === 0 ? ownSection : sectionIds[wave % sectionIds.length],
              lastActive: Date.now(),
              cursor: { anchor: { type: null, tname: null, item: null, assoc: 0 }, head: null },
            },
          })),
        )
        await new Promise((r) => setTimeout(r, 100))
      }
    })
    // The page kept drawing frames and still answers typing promptly.
    const typed = Date.now()
    const editor = page.locator(`[data-section-id="${ownSection}"] .ProseMirror`)
    await editor.click()
    await page.keyboard.press('Control+End')
    await page.keyboard.type(' still typing', { delay: 5 })
    await expect.poll(() => editor.textContent()).toContain('still typing')
    const typingMs = Date.now() - typed
    console.log(`presence flood: longest frame gap ${Math.round(gap)} ms, typing 13 characters took ${typingMs} ms`)
    expect(gap).toBeLessThan(1_500)
    // Beside the section's title: a few names and a count, one per person.
    const here = (await page.locator(`[data-section-id="${ownSection}"] .section-here`).textContent()) ?? ''
    expect(here).toMatch(/and \d+ more/)
    expect(here.length).toBeLessThan(200)
    expect(await summary.locator('.avatar').count()).toBeLessThanOrEqual(PRESENCE_SHOWN_MAX + 1)
    // Strangers (not members) are not shown; forged names never appear.
    expect(await page.getByText('Forged 0').count()).toBe(0)
    expect(await summary.locator('.presence-count').textContent()).toBe(`${CROWD + 1} here`)
    await page.locator('header.app-header').screenshot({ path: artifactPath('presence-crowd-flood.png') })
    // On a phone the bar fits the screen.
    await page.setViewportSize({ width: 390, height: 800 })
    await page.locator('header.app-header').screenshot({ path: artifactPath('presence-crowd-phone.png') })
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
  }, 120_000)
})
