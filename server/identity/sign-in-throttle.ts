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
 * One sign-in attempt, counted before its password is checked: refused (and
 * not counted), or counted as a failure of its (login, address) pair and of
 * its address until it turns out otherwise.
 */
export type SignInAttempt =
  | { refused: true; retryAfterMs: number }
  | {
      refused: false
      /** The password was right: the pair's failures are cleared, and the address's attempt uncounted. */
      succeeded(): void
      /** The password was never checked (hashing was busy): the attempt is uncounted. */
      withdraw(): void
    }

/** Compare-and-set rounds lost to other attempts before this one is refused (each lost round is another attempt counted). */
const MAX_ROUNDS = 20

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
 * An attempt is counted when it starts (take()), before the password is
 * hashed, and uncounted if it succeeds: counted only once it failed, many
 * attempts sent at once would all pass the check while the first ones are
 * still hashing, on one instance or several.
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

  private static pairWait(entry: { count: number; last: number } | null, now: number): number {
    if (!entry || entry.count < FREE_FAILURES || now - entry.last > FORGET_AFTER_MS) return 0
    const wait = Math.min(MAX_WAIT_MS, FIRST_WAIT_MS * 2 ** (entry.count - FREE_FAILURES))
    return Math.max(entry.last + wait - now, 0)
  }

  /** Milliseconds before this login may be tried again from this address (0: now). Only a look: take() is what counts. */
  retryAfterMs(login: string, address: string, now = Date.now()): number {
    const byAddress = this.perAddress.retryAfterMs(address, now)
    return Math.max(byAddress, SignInThrottle.pairWait(this.store.signInFailures(SignInThrottle.key(login, address)), now))
  }

  /**
   * Counts an attempt of this login from this address before its password is
   * checked, or refuses it with the wait (nothing counted). Each step is one
   * statement on the shared store: the address's event is added then counted
   * (SlidingWindowLimit.reserve), the pair's count is raised only from the
   * count that allowed it (a compare-and-set), so at most the allowed number
   * of attempts are in flight or failed, across every instance.
   */
  take(login: string, address: string, now = Date.now()): SignInAttempt {
    const byAddress = this.perAddress.reserve(address, now)
    if (byAddress.id === null) return { refused: true, retryAfterMs: byAddress.retryAfterMs }
    const addressEvent = byAddress.id
    const pair = SignInThrottle.key(login, address)
    for (let round = 0; ; round++) {
      const seen = this.store.signInFailures(pair)
      const wait = round < MAX_ROUNDS ? SignInThrottle.pairWait(seen, now) : 1000
      if (wait > 0) {
        this.perAddress.withdraw(addressEvent)
        return { refused: true, retryAfterMs: wait }
      }
      if (this.store.takeSignInAttempt(pair, seen, now, now - FORGET_AFTER_MS)) break
    }
    return {
      refused: false,
      succeeded: () => {
        this.store.clearSignInFailures(pair)
        this.perAddress.withdraw(addressEvent)
      },
      withdraw: () => {
        this.store.withdrawSignInAttempt(pair)
        this.perAddress.withdraw(addressEvent)
      },
    }
  }
}
