import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createPlank, type Plank, type PlankOptions } from '../../server/app.js'
import { configFromEnv, type PlankConfig } from '../../server/config.js'
import { demoCookie } from './http.js'

export interface DemoPerson {
  id: string
  name: string
  role: string
  orgId: string | null
  platformId: string
}

export interface RunningPlank {
  plank: Plank
  url: string
  /** Base for `new WebsocketProvider(wsUrl, platformId, doc)`. */
  wsUrl: string
  port: number
  dataDir: string
  sample: { platformId: string; sectionIds: string[] }
  /** The sample platform's demo people (empty when demo mode is off). */
  people: DemoPerson[]
  /** Signs in as a demo person; returns the Cookie header value. */
  cookieFor(personId: string): Promise<string>
  /** A demo person by role, and for delegates and board reps by the organization owning `sectionId`. */
  person(role: string, options?: { ownerOf?: string; notOwnerOf?: string }): DemoPerson
  close(): Promise<void>
}

/** The built client the test servers serve; PLANK_TEST_CLIENT_DIR lets parallel work build its own copy. */
export const builtClientDir = resolve(process.env.PLANK_TEST_CLIENT_DIR ?? 'dist/client')

export const tempDataDir = (): string => mkdtempSync(join(tmpdir(), 'plank-test-'))

/**
 * Starts the real server in this process on a free port, with a real SQLite
 * file in a temporary folder (reused if `dataDir` is given, to test restarts).
 */
export async function startPlank(
  options: { dataDir?: string; config?: Partial<PlankConfig>; keepData?: boolean; plankOptions?: PlankOptions } = {},
): Promise<RunningPlank> {
  const dataDir = options.dataDir ?? tempDataDir()
  const config: PlankConfig = {
    ...configFromEnv({}, { clientDir: builtClientDir }),
    port: 0,
    host: '127.0.0.1',
    dataDir,
    log: () => {},
    ...options.config,
  }
  const plank = await createPlank(config, options.plankOptions)
  const platform = plank.store.listPlatforms()[0]
  const sample = platform ? { platformId: platform.id, sectionIds: plank.store.listSections(platform.id).map((s) => s.id) } : { platformId: '', sectionIds: [] }
  const url = `http://127.0.0.1:${plank.port}`
  const people: DemoPerson[] = config.demo ? ((await (await fetch(`${url}/api/demo/people`)).json()) as { people: DemoPerson[] }).people : []
  const ownerOf = (sectionId: string): string | null => plank.store.getSection(sample.platformId, sectionId)?.ownerOrgId ?? null
  return {
    people,
    cookieFor: (personId) => demoCookie(url, personId),
    person(role, options = {}) {
      const found = people.find(
        (p) =>
          p.role === role &&
          (options.ownerOf === undefined || p.orgId === ownerOf(options.ownerOf)) &&
          (options.notOwnerOf === undefined || p.orgId !== ownerOf(options.notOwnerOf)),
      )
      if (!found) throw new Error(`no demo ${role} matching ${JSON.stringify(options)}`)
      return found
    },
    plank,
    url,
    wsUrl: `ws://127.0.0.1:${plank.port}/ws`,
    port: plank.port,
    dataDir,
    sample,
    async close() {
      await plank.close()
      if (!options.keepData && !options.dataDir) rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
