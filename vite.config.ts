import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'
import { icuCatalogs } from './build/icu-catalogs-plugin.js'
import { precompress } from './build/precompress-plugin.js'
import { swAssets } from './build/sw-assets-plugin.js'

/**
 * Libraries in chunks of their own: they change far less often than the app,
 * so a deploy that changes only app code leaves them cached (their hashed
 * names stay the same). Every group here is used by the platform page. A
 * group takes the dependencies of its modules along, so the Yjs group (which
 * the editor's collaboration binding imports) must outrank the editor's.
 */
const VENDOR_GROUPS: { name: string; test: RegExp; priority: number }[] = [
  { name: 'react', priority: 3, test: /node_modules[\\/](?:react|react-dom|scheduler)[\\/]/ },
  { name: 'editor', priority: 1, test: /node_modules[\\/](?:@tiptap|prosemirror-[^\\/]+|linkifyjs|orderedmap|rope-sequence|w3c-keyname|fast-equals)[\\/]/ },
  { name: 'yjs', priority: 2, test: /node_modules[\\/](?:yjs|lib0|y-websocket|y-protocols|y-indexeddb)[\\/]/ },
]

/**
 * The app's own modules that the platform page loads at once, in one chunk:
 * left to the automatic chunking, the modules the on-demand pieces share with
 * it became a dozen small chunks, each compressed on its own and each a
 * request (issue 13's first-load budget counts both).
 */
const FIRST_LOAD_APP = {
  name: 'app',
  priority: 0,
  tags: ['$initial' as const],
  // The entry module stays the entry chunk (index.html's one script; the rest are its module preloads).
  test: (id: string) => /[\\/](?:client[\\/]src|shared)[\\/]/.test(id) && !/[\\/]client[\\/]src[\\/]main\.tsx$/.test(id),
}

// The client lives in client/; the server serves the built files from dist/client.
export default defineConfig({
  root: 'client',
  // swAssets writes into sw.js when the bundle is written; precompress runs after (closeBundle), on the final files.
  plugins: [icuCatalogs(), react(), swAssets(), precompress()],
  resolve: {
    alias: {
      // The catalogs arrive compiled (icuCatalogs): the browser formats messages without the ICU parser.
      '@formatjs/icu-messageformat-parser': '@formatjs/icu-messageformat-parser/lib/no-parser.js',
      // tslib's ESM entry wraps its CommonJS build, which cannot be tree-shaken (18 KB for three helpers); its .mjs can.
      tslib: 'tslib/tslib.es6.mjs',
    },
  },
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    // No public source maps (the 4 MB map published the whole source); the server never serves *.map either.
    sourcemap: false,
    // Every browser the build targets (baseline, widely available) has <link rel="modulepreload">: no polyfill in the entry.
    modulePreload: { polyfill: false },
    rolldownOptions: {
      // Creating a Tiptap extension has no side effect: one nobody uses (the undo/redo that StarterKit's package
      // defines beside the ones we take) is left out, with what only it imports (prosemirror-history).
      treeshake: { manualPureFunctions: ['Extension', 'Node', 'Mark'] },
      output: { codeSplitting: { groups: [...VENDOR_GROUPS, FIRST_LOAD_APP] } },
    },
  },
  server: { proxy: { '/api': 'http://localhost:3000', '/ws': { target: 'ws://localhost:3000', ws: true } } },
})
