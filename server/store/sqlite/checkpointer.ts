import { Worker } from 'node:worker_threads'

/**
 * SQLite folds the write-ahead log back into the database file at
 * checkpoints. Left automatic, a checkpoint runs inside whichever write
 * crosses the threshold and stalls the relay for tens of milliseconds (seen
 * every ~330 updates in the benchmark). Instead the main connection turns
 * automatic checkpoints off and this worker thread, with its own connection,
 * checkpoints off the relay's event loop:
 * - every `intervalMs`, a PASSIVE checkpoint (never blocks writers);
 * - PASSIVE alone never resets the log while writes keep coming (each one
 *   starts before the last write ended, so it is never complete, and the log
 *   only grows: 3.5 GB in the trace replay of issue 12). So every
 *   `sizeCheckMs` the worker looks at the log's size, and once it exceeds
 *   `truncateAtBytes` it runs a PASSIVE checkpoint (the bulk of the copying,
 *   without blocking anyone) and then a TRUNCATE one, which waits for the
 *   current write, copies the few pages written since, and empties the log.
 *   Writers on the main thread wait (busy_timeout) only for that last step.
 * Its connection reads nothing but the log, so its page cache is kept small.
 */
const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads')
const { statSync } = require('node:fs')
const Database = require(workerData.driver)
const db = new Database(workerData.file)
db.pragma('busy_timeout = 1000')
db.pragma('cache_size = -512')
db.pragma('journal_size_limit = ' + workerData.truncateAtBytes)
const walSize = () => statSync(workerData.file + '-wal', { throwIfNoEntry: false })?.size ?? 0
const checkpoint = (mode) => {
  try { db.pragma('wal_checkpoint(' + mode + ')') } catch { /* busy: next time */ }
}
let sinceCheckpoint = 0
const tick = () => {
  sinceCheckpoint += workerData.sizeCheckMs
  if (walSize() > workerData.truncateAtBytes) {
    checkpoint('PASSIVE')
    checkpoint('TRUNCATE')
    sinceCheckpoint = 0
  } else if (sinceCheckpoint >= workerData.intervalMs) {
    checkpoint('PASSIVE')
    sinceCheckpoint = 0
  }
}
const timer = setInterval(tick, workerData.sizeCheckMs)
parentPort.on('message', (message) => {
  if (message === 'close') { clearInterval(timer); checkpoint('PASSIVE'); db.close(); parentPort.postMessage('closed') }
})
`

export interface CheckpointerOptions {
  /** The log is emptied (TRUNCATE checkpoint) soon after it grows past this. */
  truncateAtBytes: number
  /** How often a PASSIVE checkpoint runs. */
  intervalMs?: number
  /** How often the log's size is looked at. */
  sizeCheckMs?: number
}

export interface Checkpointer {
  close(): Promise<void>
}

export function startCheckpointer(file: string, options: CheckpointerOptions): Checkpointer {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    // It only runs pragmas: a small heap (the default would reserve as much as the relay's, ~16 MB of RSS).
    resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 2, stackSizeMb: 1 },
    workerData: {
      file,
      truncateAtBytes: options.truncateAtBytes,
      intervalMs: options.intervalMs ?? 1000,
      sizeCheckMs: options.sizeCheckMs ?? 100,
      driver: require_resolve('better-sqlite3'),
    },
  })
  worker.unref()
  let closing: Promise<void> | null = null
  return {
    close() {
      closing ??= new Promise<void>((resolve) => {
        const done = (): void => {
          void worker.terminate().then(() => resolve())
        }
        worker.on('message', (message) => {
          if (message === 'closed') done()
        })
        worker.once('error', done)
        worker.postMessage('close')
        setTimeout(done, 2000).unref()
      })
      return closing
    },
  }
}

// The worker is CommonJS source; it needs the driver's resolved path from this ES module.
import { createRequire } from 'node:module'
const require_resolve = (name: string): string => createRequire(import.meta.url).resolve(name)
