import { describe, expect, it } from 'vitest'
import { e2eWorld } from '../helpers/e2e-setup.js'
import { signInThroughDemoPanel } from '../helpers/browser.js'

/**
 * Issue 15: the interface language follows the person. Chosen on one device,
 * it is the language of the next sign-in on another, whose browser speaks
 * English; a person who never chose keeps the browser's.
 */
const world = e2eWorld({ closeContextsAfterEach: true })

describe('the language remembered with the account', () => {
  it('Español chosen on one device opens the next sign-in, on an English browser, in Spanish', async () => {
    const delegate = world.people.find((p) => p.role === 'delegate')!
    const laptop = (await world.chromium.newPage()).page
    await signInThroughDemoPanel(laptop, world.plank.url, delegate.name)
    await laptop.locator('.app-header .language select').selectOption('es')
    await expect.poll(() => laptop.locator('html').getAttribute('lang')).toBe('es')
    // Remembered by the server, not only by this browser.
    await expect.poll(() => world.plank.plank.store.getPerson(delegate.id)?.locale).toBe('es')

    const phone = (await world.chromium.newPage()).page
    await phone.goto(`${world.plank.url}/`)
    expect(await phone.locator('html').getAttribute('lang')).toBe('en')
    await phone.getByRole('button', { name: `Sign in as ${delegate.name}`, exact: true }).click()
    await phone.waitForURL(/\/p\/[^/]+$/)
    await expect.poll(() => phone.locator('html').getAttribute('lang')).toBe('es')
    expect(await phone.locator('.app-header .language select').inputValue()).toBe('es')
    await phone.locator('.save-status-text[data-status="saved"]').waitFor()
    expect(await phone.locator('.save-status-text').textContent()).not.toMatch(/Saved/)

    // Back to English on the phone: the laptop's next load follows.
    await phone.locator('.app-header .language select').selectOption('en')
    await expect.poll(() => world.plank.plank.store.getPerson(delegate.id)?.locale).toBe('en')
  })

  it('someone who never chose keeps the browser’s language', async () => {
    const rep = world.people.find((p) => p.role === 'boardRep')!
    const page = (await world.chromium.newPage()).page
    await signInThroughDemoPanel(page, world.plank.url, rep.name)
    await page.locator('.save-status-text[data-status="saved"]').waitFor()
    expect(await page.locator('html').getAttribute('lang')).toBe('en')
    expect(world.plank.plank.store.getPerson(rep.id)?.locale).toBeNull()
  })
})
