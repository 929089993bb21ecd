/**
 * The conversion of one uploaded file, in a worker thread of its own
 * (run-conversion.ts): mammoth, the HTML parse and ProseMirror's parser are
 * synchronous and take seconds on a long document, which on the main thread
 * would stall every platform's relay; here they take a core of their own,
 * within the memory and time the parent grants.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { checkSectionContent } from '../documents/import-content-check.js'
import { ConvertRefusal, convertFile } from './convert.js'
import type { ConversionInput, ConversionOutcome } from './run-conversion.js'

async function run(input: ConversionInput): Promise<ConversionOutcome> {
  try {
    const doc = await convertFile(input.fileName, Buffer.from(input.bytes), input.headingLevel, input.words)
    return { kind: 'done', doc, verdicts: doc.sections.map((s) => checkSectionContent(s.nodes)) }
  } catch (error) {
    if (error instanceof ConvertRefusal) return { kind: 'refused', problem: error.problem }
    return { kind: 'failed', message: error instanceof Error ? error.message : String(error) }
  }
}

parentPort?.postMessage(await run(workerData as ConversionInput))
