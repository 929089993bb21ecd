import { SlidingWindowLimit } from './rate-limit.js'

/** Wrong passwords per (login, address) before any wait. */
const FREE_FAILURES = 5
const FIRST_WAIT_MS = 30_000
const MAX_WAIT_MS = 15 * 60_000
/** A (login, address) pair with no failure for this long starts afresh. */
const FORGET_AFTER_MS = 24 * 60 * 60_000
const MAX_TRACKED = 100_000

interface Failures {
  count: number
  last: number
}

/**
 * Sign-in throttling that cannot be turned against the person: failures are
 * counted per (login, address), so wrong passwords from one address never
 * lock the right password out from another. After FREE_FAILURES the pair
 * waits 30 s, then twice as long after each further failure, up to 15 min;
 * a success clears it. A looser limit per address (across logins) slows one
 * machine trying many accounts. Addresses are req.ip: behind a reverse proxy,
 * set PLANK_TRUST_PROXY so that this is the client, not the proxy.
 */
export class SignInThrottle {
  private readonly pairs = new Map<string, Failures>()
  private readonly perAddress: SlidingWindowLimit

  constructor(options: { failuresPerAddress: number; windowMs: number } = { failuresPerAddress: 100, windowMs: 15 * 60_000 }) {
    this.perAddress = new SlidingWindowLimit(options.failuresPerAddress, options.windowMs)
  }

  private static key(login: string, address: string): string {
    return `${login.toLowerCase()}\n${address}`
  }

  /** Milliseconds before this login may be tried again from this address (0: now). */
  retryAfterMs(login: string, address: string, now = Date.now()): number {
    const byAddress = this.perAddress.retryAfterMs(address, now)
    const entry = this.pairs.get(SignInThrottle.key(login, address))
    if (!entry || entry.count < FREE_FAILURES || now - entry.last > FORGET_AFTER_MS) return byAddress
    const wait = Math.min(MAX_WAIT_MS, FIRST_WAIT_MS * 2 ** (entry.count - FREE_FAILURES))
    return Math.max(byAddress, entry.last + wait - now, 0)
  }

  failed(login: string, address: string, now = Date.now()): void {
    const key = SignInThrottle.key(login, address)
    const entry = this.pairs.get(key)
    const count = entry && now - entry.last <= FORGET_AFTER_MS ? entry.count + 1 : 1
    this.pairs.set(key, { count, last: now })
    this.perAddress.record(address, now)
    if (this.pairs.size > MAX_TRACKED) this.prune(now)
  }

  succeeded(login: string, address: string): void {
    this.pairs.delete(SignInThrottle.key(login, address))
  }

  private prune(now: number): void {
    for (const [key, entry] of this.pairs) if (now - entry.last > MAX_WAIT_MS) this.pairs.delete(key)
  }
}
