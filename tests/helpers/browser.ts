import { mkdirSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'

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
  return page.evaluate(() => [...(window as unknown as { __plankStatusLog?: string[] }).__plankStatusLog ?? []])
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
  return res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ')
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
  await page.goto(baseUrl + '/')
  await page.getByRole('button', { name: `Sign in as ${name}`, exact: true }).click()
  await page.waitForURL(/\/p\/[^/]+$/)
  await page.locator('.you-name', { hasText: name }).waitFor()
}
