import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, readdirSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startPlank, type RunningPlank } from '../helpers/server.js'

/** The platform route's first load (HTML + the JS and CSS it names), brotli-compressed, in bytes (issue 13). */

interface RawAnswer {
  status: number
  headers: Record<string, string | string[] | undefined>
  /** The bytes on the wire (not decompressed). */
  body: Buffer
}

/** A GET whose body is not decompressed (fetch would undo Content-Encoding). */
function rawGet(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers, method }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end()
  })
}

/** The files index.html makes the browser fetch at once: its module script, module preloads and style sheets. */
function firstLoadAssets(html: string): string[] {
  const urls: string[] = []
  for (const tag of html.matchAll(/<(script|link)\b[^>]*>/g)) {
    const text = tag[0]
    const src = /\b(?:src|href)="([^"]+)"/.exec(text)?.[1]
    if (!src?.startsWith('/assets/')) continue
    if (tag[1] === 'script' || /\brel="(?:modulepreload|stylesheet)"/.test(text)) urls.push(src)
  }
  return urls
}

describe('the built client over HTTP', () => {
  let clientDir: string
  let plank: RunningPlank
  let indexHtml: string
  let initial: string[]
  const cssAsset = (): string => initial.find((u) => u.endsWith('.css'))!
  // The biggest script of the first load (the entry chunk itself is a few hundred bytes: the app is in its imports).
  const jsAsset = (): string =>
    initial.filter((u) => u.endsWith('.js')).sort((a, b) => statSync(join(clientDir, b)).size - statSync(join(clientDir, a)).size)[0]!

  beforeAll(async () => {
    // A build of its own (the real `vite build` with the project's config), so that the test does not depend on
    // whatever dist/client holds, nor disturb it.
    clientDir = mkdtempSync(join(tmpdir(), 'plank-client-'))
    // NODE_ENV=production as in `npm run build:client`: vitest sets it to test, which would build React's development bundle.
    execFileSync('npx', ['vite', 'build', '--outDir', clientDir, '--emptyOutDir', '--logLevel', 'warn'], {
      stdio: 'inherit',
      env: { ...process.env, NODE_ENV: 'production' },
    })
    plank = await startPlank({ config: { clientDir, demo: false } })
    indexHtml = readFileSync(join(clientDir, 'index.html'), 'utf8')
    initial = firstLoadAssets(indexHtml)
  })
  afterAll(async () => {
    await plank?.close()
    rmSync(clientDir, { recursive: true, force: true })
  })

  it('serves brotli when accepted, preferred over gzip, with the original type and bytes', async () => {
    const path = jsAsset()
    const original = readFileSync(join(clientDir, path))
    const res = await rawGet(plank.url + path, { 'accept-encoding': 'gzip, deflate, br' })
    expect(res.status).toBe(200)
    expect(res.headers['content-encoding']).toBe('br')
    expect(res.headers['content-type']).toMatch(/^text\/javascript/)
    expect(res.headers.vary).toMatch(/Accept-Encoding/i)
    expect(res.body.length).toBeLessThan(original.length / 2)
    expect(brotliDecompressSync(res.body).equals(original)).toBe(true)
    // The app's security headers stay on static files.
    expect(res.headers['content-security-policy']).toMatch(/script-src 'self'/)
    expect(res.headers['x-content-type-options']).toBe('nosniff')
  })

  it('answers HEAD and revalidation of a compressed file as of that file', async () => {
    const path = jsAsset()
    const full = await rawGet(plank.url + path, { 'accept-encoding': 'br' })
    const head = await rawGet(plank.url + path, { 'accept-encoding': 'br' }, 'HEAD')
    expect(head.status).toBe(200)
    expect(head.headers['content-encoding']).toBe('br')
    expect(head.headers['content-length']).toBe(String(full.body.length))
    expect(head.body.length).toBe(0)
    const etag = full.headers.etag as string
    expect(etag).toBeTruthy()
    const again = await rawGet(plank.url + path, { 'accept-encoding': 'br', 'if-none-match': etag })
    expect(again.status).toBe(304)
    // The identity file is another representation: its validator differs from the brotli one.
    const plain = await rawGet(plank.url + path)
    expect(plain.headers.etag).not.toBe(etag)
  })

  it('serves gzip when brotli is not accepted (or refused with q=0)', async () => {
    const path = cssAsset()
    const original = readFileSync(join(clientDir, path))
    for (const accept of ['gzip', 'br;q=0, gzip;q=0.8']) {
      const res = await rawGet(plank.url + path, { 'accept-encoding': accept })
      expect(res.status).toBe(200)
      expect(res.headers['content-encoding']).toBe('gzip')
      expect(res.headers['content-type']).toMatch(/^text\/css/)
      expect(res.headers.vary).toMatch(/Accept-Encoding/i)
      expect(gunzipSync(res.body).equals(original)).toBe(true)
    }
  })

  it('serves the file itself when no encoding is accepted', async () => {
    const path = jsAsset()
    const original = readFileSync(join(clientDir, path))
    const noEncoding: Array<Record<string, string>> = [{}, { 'accept-encoding': 'identity' }, { 'accept-encoding': 'br;q=0, gzip;q=0' }]
    for (const headers of noEncoding) {
      const res = await rawGet(plank.url + path, headers)
      expect(res.status).toBe(200)
      expect(res.headers['content-encoding']).toBeUndefined()
      expect(res.headers['content-type']).toMatch(/^text\/javascript/)
      expect(res.headers.vary).toMatch(/Accept-Encoding/i)
      expect(res.body.equals(original)).toBe(true)
    }
  })

  it('caches hashed assets for a year, immutable; index.html and the service worker are revalidated', async () => {
    for (const path of initial) {
      const res = await rawGet(plank.url + path, { 'accept-encoding': 'br' })
      expect(res.headers['cache-control'], path).toBe('public, max-age=31536000, immutable')
    }
    for (const path of ['/', '/index.html', '/p/some-platform', '/p/some-platform/settings', '/sw.js']) {
      for (const accept of ['br', 'gzip', '']) {
        const res = await rawGet(plank.url + path, accept ? { 'accept-encoding': accept } : {})
        expect(res.status, path).toBe(200)
        expect(res.headers['cache-control'], `${path} ${accept}`).toBe('no-cache')
        expect(res.headers['cache-control']).not.toMatch(/immutable/)
      }
    }
    // A content hash can end in "sw" (a build had InboxPanel-JRkEFZsw.js): such an asset is still immutable.
    writeFileSync(join(clientDir, 'assets', 'Panel-JRkEFZsw.js'), 'export {}\n')
    const hashEndingInSw = await rawGet(`${plank.url}/assets/Panel-JRkEFZsw.js`, {})
    expect(hashEndingInSw.status).toBe(200)
    expect(hashEndingInSw.headers['cache-control']).toBe('public, max-age=31536000, immutable')
  })

  it('answers every shared link with index.html, compressed when accepted; other paths are 404', async () => {
    for (const path of ['/', '/signin', '/p/abc', '/p/abc/signoff', '/p/abc/sessions']) {
      const res = await rawGet(plank.url + path, { 'accept-encoding': 'br, gzip' })
      expect(res.status, path).toBe(200)
      expect(res.headers['content-encoding']).toBe('br')
      expect(res.headers['content-type']).toMatch(/^text\/html/)
      expect(brotliDecompressSync(res.body).toString('utf8')).toBe(indexHtml)
      expect(res.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/)
    }
    const plain = await rawGet(`${plank.url}/p/abc`)
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(plain.body.toString('utf8')).toBe(indexHtml)
    for (const path of ['/nope', '/pp/abc', '/assets/none-XXXX.js']) {
      const res = await rawGet(plank.url + path, { 'accept-encoding': 'br' })
      expect(res.status, path).toBe(404)
    }
  })

  it('never serves source maps, nor the compressed files by their own names', async () => {
    const js = readFileSync(join(clientDir, jsAsset()), 'utf8')
    expect(js).not.toMatch(/sourceMappingURL/)
    expect(readdirSync(join(clientDir, 'assets')).filter((f) => f.endsWith('.map'))).toEqual([])
    // A map left in the folder (a debug build) is still not published.
    const mapPath = `${jsAsset()}.map`
    writeFileSync(join(clientDir, mapPath), '{"version":3,"sources":["secret.ts"],"mappings":""}')
    for (const path of [mapPath, mapPath.toUpperCase().replace('/ASSETS/', '/assets/'), `${jsAsset()}.br`, `${jsAsset()}.gz`, '/index.html.br']) {
      const res = await rawGet(plank.url + path, { 'accept-encoding': 'br, gzip' })
      expect(res.status, path).toBe(404)
      expect(res.body.toString('utf8')).not.toMatch(/secret\.ts/)
    }
  })

  // Issue 13's budget (also a figure of `npm run bench`, bench/scenarios/first-load.ts): what index.html names is
  // what the platform route fetches before it is editable (tests/e2e/first-load.test.ts counts it in Chromium).
  it('serves every file of the platform route’s first load (HTML + the JS and CSS it names) brotli-compressed, within 250,000 bytes', async () => {
    expect(initial.length).toBeGreaterThan(1)
    const sizes: Record<string, number> = {}
    const html = await rawGet(`${plank.url}/p/abc`, { 'accept-encoding': 'br, gzip' })
    sizes['index.html'] = html.body.length
    for (const path of initial) {
      const res = await rawGet(plank.url + path, { 'accept-encoding': 'br, gzip' })
      expect(res.status, path).toBe(200)
      expect(res.headers['content-encoding'], path).toBe('br')
      sizes[path] = res.body.length
    }
    const total = Object.values(sizes).reduce((sum, n) => sum + n, 0)
    console.log(`first load of /p/<id>: ${total} bytes (brotli) in ${initial.length + 1} files`, sizes)
    expect(total).toBeLessThanOrEqual(250_000)
  })

  it('leaves the screens that load on demand, the platform page’s optional pieces and the Spanish messages out of its first load', async () => {
    // Each is a chunk of its own, not named by index.html.
    const assets = readdirSync(join(clientDir, 'assets'))
    const onDemand = ['SettingsPage', 'SignoffPage', 'SessionsPage', 'ProjectorPage', 'Home']
    // client/src/platform/lazy-parts.ts and the catalog index.tsx fetches when Spanish is chosen.
    const pieces = ['FindReplace', 'paste-html', 'LinkEditor', 'InboxPanel', 'ReviewPanel', 'DiffView', 'SessionPanels', 'SignInScreen', 'es-catalog']
    for (const screen of [...onDemand, ...pieces]) {
      expect(
        assets.some((file) => file.startsWith(`${screen}-`) && file.endsWith('.js')),
        screen,
      ).toBe(true)
      expect(
        initial.some((url) => url.startsWith(`/assets/${screen}-`)),
        screen,
      ).toBe(false)
    }
  })
})
