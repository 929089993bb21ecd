import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import type { RunningPlank } from '../helpers/server.js'
import { closeBrowserAndPlank, startPlankAndBrowser } from '../helpers/e2e-setup.js'
import { apiAs, artifactPath, demoCookie, expectNoSeriousViolations, signInThroughDemoPanel, type TestBrowser } from '../helpers/browser.js'

/**
 * The PlatformShell every platform screen shares: its no-access, sign-in,
 * loading and "keeps refusing" screens, the same on each screen.
 */

let plank: RunningPlank
let chromium: TestBrowser
let platformId: string
/** A platform the demo delegate is not a member of. */
let otherPlatformId: string

/** Every screen of a platform, as links to it are written. */
const screens = (id: string) => ({
  platform: `/p/${id}`,
  settings: `/p/${id}/settings`,
  signoff: `/p/${id}/signoff`,
  sessions: `/p/${id}?view=sessions`,
  projector: `/p/${id}?view=projector`,
})

const NO_ACCESS = 'You do not have access to this platform'

async function signedIn(name: string): Promise<Page> {
  const { page } = await chromium.newPage()
  await signInThroughDemoPanel(page, plank.url, name)
  return page
}

beforeAll(async () => {
  ;({ plank, chromium } = await startPlankAndBrowser())
  platformId = plank.sample.platformId
  const maya = plank.person('facilitator')
  const created = await apiAs<{ id: string }>(plank.url, await demoCookie(plank.url, maya.id), 'POST', '/api/platforms', { title: 'Another coalition' })
  expect(created.status).toBe(201)
  otherPlatformId = created.body.id
})

afterEach(async () => {
  await chromium.closeContexts()
})

afterAll(() => closeBrowserAndPlank(chromium, plank))

describe('the platform shell', () => {
  it('an unknown platform, or one this person is not a member of, shows the no-access screen on every screen', async () => {
    const page = await signedIn(plank.person('delegate').name)
    for (const id of ['no-such-platform', otherPlatformId]) {
      for (const [name, path] of Object.entries(screens(id))) {
        await page.goto(plank.url + path)
        await page.getByRole('heading', { name: NO_ACCESS }).waitFor()
        expect(await page.getByRole('link', { name: 'Go to the list of platforms' }).getAttribute('href')).toBe('/')
        if (id === otherPlatformId && name === 'platform') {
          await page.screenshot({ path: artifactPath('shell-no-access.png'), fullPage: true })
          await expectNoSeriousViolations(page)
        }
      }
    }
    // An address no route knows.
    await page.goto(`${plank.url}/p/${platformId}/nothing-here`)
    await page.getByRole('heading', { name: 'Platform not found' }).waitFor()
    await expectNoSeriousViolations(page)
  })

  it('signed out, every screen shows the sign-in screen in place and keeps its address', async () => {
    const { page } = await chromium.newPage()
    for (const path of Object.values(screens(platformId))) {
      await page.goto(plank.url + path)
      await page.getByRole('heading', { name: 'Sign in to Plank' }).waitFor()
      expect(page.url()).toBe(plank.url + path)
    }
    await page.screenshot({ path: artifactPath('shell-signed-out.png'), fullPage: true })
    await expectNoSeriousViolations(page)
  })

  it('while the relay has not answered, each screen says it is loading', async () => {
    // Signed in by cookie, so that no copy of the platform is on this device yet (it would open offline).
    const { page } = await chromium.newPage({ cookie: { baseUrl: plank.url, cookie: await plank.cookieFor(plank.person('facilitator').id) } })
    // The socket opens but nothing ever arrives on it.
    await page.routeWebSocket(/\/ws\//, () => {})
    for (const [name, path] of Object.entries(screens(platformId))) {
      await page.goto(plank.url + path)
      await page.getByText('Loading the platform…').first().waitFor()
      if (name === 'platform') expect(await page.locator('.save-status-text').textContent()).toBe('Connecting…')
      await page.screenshot({ path: artifactPath(`shell-loading-${name}.png`), fullPage: true })
      await expectNoSeriousViolations(page)
    }
  })

  it('a relay that refuses every copy: the page starts over a few times, then stops and says so', async () => {
    const page = await signedIn(plank.person('delegate').name)
    let attempts = 0
    await page.routeWebSocket(/\/ws\//, (ws) => {
      attempts++
      ws.close({ code: 4403, reason: 'forbidden' })
    })
    await page.reload()
    const stuck = page.getByRole('alert').filter({ hasText: 'The server keeps refusing changes from this page.' })
    await stuck.waitFor({ timeout: 20_000 })
    // Three fresh starts after the first refusal, then no more.
    expect(attempts).toBe(4)
    await new Promise((r) => setTimeout(r, 1_000))
    expect(attempts).toBe(4)
    expect(await stuck.getByRole('button', { name: 'Reload the page' }).count()).toBe(1)
    await page.screenshot({ path: artifactPath('shell-stuck.png'), fullPage: true })
    await expectNoSeriousViolations(page)
  })

  it('screens for facilitators tell others so, under the platform’s header', async () => {
    const page = await signedIn(plank.person('delegate').name)
    await page.goto(plank.url + screens(platformId).settings)
    await page.getByText('Only facilitators can change the settings of this platform.').waitFor()
    await page.screenshot({ path: artifactPath('shell-settings-facilitators-only.png'), fullPage: true })
    await expectNoSeriousViolations(page)
    await page.goto(plank.url + screens(platformId).sessions)
    await page.getByText('Only facilitators plan and run drafting sessions.').waitFor()
    expect(await page.locator('.app-header .platform-title a').getAttribute('href')).toBe(`/p/${platformId}`)
    await page.screenshot({ path: artifactPath('shell-sessions-facilitators-only.png'), fullPage: true })
    await expectNoSeriousViolations(page)
  })
})
