/**
 * Headless Chromium for the browser scenarios (first load, keystroke to
 * paint), launched the way bench/comments-threads.ts launches it: Debian's
 * chromium through playwright-core, no sandbox, no GPU, no background
 * networking (nothing but the page on the wire).
 */
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'

const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run'],
  })
}

/**
 * A page in a fresh browser context (no cache, no IndexedDB copy, no service
 * worker: a first visit) with the bench account's session cookie set.
 * `initScript` runs in the page before any of the app's scripts.
 */
export async function signedInPage(browser: Browser, base: string, cookie: string, initScript?: string): Promise<{ context: BrowserContext; page: Page }> {
  const eq = cookie.indexOf('=')
  const context = await browser.newContext({
    viewport: { width: 1440, height: 1000 },
    locale: 'en-US',
    // The scenarios' page predicates are strings (evaluated); the app's CSP forbids eval.
    bypassCSP: true,
  })
  await context.addCookies([{ name: cookie.slice(0, eq), value: cookie.slice(eq + 1), url: base }])
  if (initScript) await context.addInitScript({ content: initScript })
  const page = await context.newPage()
  page.on('pageerror', (e) => console.error(`[bench page] ${e.message}`))
  return { context, page }
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2
}
