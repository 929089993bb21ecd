import { ApiError } from '../errors.js'

/**
 * Password hashing (scrypt, ~50 ms and 32 MiB each) runs in libuv's thread
 * pool, which file and DNS work share (4 threads by default). Left unbounded,
 * a burst of hashing requests queues every other sign-in and file read
 * behind it. So at most `concurrency` hashes run at once, a bounded number
 * wait in order, and beyond that the request is answered 429 at once.
 */
export class HashQueue {
  private running = 0
  private readonly waiting: Array<() => void> = []
  /** Hashes started since the process began (tests and diagnostics). */
  started = 0

  constructor(
    private readonly concurrency: number,
    private readonly maxWaiting: number,
  ) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) {
      if (this.waiting.length >= this.maxWaiting) {
        throw new ApiError(429, 'busy', 'session.busy')
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve))
    } else {
      this.running += 1
    }
    this.started += 1
    try {
      return await work()
    } finally {
      const next = this.waiting.shift()
      // The slot passes straight to the next waiter; otherwise it is freed.
      if (next) next()
      else this.running -= 1
    }
  }
}

/** The process's one queue: two hashes at a time leave the other pool threads to file and DNS work. */
export const passwordHashing = new HashQueue(2, 64)
