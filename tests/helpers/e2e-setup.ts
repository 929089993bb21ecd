/**
 * What e2e files start and end with: a fresh Plank and a Chromium, and the
 * demo coalition as its facilitator Maya Okafor sees it.
 */
import { afterAll, beforeAll, expect } from 'vitest'
import { apiAs, demoCookie, demoPeople, personNamed, TestBrowser, type DemoPerson, type PlatformInfo } from './browser.js'
import { startPlank, type RunningPlank } from './server.js'

/** A fresh server (options as startPlank's) and a browser. */
export async function startPlankAndBrowser(options?: Parameters<typeof startPlank>[0]): Promise<{ plank: RunningPlank; chromium: TestBrowser }> {
  const plank = await startPlank(options)
  const chromium = await TestBrowser.launch()
  return { plank, chromium }
}

/** For afterAll: either may be missing when beforeAll failed part way. */
export async function closeBrowserAndPlank(chromium: TestBrowser | undefined, plank: RunningPlank | undefined): Promise<void> {
  await chromium?.close()
  await plank?.close()
}

export interface DemoWorld {
  people: DemoPerson[]
  maya: DemoPerson
  mayaCookie: string
  /** The sample platform, as the facilitator reads it over the API. */
  info: PlatformInfo
}

/** The demo people, the facilitator's session cookie and the sample platform. */
export async function demoWorld(plank: RunningPlank): Promise<DemoWorld> {
  const people = await demoPeople(plank.url)
  const maya = personNamed(people, 'Maya Okafor')
  const mayaCookie = await demoCookie(plank.url, maya.id)
  const res = await apiAs<PlatformInfo>(plank.url, mayaCookie, 'GET', `/api/platforms/${plank.sample.platformId}`)
  expect(res.status).toBe(200)
  return { people, maya, mayaCookie, info: res.body }
}

/**
 * Registers a file's beforeAll and afterAll: a fresh Plank, a browser and the
 * demo world, handed to `take` (which assigns the file's variables), and both closed after.
 */
export function setUpDemoWorld(take: (world: { plank: RunningPlank; chromium: TestBrowser } & DemoWorld) => void): void {
  let started: { plank: RunningPlank; chromium: TestBrowser } | undefined
  beforeAll(async () => {
    started = await startPlankAndBrowser()
    take({ ...started, ...(await demoWorld(started.plank)) })
  })
  afterAll(() => closeBrowserAndPlank(started?.chromium, started?.plank))
}
