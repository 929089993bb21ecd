import { readFile, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import type { Plugin } from 'vite'

/**
 * The line of client/public/sw.js this plugin fills in (`const BUILD_ASSETS = []`); the build fails if it is
 * not there. Matched with whatever list it holds, so that filling it in twice (two builds into one folder) is harmless.
 */
const SW_ASSETS_LINE = /^const BUILD_ASSETS = \[.*\]$/m

/**
 * Tells the service worker every JS and CSS file of the build. Since the
 * screens other than the platform page load on demand, index.html no longer
 * names every file: without this list the worker would neither keep those
 * chunks for offline use nor spare them when it drops an older deployment's
 * files. The list also makes each deployment's sw.js differ, so browsers
 * install the new worker (and its fresh cache) when the client changes.
 */
export function swAssets(): Plugin {
  let outDir = ''
  return {
    name: 'plank-sw-assets',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir)
    },
    async writeBundle(_options, bundle) {
      const assets = Object.keys(bundle)
        .filter((file) => file.startsWith('assets/') && /\.(?:js|css)$/.test(file))
        .sort()
        .map((file) => `/${file}`)
      const swPath = join(outDir, 'sw.js')
      const source = await readFile(swPath, 'utf8')
      if (!SW_ASSETS_LINE.test(source)) throw new Error(`${swPath}: no "const BUILD_ASSETS = []" line to fill in`)
      await writeFile(swPath, source.replace(SW_ASSETS_LINE, `const BUILD_ASSETS = ${JSON.stringify(assets)}`))
    },
  }
}
