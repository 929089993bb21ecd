import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BrowserContext } from 'playwright-core'
import type { RunningPlank } from '../helpers/server.js'
import { startPlankAndBrowser } from '../helpers/e2e-setup.js'
import { artifactPath, signInThroughDemoPanel, type TestBrowser, expectNoSeriousViolations } from '../helpers/browser.js'

/** Issue 11 in real Chromium: offline sign-out (#17), the relay from another origin (#21), next= redirects (#22). */

let plank: RunningPlank
let chromium: TestBrowser
let evil: Server
let evilUrl: string
const NAME = 'Ana Torres'

const newPage = () => chromium.newPage()

const sessionCookie = async (context: BrowserContext): Promise<string | null> =>
  (await context.cookies(plank.url)).find((c) => c.name === 'plank_session')?.value ?? null

beforeAll(async () => {
  ;({ plank, chromium } = await startPlankAndBrowser())
  // Another origin on the same host (another port): cookies do not tell ports apart.
  evil = createServer((req, res) => {
    const target = new URL(req.url ?? '/', 'http://x').searchParams.get('ws') ?? ''
    res.setHeader('content-type', 'text/html; charset=utf-8')
    res.end(`<!doctype html><html lang="en"><title>elsewhere</title><body><script>
      window.result = { opened: false, messages: 0, close: null }
      const ws = new WebSocket(${JSON.stringify(target)})
      ws.binaryType = 'arraybuffer'
      ws.onopen = () => { window.result.opened = true; ws.send(new Uint8Array([0, 2, 0])) }
      ws.onmessage = () => { window.result.messages++ }
      ws.onclose = (e) => { window.result.close = e.code }
    </script></body></html>`)
  })
  await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', () => resolve()))
  evilUrl = `http://127.0.0.1:${(evil.address() as AddressInfo).port}`
})

afterAll(async () => {
  await chromium?.close()
  await new Promise((r) => evil?.close(r))
  await plank?.close()
})

describe('signing out while offline (#17)', () => {
  it('shows signed out at once, and once the network is back the server session is ended and the next visit is signed out', async () => {
    const { context, page } = await newPage()
    await signInThroughDemoPanel(page, plank.url, NAME)
    // The service worker holds the app shell, so pages still open while offline.
    await page.evaluate(async () => {
      await navigator.serviceWorker?.ready
    })
    const token = await sessionCookie(context)
    expect(token).not.toBeNull()
    expect(plank.plank.services.sessions.resolve(token)).not.toBeNull()

    await context.setOffline(true)
    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.waitForURL(`${plank.url}/`)
    await page.getByText('Sign in', { exact: false }).first().waitFor()
    expect(await page.locator('.you-name').count()).toBe(0)
    // A reload while still offline stays signed out (the cookie is still on the device, but unused).
    await page.reload()
    await page.getByText('Sign in', { exact: false }).first().waitFor()
    expect(await page.locator('.you-name').count()).toBe(0)
    await page.screenshot({ path: artifactPath('signed-out-offline.png'), fullPage: true })
    await expectNoSeriousViolations(page)

    await context.setOffline(false)
    // The next person opens Plank on this browser.
    await page.goto(`${plank.url}/`)
    await page.getByText('Sign in', { exact: false }).first().waitFor()
    await expect.poll(() => plank.plank.services.sessions.resolve(token), { timeout: 10_000 }).toBeNull()
    expect(await page.locator('.you-name').count()).toBe(0)
    expect(await sessionCookie(context)).toBeNull()
    expect(await page.evaluate(() => localStorage.getItem('plank:signOutPending'))).toBeNull()
    // Opening the platform asks to sign in; nothing of the old session is used.
    await page.goto(`${plank.url}/p/${plank.sample.platformId}`)
    await page.locator('.signin-page').waitFor()
    expect(await page.locator('.you-name').count()).toBe(0)
  })
})

describe('the relay from a page on another origin (#21)', () => {
  it('a page on another port cannot open the relay with the cookie; this origin still can', async () => {
    const { page } = await newPage()
    await signInThroughDemoPanel(page, plank.url, NAME)
    const before = plank.plank.store.loadDocument(plank.sample.platformId).lastSeq
    const wsUrl = `${plank.wsUrl}/${plank.sample.platformId}`
    await page.goto(`${evilUrl}/?ws=${encodeURIComponent(wsUrl)}`)
    await page.waitForFunction(() => (window as unknown as { result: { close: number | null } }).result.close !== null, null, { timeout: 10_000 })
    const result = await page.evaluate(() => (window as unknown as { result: { opened: boolean; messages: number; close: number } }).result)
    expect(result.opened).toBe(false)
    expect(result.messages).toBe(0)
    expect(plank.plank.store.loadDocument(plank.sample.platformId).lastSeq).toBe(before)
    // The same script from Plank's own origin connects (the cookie is the same).
    await page.goto(`${plank.url}/`)
    const same = await page.evaluate(
      (url) =>
        new Promise<boolean>((resolve) => {
          const ws = new WebSocket(url)
          ws.onopen = () => {
            ws.close()
            resolve(true)
          }
          ws.onclose = () => resolve(false)
        }),
      wsUrl,
    )
    expect(same).toBe(true)
  })
})

describe('next= after signing in (#22)', () => {
  const values = [
    '/\\evil.example/x',
    '/%09/x',
    '//evil.example',
    'https://evil.example',
    encodeURIComponent('/\\evil.example/x'),
    encodeURIComponent('/\t/evil.example/x'),
    encodeURIComponent('//evil.example'),
    encodeURIComponent('https://evil.example'),
  ]
  for (const value of values) {
    it(`next=${value} lands on a path of this site`, async () => {
      const { page } = await newPage()
      await page.goto(`${plank.url}/signin?next=${value}`)
      await page.getByRole('button', { name: `Sign in as ${NAME}`, exact: true }).click()
      await page.locator('.you-name', { hasText: NAME }).waitFor()
      expect(new URL(page.url()).origin).toBe(plank.url)
    })
  }

  it('a same-origin next= is still honoured', async () => {
    const { page } = await newPage()
    const target = `/p/${plank.sample.platformId}/settings`
    await page.goto(`${plank.url}/signin?next=${encodeURIComponent(target)}`)
    await page.getByRole('button', { name: `Sign in as ${NAME}`, exact: true }).click()
    await page.waitForURL(`${plank.url}${target}`)
  })
})
