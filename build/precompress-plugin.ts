import { readdir, readFile, stat, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { brotliCompress, constants, gzip } from 'node:zlib'
import { promisify } from 'node:util'
import type { Plugin } from 'vite'

const brotli = promisify(brotliCompress)
const gzipAsync = promisify(gzip)

/** The text assets worth compressing; images other than SVG and fonts are compressed already. */
export const PRECOMPRESSED_EXTENSIONS = ['.js', '.css', '.html', '.svg'] as const

const compressible = (file: string): boolean => PRECOMPRESSED_EXTENSIONS.some((ext) => file.endsWith(ext))

async function* filesUnder(dir: string): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) yield* filesUnder(path)
    else if (entry.isFile()) yield path
  }
}

/**
 * Writes `<file>.br` (brotli, quality 11) and `<file>.gz` (gzip, level 9)
 * beside every JS, CSS, HTML and SVG file of the build, once everything is
 * written (public files such as sw.js included). Compressing once at build
 * time lets the server use the slowest, smallest settings without spending
 * CPU per request (server/http/static-client.ts picks the variant). A variant
 * that is not smaller than the original is not written: identity is served.
 */
export async function precompressDir(dir: string): Promise<void> {
  const jobs: Promise<void>[] = []
  for await (const file of filesUnder(dir)) {
    if (!compressible(file)) continue
    jobs.push(
      (async () => {
        const source = await readFile(file)
        const size = (await stat(file)).size
        const [br, gz] = await Promise.all([
          brotli(source, {
            params: {
              [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
              [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
              [constants.BROTLI_PARAM_SIZE_HINT]: size,
            },
          }),
          gzipAsync(source, { level: 9 }),
        ])
        if (br.length < size) await writeFile(`${file}.br`, br)
        if (gz.length < size) await writeFile(`${file}.gz`, gz)
      })(),
    )
  }
  await Promise.all(jobs)
}

/** The Vite plugin: precompresses the output folder at the end of `vite build`. */
export function precompress(): Plugin {
  let outDir = ''
  return {
    name: 'plank-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir)
    },
    async closeBundle() {
      await precompressDir(outDir)
    },
  }
}
