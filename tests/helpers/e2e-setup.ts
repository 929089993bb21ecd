/**
 * What e2e files start and end with: a fresh Plank and a Chromium, and the
 * demo coalition as its facilitator Maya Okafor sees it.
 */
import type { Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, expect } from 'vitest'
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

/** Everything an e2e file works with: the server, the browser and the demo world. */
export interface E2EWorld extends DemoWorld {
  plank: RunningPlank
  chromium: TestBrowser
}

export interface E2EWorldOptions {
  /** As startPlank's options. */
  start?: Parameters<typeof startPlank>[0]
  /** Closes every page after each test, for files whose pages would otherwise reach into the next test (carets, open dialogs). */
  closeContextsAfterEach?: boolean
}

/** Every field of E2EWorld: a Record, so that a field added to it cannot be left without its getter. */
const WORLD_FIELDS: Record<keyof E2EWorld, true> = { plank: true, chromium: true, people: true, maya: true, mayaCookie: true, info: true }

/**
 * Registers a file's hooks and returns its world, one line instead of a
 * `let` per variable and the hooks that fill them in. The fields are read
 * from beforeAll on; read earlier (at the top of the file) they throw, where
 * an unassigned `let` would have been undefined without a word.
 */
export function e2eWorld(options: E2EWorldOptions = {}): E2EWorld {
  let started: { plank: RunningPlank; chromium: TestBrowser } | undefined
  let world: E2EWorld | undefined
  beforeAll(async () => {
    started = await startPlankAndBrowser(options.start)
    world = { ...started, ...(await demoWorld(started.plank)) }
  })
  if (options.closeContextsAfterEach) afterEach(() => world?.chromium.closeContexts())
  afterAll(() => closeBrowserAndPlank(started?.chromium, started?.plank))
  // A getter per field: the object is handed out before beforeAll has run.
  const read = <K extends keyof E2EWorld>(key: K): E2EWorld[K] => {
    if (!world) throw new Error(`e2eWorld: ${key} read before beforeAll set the world up`)
    return world[key]
  }
  const handle = {} as E2EWorld // every field is defined just below, as a getter
  for (const key of Object.keys(WORLD_FIELDS) as Array<keyof E2EWorld>) Object.defineProperty(handle, key, { enumerable: true, get: () => read(key) })
  return handle
}

/**
 * A fresh device signed in as the demo person `name`, its interface in
 * `locale` (as if chosen on this device before); page errors are logged with the name.
 */
export async function demoPersonPage(world: E2EWorld, name: string, locale: 'en' | 'es' = 'en'): Promise<Page> {
  const cookie = await demoCookie(world.plank.url, personNamed(world.people, name).id)
  const { page } = await world.chromium.newPage({ cookie: { baseUrl: world.plank.url, cookie } })
  if (locale !== 'en') await page.addInitScript((l) => localStorage.setItem('plank:locale', l), locale)
  page.on('pageerror', (error) => console.error(`[${name}] page error:`, error))
  return page
}
