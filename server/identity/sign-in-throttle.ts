import type { LimitStore } from '../store/store.js'
import { FORGET_FAILURES_AFTER_MS, SlidingWindowLimit } from './rate-limit.js'
import { tokenHash } from './secrets.js'

/** Wrong passwords per (login, address) before any wait. */
const FREE_FAILURES = 5
const FIRST_WAIT_MS = 30_000
const MAX_WAIT_MS = 15 * 60_000
/** A (login, address) pair with no failure for this long starts afresh. */
const FORGET_AFTER_MS = FORGET_FAILURES_AFTER_MS

/**
 * Sign-in throttling that cannot be turned against the person: failures are
 * counted per (login, address), so wrong passwords from one address never
 * lock the right password out from another. After FREE_FAILURES the pair
 * waits 30 s, then twice as long after each further failure, up to 15 min;
 * a success clears it. A looser limit per address (across logins) slows one
 * machine trying many accounts. Addresses are req.ip: behind a reverse proxy,
 * set PLANK_TRUST_PROXY so that this is the client, not the proxy.
 *
 * The failures are in the store, so they count on every instance sharing it;
 * a pair is stored as its hash (the store keeps no list of who tried what).
 */
export class SignInThrottle {
  private readonly perAddress: SlidingWindowLimit

  constructor(
    private readonly store: LimitStore,
    options: { failuresPerAddress: number; windowMs: number } = { failuresPerAddress: 100, windowMs: 15 * 60_000 },
  ) {
    this.perAddress = new SlidingWindowLimit(store, 'sign-in-address', options.failuresPerAddress, options.windowMs)
  }

  private static key(login: string, address: string): string {
    return tokenHash(`${login.toLowerCase()}\n${address}`)
  }

  /** Milliseconds before this login may be tried again from this address (0: now). */
  retryAfterMs(login: string, address: string, now = Date.now()): number {
    const byAddress = this.perAddress.retryAfterMs(address, now)
    const entry = this.store.signInFailures(SignInThrottle.key(login, address))
    if (!entry || entry.count < FREE_FAILURES || now - entry.last > FORGET_AFTER_MS) return byAddress
    const wait = Math.min(MAX_WAIT_MS, FIRST_WAIT_MS * 2 ** (entry.count - FREE_FAILURES))
    return Math.max(byAddress, entry.last + wait - now, 0)
  }

  failed(login: string, address: string, now = Date.now()): void {
    this.store.addSignInFailure(SignInThrottle.key(login, address), now, now - FORGET_AFTER_MS)
    this.perAddress.record(address, now)
  }

  succeeded(login: string, address: string): void {
    this.store.clearSignInFailures(SignInThrottle.key(login, address))
  }
}
