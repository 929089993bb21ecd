import { existsSync } from 'node:fs'
import { stat } from 'node:fs/promises'
import { extname, join, resolve, sep } from 'node:path'
import express, { Router, type Request, type Response } from 'express'

/** A precompressed variant the build writes beside a file (build/precompress-plugin.ts), best first. */
const VARIANTS = [
  { encoding: 'br', suffix: '.br' },
  { encoding: 'gzip', suffix: '.gz' },
] as const
type Variant = (typeof VARIANTS)[number]

/** Content types of the files that have variants (the type of the original, not of the .br/.gz file). */
const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.svg': 'image/svg+xml',
}

/**
 * Files that are never served by their own name, built or not: source maps (they would publish the
 * source) and the compressed variants (served only in place of their original). The SPA routes below still apply.
 */
const NOT_SERVED = /\.(?:map|br|gz)$/i

/** Hashed build output (`/assets/<name>-<hash>.<ext>`): its name changes whenever its bytes do. */
const IMMUTABLE = 'public, max-age=31536000, immutable'

/**
 * The encodings the request accepts (q > 0), from Accept-Encoding. `*`
 * stands for any encoding not named; `identity` is always acceptable here.
 */
export function acceptedEncodings(header: string | undefined): Set<string> {
  const named = new Map<string, number>()
  for (const part of (header ?? '').split(',')) {
    const [token, ...params] = part.trim().toLowerCase().split(';')
    if (!token) continue
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='))
    const quality = q === undefined ? 1 : Number(q.slice(2))
    named.set(token, Number.isFinite(quality) ? quality : 0)
  }
  const accepted = new Set<string>()
  for (const { encoding } of VARIANTS) {
    const quality = named.get(encoding) ?? named.get('*') ?? 0
    if (quality > 0) accepted.add(encoding)
  }
  return accepted
}

const isFile = async (path: string): Promise<boolean> => (await stat(path).catch(() => null))?.isFile() ?? false

/**
 * The file a request path names inside `clientDir`, or null: outside it, a
 * dot segment (what express.static also refuses), or undecodable.
 */
function fileOf(clientDir: string, urlPath: string): string | null {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath)
  } catch {
    return null
  }
  if (decoded.includes('\0') || decoded.split('/').some((segment) => segment.startsWith('.'))) return null
  const path = resolve(clientDir, `.${decoded}`)
  return path.startsWith(clientDir + sep) ? path : null
}

/**
 * Sends `file` as the best variant the request accepts: brotli, then gzip,
 * else the file itself. The answer varies by Accept-Encoding whenever the
 * file has a variant, so caches keep one copy per encoding.
 */
async function sendNegotiated(req: Request, res: Response, file: string, cacheControl: string | null): Promise<boolean> {
  const type = CONTENT_TYPES[extname(file)]
  if (!type) return false
  const present: Variant[] = []
  for (const variant of VARIANTS) if (await isFile(file + variant.suffix)) present.push(variant)
  if (present.length === 0) return false
  const accepted = acceptedEncodings(req.headers['accept-encoding'])
  const chosen = present.find((variant) => accepted.has(variant.encoding))
  res.setHeader('Vary', 'Accept-Encoding')
  res.setHeader('Content-Type', type)
  if (cacheControl) res.setHeader('Cache-Control', cacheControl)
  if (!chosen) return false
  res.setHeader('Content-Encoding', chosen.encoding)
  await new Promise<void>((done, fail) => {
    // A byte range of compressed bytes means nothing to the client: whole answers only.
    res.sendFile(file + chosen.suffix, { acceptRanges: false, cacheControl: false, dotfiles: 'deny' }, (error) => (error ? fail(error) : done()))
  })
  return true
}

/** Cache-Control of a built file, by its path inside clientDir. */
function cacheControlOf(clientDir: string, file: string): string | null {
  if (file === join(clientDir, 'sw.js') || file.endsWith('.html')) return 'no-cache'
  if (file.startsWith(join(clientDir, 'assets') + sep)) return IMMUTABLE
  return null
}

/**
 * Serves the built client. Shared links (`/`, `/p/<platformId>`) all load
 * index.html; the client routes from there. The service worker must not be
 * cached long, or a fixed client would never reach people; index.html is
 * revalidated each time (it names the hashed files of the current build),
 * while hashed files are cached for a year. Files come precompressed when
 * the request accepts it. Source maps are never served, built or not.
 */
export function staticClientRouter(clientDir: string): Router {
  const router = Router()
  const root = resolve(clientDir)
  const index = join(root, 'index.html')
  router.use(async (req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || NOT_SERVED.test(req.path)) return next()
    const file = fileOf(root, req.path)
    if (!file || !(await isFile(file))) return next()
    try {
      if (!(await sendNegotiated(req, res, file, cacheControlOf(root, file)))) next()
    } catch (error) {
      next(error)
    }
  })
  const serveStatic = express.static(root, {
    index: false,
    setHeaders(res, path) {
      const cacheControl = cacheControlOf(root, path)
      if (cacheControl) res.setHeader('Cache-Control', cacheControl)
    },
  })
  router.use((req, res, next) => (NOT_SERVED.test(req.path) ? next() : serveStatic(req, res, next)))
  router.get(['/', '/signin', '/setup', '/invite', '/p/:platformId', '/p/:platformId/{*view}'], async (req, res, next) => {
    if (!existsSync(index)) return next()
    try {
      if (await sendNegotiated(req, res, index, 'no-cache')) return
    } catch (error) {
      return next(error)
    }
    res.setHeader('Cache-Control', 'no-cache')
    res.sendFile(index)
  })
  return router
}
