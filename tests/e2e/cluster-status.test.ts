/**
 * Multi-instance mode without Redis (issue 17): an instance that loses Redis
 * still saves every edit, but people connected to the other instances see
 * them only once Redis is back. The relay says so (ServerStatus) and the
 * platform page shows a warning in a polite live region; the warning goes
 * when Redis returns. A page opened while Redis is away is told on
 * connecting. The Redis here is this file's own: it is killed and restarted.
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { en } from '../../client/src/i18n/en.js'
import { es } from '../../client/src/i18n/es.js'
import { expectNoAxeViolations } from '../helpers/axe-any-impact.js'
import { artifactPath, expectNoSeriousViolations, typeAtEnd, waitFor, waitSaved, type TestBrowser } from '../helpers/browser.js'
import { closeBrowserAndPlank, demoPersonPage, demoWorld, startPlankAndBrowser, type E2EWorld } from '../helpers/e2e-setup.js'
import { startRedis, type RunningRedis } from '../helpers/redis.js'
import type { RunningPlank } from '../helpers/server.js'
import { createTestDatabase } from '../helpers/services.js'

const AUDIT_KEY = 'the audit key of this test deployment, 32+ chars'
const WARNING_EN = en['status.notLiveAcrossInstances']
const WARNING_ES = es['status.notLiveAcrossInstances']

let redis: RunningRedis | undefined
let plank: RunningPlank | undefined
let chromium: TestBrowser | undefined
let world: E2EWorld

beforeAll(async () => {
  redis = await startRedis()
  const started = await startPlankAndBrowser({ config: { databaseUrl: await createTestDatabase('banner'), redisUrl: redis.url, auditKey: AUDIT_KEY } })
  plank = started.plank
  chromium = started.chromium
  world = { ...started, ...(await demoWorld(started.plank)) }
})
afterAll(async () => {
  await closeBrowserAndPlank(chromium, plank)
  await redis?.stop()
})

const region = (page: Page) => page.locator('.cluster-status')
const banner = (page: Page) => page.locator('.cluster-status .cluster-status-banner')

async function openPlatform(page: Page): Promise<void> {
  await page.goto(`${world.plank.url}/p/${world.info.id}`)
  await page.locator('.sections').waitFor()
  await waitSaved(page)
}

describe('the warning while edits do not reach every instance', () => {
  it('appears when Redis goes, in English and Spanish, passes axe, and goes when Redis returns', async () => {
    const section = world.info.sections.find((s) => s.ownerOrgId === null && !s.locked)
    if (!section) throw new Error('the sample platform has no open section')
    const english = await demoPersonPage(world, 'Ana Torres')
    await openPlatform(english)
    // The live region is in the page, empty, before there is anything to say.
    expect(await region(english).getAttribute('role')).toBe('status')
    expect(await region(english).getAttribute('aria-live')).toBe('polite')
    expect(await banner(english).count()).toBe(0)
    expect(((await region(english).textContent()) ?? '').trim()).toBe('')

    await redis!.kill()
    await waitFor(async () => (await banner(english).count()) === 1, 'the warning to appear when Redis goes')
    expect(await banner(english).textContent()).toBe(WARNING_EN)
    await expect.poll(() => banner(english).isVisible()).toBe(true)
    // Saving is unaffected: the save status still reaches Saved.
    await typeAtEnd(english, section.id, ' written while Redis was away')
    await waitSaved(english)
    expect(await banner(english).count()).toBe(1)
    await expectNoSeriousViolations(english)
    await expectNoAxeViolations(english)
    await english.screenshot({ path: artifactPath('cluster-status-en.png') })

    // A page opened while Redis is away is told on connecting, in its language.
    const spanish = await demoPersonPage(world, 'Maya Okafor', 'es')
    await openPlatform(spanish)
    await expect.poll(() => spanish.locator('html').getAttribute('lang')).toBe('es')
    await waitFor(async () => (await banner(spanish).count()) === 1, 'the Spanish warning on a page opened while Redis is away')
    expect(await banner(spanish).textContent()).toBe(WARNING_ES)
    await expectNoSeriousViolations(spanish)
    await expectNoAxeViolations(spanish)
    await spanish.screenshot({ path: artifactPath('cluster-status-es.png') })

    // Every screen on the platform's connection shows it (ConnectionBanners), not only the platform page.
    for (const screen of ['signoff', 'sessions', 'history']) {
      await spanish.goto(`${world.plank.url}/p/${world.info.id}/${screen}`)
      await waitFor(async () => (await banner(spanish).count()) === 1, `the warning on /${screen} while Redis is away`)
      expect(await banner(spanish).textContent()).toBe(WARNING_ES)
      await expectNoSeriousViolations(spanish)
      await spanish.screenshot({ path: artifactPath(`cluster-status-${screen}-es.png`) })
    }
    await openPlatform(spanish)

    await redis!.restart()
    await waitFor(async () => (await banner(english).count()) === 0 && (await banner(spanish).count()) === 0, 'the warning to go when Redis returns', 30_000)
    // The region stays, empty, for the next time.
    expect(await region(english).count()).toBe(1)
    expect(((await region(spanish).textContent()) ?? '').trim()).toBe('')
  })
})
