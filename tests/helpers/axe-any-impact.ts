import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { expect } from 'vitest'
import type { Page } from 'playwright-core'
import { describeViolations, type AxeViolation } from './browser.js'

/** Runs axe-core in the page (or the part `include` selects) and returns every violation, whatever its impact. */
export async function axeViolations(page: Page, include?: string): Promise<AxeViolation[]> {
  // Evaluated over the DevTools protocol, as seriousAxeViolations does: the app's CSP blocks inline scripts.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(readFileSync(resolve('node_modules/axe-core/axe.min.js'), 'utf8'))
  return page.evaluate(async (selector) => {
    const axe = (window as unknown as { axe: { run: (context?: unknown) => Promise<{ violations: unknown[] }> } }).axe
    const result = await axe.run(selector === null ? document : { include: [selector] })
    return result.violations as AxeViolation[]
  }, include ?? null)
}

/** Fails on any axe violation (minor and moderate too) in the page or the part `include` selects. */
export async function expectNoAxeViolations(page: Page, include?: string): Promise<void> {
  const violations = await axeViolations(page, include)
  expect(violations, describeViolations(violations)).toEqual([])
}
