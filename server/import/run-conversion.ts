/**
 * Where an upload is converted. The built server (`npm start`) converts each
 * file in a worker thread with bounded memory (a document whose conversion
 * would need more is refused, the worker ends, the server does not) and a
 * time limit, at most MAX_CONVERSIONS at once (more: 429), so the relay and
 * the API go on answering while a long document is read. Tests running the
 * TypeScript sources in-process convert in the same thread (a worker needs
 * the compiled file); tests/integration/import-worker.test.ts runs the built
 * server to check the worker.
 */
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { ContentVerdict } from '../documents/import-content-check.js'
import type { ConvertedDocument, ConvertProblem } from './convert.js'

export interface ConversionInput {
  fileName: string
  bytes: Uint8Array
  headingLevel: number
  words: { introduction: string; untitled: string }
}

export type ConversionOutcome =
  | { kind: 'done'; doc: ConvertedDocument; verdicts: ContentVerdict[] }
  | { kind: 'refused'; problem: ConvertProblem }
  | { kind: 'failed'; message: string }
  /** Too many conversions running: try again shortly. */
  | { kind: 'busy' }

const MAX_CONVERSIONS = 2
const WORKER_HEAP_MB = 512
const WORKER_TIME_MS = 30_000

/** The compiled worker next to this file, when this file is itself compiled. */
const workerFile = ((): string | null => {
  const here = fileURLToPath(import.meta.url)
  if (!here.endsWith('.js')) return null
  const file = here.replace(/run-conversion\.js$/, 'convert-worker.js')
  return existsSync(file) ? file : null
})()

export const convertsInWorker = workerFile !== null

let running = 0

export async function runConversion(input: ConversionInput): Promise<ConversionOutcome> {
  if (running >= MAX_CONVERSIONS) return { kind: 'busy' }
  running++
  try {
    return workerFile ? await inWorker(workerFile, input) : await inThisThread(input)
  } finally {
    running--
  }
}

async function inThisThread(input: ConversionInput): Promise<ConversionOutcome> {
  // Loaded here, not at the top: the built server never loads the converter into its main thread.
  const [{ ConvertRefusal, convertFile }, { checkSectionContent }] = await Promise.all([import('./convert.js'), import('../documents/import-content-check.js')])
  try {
    const doc = await convertFile(input.fileName, Buffer.from(input.bytes), input.headingLevel, input.words)
    return { kind: 'done', doc, verdicts: doc.sections.map((s) => checkSectionContent(s.nodes)) }
  } catch (error) {
    if (error instanceof ConvertRefusal) return { kind: 'refused', problem: error.problem }
    throw error
  }
}

function inWorker(file: string, input: ConversionInput): Promise<ConversionOutcome> {
  return new Promise((resolve) => {
    const worker = new Worker(file, {
      workerData: input,
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB, maxYoungGenerationSizeMb: 64, stackSizeMb: 8 },
      stdout: false,
      stderr: false,
    })
    let settled = false
    const settle = (outcome: ConversionOutcome): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      void worker.terminate()
      resolve(outcome)
    }
    // Past the time or the memory granted, the document is too large to import.
    const timer = setTimeout(() => settle({ kind: 'refused', problem: 'tooLarge' }), WORKER_TIME_MS)
    worker.once('message', (outcome: ConversionOutcome) => settle(outcome))
    worker.once('error', (error: Error & { code?: string }) =>
      settle(error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? { kind: 'refused', problem: 'tooLarge' } : { kind: 'failed', message: error.message }),
    )
    worker.once('exit', () => settle({ kind: 'failed', message: 'the conversion ended without an answer' }))
  })
}
