import { Worker } from 'node:worker_threads'

/**
 * SQLite folds the write-ahead log back into the database file at
 * checkpoints. Left automatic, a checkpoint runs inside whichever write
 * crosses the threshold and stalls the relay for tens of milliseconds (seen
 * every ~330 updates in the benchmark). Instead the main connection turns
 * automatic checkpoints off and this worker thread, with its own connection,
 * runs PASSIVE checkpoints (which never block writers) every interval.
 */
const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads')
const Database = require(workerData.driver)
const db = new Database(workerData.file)
db.pragma('busy_timeout = 1000')
const checkpoint = () => { try { db.pragma('wal_checkpoint(PASSIVE)') } catch { /* busy: next time */ } }
const timer = setInterval(checkpoint, workerData.intervalMs)
parentPort.on('message', (message) => {
  if (message === 'close') { clearInterval(timer); checkpoint(); db.close(); parentPort.postMessage('closed') }
})
`

export interface Checkpointer {
  close(): Promise<void>
}

export function startCheckpointer(file: string, intervalMs = 1000): Checkpointer {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { file, intervalMs, driver: require_resolve('better-sqlite3') },
  })
  worker.unref()
  let closing: Promise<void> | null = null
  return {
    close() {
      closing ??= new Promise<void>((resolve) => {
        const done = (): void => {
          void worker.terminate().then(() => resolve())
        }
        worker.once('message', done)
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
