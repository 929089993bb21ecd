import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createPlank, type Plank } from '../../server/app.js'
import { configFromEnv, type PlankConfig } from '../../server/config.js'

export interface RunningPlank {
  plank: Plank
  url: string
  /** Base for `new WebsocketProvider(wsUrl, platformId, doc)`. */
  wsUrl: string
  port: number
  dataDir: string
  sample: { platformId: string; sectionIds: string[] }
  close(): Promise<void>
}

export const builtClientDir = resolve('dist/client')

export const tempDataDir = (): string => mkdtempSync(join(tmpdir(), 'plank-test-'))

/**
 * Starts the real server in this process on a free port, with a real SQLite
 * file in a temporary folder (reused if `dataDir` is given, to test restarts).
 */
export async function startPlank(
  options: { dataDir?: string; config?: Partial<PlankConfig>; keepData?: boolean } = {},
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
  const plank = await createPlank(config)
  const platform = plank.store.listPlatforms()[0]
  const sample = platform
    ? { platformId: platform.id, sectionIds: plank.store.listSections(platform.id).map((s) => s.id) }
    : { platformId: '', sectionIds: [] }
  const url = `http://127.0.0.1:${plank.port}`
  return {
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
