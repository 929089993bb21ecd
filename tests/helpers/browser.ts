import { mkdirSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { expect } from 'vitest'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'

export const CHROMIUM_PATH = '/usr/bin/chromium'
export const artifactsDir = resolve('test-artifacts')

/** Real headless Chromium, as installed by tests/setup/ensure-chromium.mjs. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

export interface PageOptions {
  /** The browser's language (navigator.language, Accept-Language); default en-US. */
  locale?: string
  /** Default 1280 × 900. */
  viewport?: { width: number; height: number }
  isMobile?: boolean
  hasTouch?: boolean
  /** Lets page.evaluate build functions from strings (the app's CSP forbids eval). */
  bypassCSP?: boolean
  /** Grants clipboard read and write for this origin. */
  clipboardFor?: string
  /** Signs the context in with this session cookie (`name=value; …`, as demoCookie returns) for `baseUrl`. */
  cookie?: { baseUrl: string; cookie: string }
  /** Records every save status the page shows (recordSaveStatus). */
  recordStatus?: boolean
  /** No service worker: every request reaches page.route (a worker's own fetches bypass it). */
  blockServiceWorkers?: boolean
}

/**
 * One Chromium for a test file, and the browser contexts its tests open
 * (each context is a fresh device: its own cookies, IndexedDB, localStorage).
 */
export class TestBrowser {
  private contexts: BrowserContext[] = []
  private constructor(readonly browser: Browser) {}

  static async launch(): Promise<TestBrowser> {
    return new TestBrowser(await launchBrowser())
  }

  /** A fresh device, in English unless `locale` says otherwise, with one page. */
  async newPage(options: PageOptions = {}): Promise<{ context: BrowserContext; page: Page }> {
    const context = await this.browser.newContext({
      locale: options.locale ?? 'en-US',
      viewport: options.viewport ?? { width: 1280, height: 900 },
      ...(options.isMobile !== undefined ? { isMobile: options.isMobile } : {}),
      ...(options.hasTouch !== undefined ? { hasTouch: options.hasTouch } : {}),
      ...(options.bypassCSP !== undefined ? { bypassCSP: options.bypassCSP } : {}),
      ...(options.blockServiceWorkers ? { serviceWorkers: 'block' as const } : {}),
    })
    this.contexts.push(context)
    if (options.clipboardFor) await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: options.clipboardFor })
    if (options.cookie) await addSessionCookie(context, options.cookie.baseUrl, options.cookie.cookie)
    const page = await context.newPage()
    if (options.recordStatus) await recordSaveStatus(page)
    return { context, page }
  }

  /** Closes every context opened so far (between tests that must not see each other's pages). */
  async closeContexts(): Promise<void> {
    for (const context of this.contexts.splice(0)) await context.close().catch(() => {})
  }

  async close(): Promise<void> {
    await this.closeContexts()
    await this.browser.close()
  }
}

/** Puts a session cookie (`name=value; …`) into a context, as if it had signed in. */
export async function addSessionCookie(context: BrowserContext, baseUrl: string, cookie: string): Promise<void> {
  await context.addCookies(
    cookie.split('; ').map((pair) => {
      const i = pair.indexOf('=')
      return { name: pair.slice(0, i), value: pair.slice(i + 1), url: baseUrl }
    }),
  )
}

/** A section of the platform page (`data-section-id`, DESIGN.md), and its Tiptap editor. */
export const sectionOf = (page: Page, sectionId: string) => page.locator(`[data-section-id="${sectionId}"]`)
export const editorOf = (page: Page, sectionId: string) => page.locator(`[data-section-id="${sectionId}"] .ProseMirror`)
/** What the save status says (Connecting…, Saving…, Saved, Offline — …). */
export const statusText = (page: Page) => page.locator('.save-status-text').textContent()

/** Types at the end of a section's text, a key at a time. */
export async function typeAtEnd(page: Page, sectionId: string, text: string, delay = 10): Promise<void> {
  await editorOf(page, sectionId).click()
  await page.keyboard.press('Control+End')
  await page.keyboard.type(text, { delay })
}

/** Waits until the save status says every change is on the server. */
export async function waitSaved(page: Page): Promise<void> {
  await waitFor(async () => (await page.locator('.save-status-text').getAttribute('data-status')) === 'saved', 'saved')
}

/** Fails the test on any serious or critical axe violation in the page (or in the part `include` selects). */
export async function expectNoSeriousViolations(page: Page, include?: string): Promise<void> {
  const violations = await seriousAxeViolations(page, include)
  expect(violations, describeViolations(violations)).toEqual([])
}

export function artifactPath(name: string): string {
  mkdirSync(artifactsDir, { recursive: true })
  return resolve(artifactsDir, name)
}

export interface AxeViolation {
  id: string
  impact: string | null
  help: string
  nodes: Array<{ target: unknown[]; failureSummary?: string }>
}

/** Runs axe-core in the page (or in the part `include` selects); returns the violations of impact serious or critical. */
export async function seriousAxeViolations(page: Page, include?: string): Promise<AxeViolation[]> {
  // Evaluated over the DevTools protocol, not injected as an inline <script>: the app's CSP (script-src 'self') blocks those.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(readFileSync(resolve('node_modules/axe-core/axe.min.js'), 'utf8'))
  const violations = await page.evaluate(async (selector) => {
    const axe = (window as unknown as { axe: { run: (context?: unknown) => Promise<{ violations: unknown[] }> } }).axe
    const result = await axe.run(selector === null ? document : { include: [selector] })
    return result.violations as AxeViolation[]
  }, include ?? null)
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
}

/** A readable summary of axe violations for assertion messages. */
export function describeViolations(violations: AxeViolation[]): string {
  return violations
    .map((v) => `${v.impact} ${v.id}: ${v.help}\n  ${v.nodes.map((n) => `${JSON.stringify(n.target)} ${n.failureSummary ?? ''}`).join('\n  ')}`)
    .join('\n')
}

/**
 * Records every text the save-status live region shows, from page load on, in
 * `window.__plankStatusLog`, so short states (Saving…) are not missed by polling.
 */
export async function recordSaveStatus(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const log: string[] = []
    ;(window as unknown as { __plankStatusLog: string[] }).__plankStatusLog = log
    const record = () => {
      const text = document.querySelector('.save-status-text')?.textContent ?? null
      if (text !== null && log[log.length - 1] !== text) log.push(text)
    }
    new MutationObserver(record).observe(document, { subtree: true, childList: true, characterData: true })
  })
}

export function statusLog(page: Page): Promise<string[]> {
  return page.evaluate(() => [...((window as unknown as { __plankStatusLog?: string[] }).__plankStatusLog ?? [])])
}

/** Polls `check` until it returns true or the time runs out. */
export async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (await check()) return
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

export interface DemoPerson {
  id: string
  name: string
  role: 'observer' | 'delegate' | 'boardRep' | 'facilitator'
  orgId: string | null
  platformId: string
}

/** What `GET /api/platforms/<id>` answers (DESIGN.md). */
export interface PlatformInfo {
  id: string
  title: string
  organizations: Array<{ id: string; name: string; shortName: string }>
  sections: Array<{ id: string; title: string; ownerOrgId: string | null; locked: boolean }>
}

/** The organization of a platform with that short name. */
export function orgNamed(info: PlatformInfo, shortName: string): PlatformInfo['organizations'][number] {
  const found = info.organizations.find((o) => o.shortName === shortName)
  if (!found) throw new Error(`no organization ${shortName}`)
  return found
}

/** The demo person of that name. */
export function personNamed(people: DemoPerson[], name: string): DemoPerson {
  const found = people.find((p) => p.name === name)
  if (!found) throw new Error(`no demo person ${name}`)
  return found
}

export async function demoPeople(baseUrl: string): Promise<DemoPerson[]> {
  const res = await fetch(`${baseUrl}/api/demo/people`)
  if (res.status !== 200) throw new Error(`GET /api/demo/people answered ${res.status}`)
  return ((await res.json()) as { people: DemoPerson[] }).people
}

/** Signs in as a demo person over HTTP (no browser) and returns the session cookie. */
export async function demoCookie(baseUrl: string, personId: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/demo/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ personId }),
  })
  if (res.status !== 200) throw new Error(`demo sign-in answered ${res.status}`)
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ')
}

/** A JSON request with a session cookie, as a script would make it. */
export async function apiAs<T = unknown>(baseUrl: string, cookie: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(baseUrl + path, {
    method,
    headers: { cookie, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  })
  const text = await res.text()
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T }
}

/** Signs in through the home page's demo panel, the way a visitor would, and waits for the platform page. */
export async function signInThroughDemoPanel(page: Page, baseUrl: string, name: string): Promise<void> {
  await page.goto(`${baseUrl}/`)
  await page.getByRole('button', { name: `Sign in as ${name}`, exact: true }).click()
  await page.waitForURL(/\/p\/[^/]+$/)
  // Attached, not visible: on a narrow screen the name is in the header's menu.
  await page.locator('.you-name', { hasText: name }).waitFor({ state: 'attached' })
}
