import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningPlank } from '../helpers/server.js'
import { closeBrowserAndPlank, startPlankAndBrowser } from '../helpers/e2e-setup.js'
import { demoCookie, expectNoSeriousViolations, type TestBrowser } from '../helpers/browser.js'

/** The access-tokens card on the home page: create (secret shown once), list, revoke. */
let plank: RunningPlank
let chromium: TestBrowser

beforeAll(async () => {
  ;({ plank, chromium } = await startPlankAndBrowser())
})
afterAll(() => closeBrowserAndPlank(chromium, plank))

describe('access tokens on the home page', () => {
  it('creates a token shown once, lists it without its secret, and revokes it', async () => {
    const delegate = plank.person('delegate')
    const { page } = await chromium.newPage({ cookie: { baseUrl: plank.url, cookie: await demoCookie(plank.url, delegate.id) } })
    await page.goto(`${plank.url}/`)
    const card = page.locator('section.access-tokens')
    await card.getByText('You have no access tokens.').waitFor()
    // A delegate's token may be a delegate's or an observer's, no more.
    expect(await card.getByLabel('Acts as').locator('option').allTextContents()).toEqual(['Observer', 'Delegate'])
    await card.getByLabel('What it is for').fill('minutes script')
    await card.getByRole('button', { name: 'Create token' }).click()
    const secret = await card.getByLabel('Token', { exact: true }).inputValue()
    expect(secret).toMatch(/^plank_pat\./)
    await card.locator('.token-list').getByText('minutes script').waitFor()
    await expectNoSeriousViolations(page)
    await card.getByRole('button', { name: 'I have copied it' }).click()
    expect(await page.content()).not.toContain(secret)

    await card.getByRole('button', { name: 'Revoke the token “minutes script”' }).click()
    await page
      .getByRole('dialog', { name: /^Revoke the token “minutes script”\?/ })
      .getByRole('button', { name: 'Revoke' })
      .click()
    await card.locator('.token-list').getByText('revoked').waitFor()
    const row = plank.plank.store.listAccessTokens(delegate.id)[0]!
    expect(row.revokedAt).not.toBeNull()
  }, 60_000)
})
