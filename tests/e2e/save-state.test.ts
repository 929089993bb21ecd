import { beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { e2eWorld } from '../helpers/e2e-setup.js'
import {
  artifactPath,
  editorOf,
  expectNoSeriousViolations,
  personNamed,
  signInThroughDemoPanel,
  statusLog,
  waitFor,
  type DemoPerson,
} from '../helpers/browser.js'
import { expectNoAxeViolations } from '../helpers/axe-any-impact.js'

const SAVING = 'Saving…'
const OFFLINE_SHOWN = 'Offline — changes kept on this device'
const OFFLINE_SAID = 'Offline. Your changes are kept on this device and saved when the connection returns.'
const SAVED_SAID = 'Back online. All changes saved.'

let ana: DemoPerson

const world = e2eWorld()
beforeAll(() => {
  ana = personNamed(world.people, 'Ana Torres')
})

/**
 * Records, from page load on, every text of the save status's live region
 * (`__plankSaid`) and every exact status the connection reported (`__plankRaw`,
 * the visible element's data-status), so that flips shorter than a poll are seen.
 */
async function recordAnnouncements(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __plankSaid: string[]; __plankRaw: string[] }
    w.__plankSaid = []
    w.__plankRaw = []
    const record = () => {
      const said = document.querySelector('.save-status-announce')
      if (said && w.__plankSaid[w.__plankSaid.length - 1] !== said.textContent) w.__plankSaid.push(said.textContent ?? '')
      const raw = document.querySelector('.save-status-text')?.getAttribute('data-status')
      if (raw && w.__plankRaw[w.__plankRaw.length - 1] !== raw) w.__plankRaw.push(raw)
    }
    new MutationObserver(record).observe(document, { subtree: true, childList: true, characterData: true, attributes: true })
  })
}

const said = (page: Page) => page.evaluate(() => [...(window as unknown as { __plankSaid: string[] }).__plankSaid])
const raw = (page: Page) => page.evaluate(() => [...(window as unknown as { __plankRaw: string[] }).__plankRaw])
const exactStatus = (page: Page) => page.locator('.save-status-text').getAttribute('data-status')

describe('the save indicator', () => {
  it('stays quiet while someone types on a good connection, and announces offline and saved-after-offline once each', async () => {
    const section = world.info.sections.find((s) => s.ownerOrgId === null && !s.locked)
    if (!section) throw new Error('the sample platform has no open section')
    const { page, context } = await world.chromium.newPage({ recordStatus: true })
    await recordAnnouncements(page)
    await signInThroughDemoPanel(page, world.plank.url, ana.name)
    await page.goto(`${world.plank.url}/p/${world.info.id}#${section.id}`)
    const editor = editorOf(page, section.id)
    await editor.waitFor()
    await waitFor(async () => (await exactStatus(page)) === 'saved', 'the first save state')
    // The live region is in the page (and empty) before anything is said: screen readers announce its changes.
    expect(await page.locator('.save-status-announce').getAttribute('role')).toBe('status')
    // The visible status is not itself a live region (it would announce every flip).
    expect(await page.locator('.save-status-text').getAttribute('role')).toBeNull()
    expect(await page.locator('.save-status-text [aria-live], .save-status-text[aria-live]').count()).toBe(0)

    // Three seconds of steady typing.
    const saidBefore = await said(page)
    // Opening the page on a good connection says nothing (Connecting… and Saved are only shown).
    expect(saidBefore.filter((text) => text !== '')).toEqual([])
    const shownBefore = (await statusLog(page)).length
    const rawBefore = (await raw(page)).length
    await editor.click()
    await page.keyboard.press('Control+End')
    const started = Date.now()
    // A key every 140 ms: each change is acknowledged before the next (the connection flips saving/saved at every key).
    while (Date.now() - started < 3000) await page.keyboard.type('steady ', { delay: 140 })
    await waitFor(async () => (await exactStatus(page)) === 'saved', 'the typing to be saved')

    // The connection did flip saving/saved many times underneath (the test would prove nothing otherwise)…
    const rawFlips = (await raw(page)).slice(rawBefore)
    expect(rawFlips.filter((s) => s === 'saving').length).toBeGreaterThan(3)
    // …but nobody saw Saving…, and the live region changed at most once (here: not at all).
    const shownWhileTyping = (await statusLog(page)).slice(shownBefore)
    expect(shownWhileTyping).not.toContain(SAVING)
    const saidWhileTyping = (await said(page)).slice(saidBefore.length)
    expect(saidWhileTyping.length).toBeLessThanOrEqual(1)
    expect(saidWhileTyping).not.toContain(SAVING)

    // Fast typing without a pause: the connection says saving all along, but each change is acknowledged within a moment.
    const shownBeforeFast = (await statusLog(page)).length
    const fastStart = Date.now()
    while (Date.now() - fastStart < 2500) await page.keyboard.type('quick ', { delay: 20 })
    await waitFor(async () => (await exactStatus(page)) === 'saved', 'the fast typing to be saved')
    expect((await statusLog(page)).slice(shownBeforeFast)).not.toContain(SAVING)
    expect((await said(page)).slice(saidBefore.length)).toEqual(saidWhileTyping)
    await page.screenshot({ path: artifactPath('save-state-typing.png') })
    await expectNoSeriousViolations(page)
    await expectNoAxeViolations(page)

    // Offline, typing: "offline" is announced (once), and shown.
    await context.setOffline(true)
    await editor.click()
    await page.keyboard.press('Control+End')
    await page.keyboard.type(' written offline', { delay: 25 })
    await waitFor(async () => (await said(page)).includes(OFFLINE_SAID), 'offline to be announced')
    await waitFor(async () => (await page.locator('.save-status-text').textContent()) === OFFLINE_SHOWN, 'offline to show')
    await page.screenshot({ path: artifactPath('save-state-offline.png') })
    await expectNoAxeViolations(page)

    // Back online: "saved" is announced once, once the server has acknowledged everything.
    await context.setOffline(false)
    await waitFor(async () => (await exactStatus(page)) === 'saved', 'the offline text to be saved')
    await waitFor(async () => (await said(page)).includes(SAVED_SAID), 'saved to be announced')
    // A few more keystrokes on the good connection change nothing that is said.
    await page.keyboard.type(' and more', { delay: 25 })
    await waitFor(async () => (await exactStatus(page)) === 'saved', 'the last words to be saved')
    await new Promise((r) => setTimeout(r, 300))
    const afterTyping = (await said(page)).slice(saidBefore.length + saidWhileTyping.length)
    expect(afterTyping).toEqual([OFFLINE_SAID, SAVED_SAID])
    expect(await page.locator('.save-status-announce').textContent()).toBe(SAVED_SAID)
  })

  it('shows Saving… when a change waits unacknowledged for longer than a moment', async () => {
    const section = world.info.sections.find((s) => s.ownerOrgId === null && !s.locked)
    if (!section) throw new Error('the sample platform has no open section')
    const { page } = await world.chromium.newPage({ recordStatus: true })
    await signInThroughDemoPanel(page, world.plank.url, ana.name)
    await page.goto(`${world.plank.url}/p/${world.info.id}#${section.id}`)
    const editor = editorOf(page, section.id)
    await editor.waitFor()
    await waitFor(async () => (await exactStatus(page)) === 'saved', 'the first save state')
    // Hold every frame the page sends for 2 s: a slow link whose acknowledgements are late.
    await page.evaluate(() => {
      const send = WebSocket.prototype.send
      WebSocket.prototype.send = function (this: WebSocket, data) {
        setTimeout(() => send.call(this, data), 2000)
      }
    })
    await editor.click()
    await page.keyboard.press('Control+End')
    await page.keyboard.type('!', { delay: 25 })
    await waitFor(async () => (await page.locator('.save-status-text').textContent()) === SAVING, 'Saving… after a moment', 1900)
    await waitFor(async () => (await exactStatus(page)) === 'saved', 'the late acknowledgement')
    await expect.poll(() => page.locator('.save-status-text').textContent()).toBe('Saved')
  })
})
