import { createRequire } from 'node:module'
import { MessageChannel, receiveMessageOnPort, type MessagePort, Worker } from 'node:worker_threads'
import type { SqlValue } from '../sql-database.js'

/**
 * One PostgreSQL connection that answers synchronously, so that the store
 * keeps the interface (and the promises) it has on SQLite: a write has
 * committed when the call returns, and the relay stores an update before
 * relaying it in one synchronous step.
 *
 * The connection lives in a worker thread running `pg`; the calling thread
 * posts a query and sleeps on a shared word (Atomics.wait) until the worker
 * has posted the answer, which it then takes off the port with
 * receiveMessageOnPort. The cost is the query's round trip, as with
 * better-sqlite3's fsync: the instance's event loop waits for it. Instances
 * scale out; one instance does one query at a time.
 */

export interface QueryResult {
  rows: Array<Record<string, unknown>>
  rowCount: number
}

/** The database did not answer in time, or the connection broke: the call is refused, nothing is assumed stored. */
export class PostgresUnavailable extends Error {}

interface Answer {
  id: number
  result?: QueryResult
  error?: { message: string; code?: string }
}

// The worker's source, evaluated as CommonJS so that it runs the same from the built server and
// from tests that import the TypeScript. int8 and numeric come back as numbers: every integer the
// store keeps (sequence numbers, timestamps in ms, Yjs client ids) is below 2^53.
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads')
const pg = require(workerData.driver)
pg.types.setTypeParser(20, (v) => Number(v))
pg.types.setTypeParser(1700, (v) => Number(v))
const { port, flag, url, statementTimeoutMs } = workerData
let client = null
// Inside a transaction, a replaced connection must not take the transaction's remaining
// statements: they would each commit alone. PostgreSQL rolled the transaction back with its
// connection, so every statement is refused until the caller's ROLLBACK ends it.
let inTransaction = false
let lost = false
const lose = (c) => {
  if (client !== c) return
  client = null
  if (inTransaction) lost = true
}
async function connection() {
  if (client) return client
  const next = new pg.Client({ connectionString: url, statement_timeout: statementTimeoutMs, application_name: 'plank' })
  next.on('error', () => lose(next))
  await next.connect()
  client = next
  return client
}
const EMPTY = { rows: [], rowCount: 0 }
const LOST = { message: 'the connection to PostgreSQL was lost inside a transaction; none of it was committed', code: '08006' }
port.on('message', async ({ id, text, values }) => {
  let answer
  if (lost) {
    if (text === 'ROLLBACK') {
      lost = false
      inTransaction = false
      answer = { id, result: EMPTY }
    } else answer = { id, error: LOST }
  } else {
    try {
      const c = await connection()
      const r = await c.query({ text, values })
      if (/^BEGIN/i.test(text)) inTransaction = true
      else if (text === 'COMMIT' || text === 'ROLLBACK') inTransaction = false
      answer = { id, result: { rows: r.rows, rowCount: r.rowCount ?? 0 } }
    } catch (error) {
      // A broken connection is replaced at the next query; a refused statement keeps it.
      if (client && (!error.code || error.code.startsWith('08') || error.code === '57P01')) {
        const broken = client
        lose(broken)
        broken.end().catch(() => {})
      }
      answer = { id, error: { message: String(error.message), code: error.code } }
    }
  }
  port.postMessage(answer)
  Atomics.store(flag, 0, 1)
  Atomics.notify(flag, 0)
})
`

export class SyncConnection {
  private worker: Worker
  private port: MessagePort
  private readonly flag = new Int32Array(new SharedArrayBuffer(4))
  private nextId = 1
  /** The caller is inside BEGIN … COMMIT/ROLLBACK (as the statements sent say). */
  private inTransaction = false
  /** The worker was replaced inside a transaction: refuse its statements until ROLLBACK, as the worker does. */
  private lostTransaction = false

  constructor(
    private readonly url: string,
    private readonly options: { answerTimeoutMs: number },
  ) {
    ;({ worker: this.worker, port: this.port } = this.startWorker())
  }

  private startWorker(): { worker: Worker; port: MessagePort } {
    const { port1, port2 } = new MessageChannel()
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        driver: createRequire(import.meta.url).resolve('pg'),
        port: port2,
        flag: this.flag,
        url: this.url,
        statementTimeoutMs: this.options.answerTimeoutMs,
      },
      transferList: [port2],
    })
    worker.unref()
    return { worker, port: port1 }
  }

  query(text: string, values: SqlValue[]): QueryResult {
    if (this.lostTransaction) {
      if (text !== 'ROLLBACK') throw new PostgresUnavailable('the connection to PostgreSQL was lost inside a transaction; none of it was committed')
      this.lostTransaction = this.inTransaction = false
      return { rows: [], rowCount: 0 }
    }
    const result = this.send(text, values)
    if (/^BEGIN/i.test(text)) this.inTransaction = true
    else if (text === 'COMMIT' || text === 'ROLLBACK') this.inTransaction = false
    return result
  }

  private send(text: string, values: SqlValue[]): QueryResult {
    const id = this.nextId++
    Atomics.store(this.flag, 0, 0)
    this.port.postMessage({ id, text, values })
    const deadline = Date.now() + this.options.answerTimeoutMs + 1000
    for (;;) {
      const left = deadline - Date.now()
      if (left <= 0 || Atomics.wait(this.flag, 0, 0, left) === 'timed-out') {
        // The worker may still answer later: start over with a new one, so no late answer is read as this one's.
        this.restart()
        throw new PostgresUnavailable('PostgreSQL did not answer in time')
      }
      const message = receiveMessageOnPort(this.port)
      if (!message) {
        Atomics.store(this.flag, 0, 0)
        continue
      }
      const answer = message.message as Answer
      if (answer.id !== id) continue
      if (answer.error) {
        const error =
          answer.error.code?.startsWith('08') || !answer.error.code ? new PostgresUnavailable(answer.error.message) : new Error(answer.error.message)
        Object.assign(error, { code: answer.error.code })
        throw error
      }
      return answer.result as QueryResult
    }
  }

  private restart(): void {
    if (this.inTransaction) this.lostTransaction = true
    void this.worker.terminate()
    this.port.close()
    ;({ worker: this.worker, port: this.port } = this.startWorker())
  }

  async close(): Promise<void> {
    this.port.close()
    await this.worker.terminate()
  }
}
