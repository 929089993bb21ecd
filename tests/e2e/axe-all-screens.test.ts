import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { e2eWorld } from '../helpers/e2e-setup.js'
import { apiAs, artifactPath, demoCookie, describeViolations, sectionOf, signInThroughDemoPanel } from '../helpers/browser.js'
import { axeViolations } from '../helpers/axe-any-impact.js'

/**
 * Issue 13: axe-core on every screen, export and minutes pages included,
 * and no violation of any impact (minor and moderate too). Every screen is
 * visited before anything is asserted, so one run lists all that is wrong.
 */

const world = e2eWorld()

describe('axe on every screen', () => {
  it('finds no violation of any impact on home, sign-in, platform, review panel, matrix, settings tabs, amendment, sessions, projector, export and minutes', async () => {
    const found: string[] = []
    const check = async (page: Page, screen: string) => {
      const violations = await axeViolations(page)
      if (violations.length > 0) found.push(`${screen}:\n${describeViolations(violations)}`)
      await page.screenshot({ path: artifactPath(`axe-${screen}.png`) })
    }
    const base = `${world.plank.url}/p/${world.info.id}`

    // Signed out: home (with the demo panel) and sign-in.
    const visitor = (await world.chromium.newPage()).page
    await visitor.goto(`${world.plank.url}/`)
    await visitor.getByRole('button', { name: 'Sign in as Maya Okafor', exact: true }).waitFor()
    await check(visitor, 'home')
    await visitor.goto(`${world.plank.url}/signin`)
    await visitor.locator('input[type="password"]').waitFor()
    await check(visitor, 'sign-in')

    // The facilitator: platform, matrix, settings tabs, sessions, projector.
    const fp = (await world.chromium.newPage()).page
    await signInThroughDemoPanel(fp, world.plank.url, 'Maya Okafor')
    await fp.locator('.save-status-text[data-status="saved"]').waitFor()
    await fp.locator('.ProseMirror').first().waitFor()
    await check(fp, 'platform')
    await fp.goto(`${base}/signoff`)
    await fp.locator('.signoff-matrix tbody tr').first().waitFor()
    await check(fp, 'signoff-matrix')
    await fp.goto(`${base}/settings`)
    for (const tab of ['Organizations', 'People', 'Invitations', 'Sections', 'Audit log']) {
      await fp.getByRole('tab', { name: tab }).click()
      await fp.getByRole('tab', { name: tab, selected: true }).waitFor()
      await fp.getByRole('tabpanel').locator('h2').waitFor()
      await fp.waitForLoadState('networkidle')
      await check(fp, `settings-${tab.toLowerCase().replace(' ', '-')}`)
    }
    await fp.goto(`${base}?view=sessions`)
    await fp.getByRole('heading', { name: 'Plan a session' }).waitFor()
    await check(fp, 'sessions')

    // A running session: the platform with its bar, and the projector.
    const section = world.info.sections[0]!
    const api = (method: string, path: string, body?: unknown) =>
      apiAs<{ id?: string }>(world.plank.url, world.mayaCookie, method, `/api/platforms/${world.info.id}${path}`, body)
    const created = await api('POST', '/sessions', { title: 'Axe session', agenda: [{ kind: 'section', sectionId: section.id, minutes: 10 }] })
    expect(created.status).toBe(201)
    const sessionId = created.body.id!
    expect((await api('POST', `/sessions/${sessionId}/start`)).status).toBe(200)
    expect((await api('POST', `/sessions/${sessionId}/polls`, { kind: 'fist', question: 'How ready are we?' })).status).toBe(201)
    await fp.goto(base)
    await fp.locator('.session-bar .countdown-time').waitFor()
    await check(fp, 'platform-session')
    await fp.goto(`${base}?view=projector`)
    await fp.locator('.projector-poll').waitFor()
    await check(fp, 'projector')

    // A board representative with the review panel open.
    const rep = world.people.find((p) => p.role === 'boardRep')!
    const rp = (await world.chromium.newPage()).page
    await signInThroughDemoPanel(rp, world.plank.url, rep.name)
    await rp.goto(`${base}#${section.id}`)
    await sectionOf(rp, section.id).getByRole('button', { name: 'Review and sign off' }).click()
    await sectionOf(rp, section.id)
      .getByRole('region', { name: /Review “/ })
      .waitFor()
    await check(rp, 'review-panel')

    // An amendment (issue 14), proposed by the representative; the facilitator may write it: editor and toolbar.
    const repCookie = await demoCookie(world.plank.url, rep.id)
    const other = world.info.sections.find((s) => s.ownerOrgId !== rep.orgId)!
    const proposed = await apiAs<{ id: string }>(world.plank.url, repCookie, 'POST', `/api/platforms/${world.info.id}/sections/${other.id}/amendments`, {
      title: 'Axe amendment',
      rationale: 'Checked by axe.',
    })
    expect(proposed.status).toBe(201)
    await fp.goto(`${base}/amendments/${proposed.body.id}`)
    await fp.locator('[data-view="proposed"] .ProseMirror[contenteditable="true"]').waitFor()
    await check(fp, 'amendment')

    // Server-made pages: the export and the minutes of an ended session.
    expect((await api('POST', `/sessions/${sessionId}/end`)).status).toBe(200)
    await fp.goto(`${world.plank.url}/api/platforms/${world.info.id}/export.html`)
    await fp.locator('h1').waitFor()
    await check(fp, 'export')
    await fp.goto(`${world.plank.url}/api/platforms/${world.info.id}/sessions/${sessionId}/minutes.html`)
    await fp.locator('h1').waitFor()
    await check(fp, 'minutes')

    // The projector with no session running.
    const pp = await (await world.chromium.newPage({ cookie: { baseUrl: world.plank.url, cookie: await demoCookie(world.plank.url, rep.id) } })).page
    await pp.goto(`${base}?view=projector`)
    await pp.locator('.projector-none').waitFor()
    await check(pp, 'projector-idle')

    expect(found, found.join('\n\n')).toEqual([])
  }, 180_000)
})
