/**
 * Plank as shipped except that the relay's authorizeWrites hook allows every
 * root: the benchmark's "without the permission check" side. Production
 * code has no switch for this (issue 12, item 4); the override exists only
 * in this entry point, run as dist/server/bench/plank-unchecked-server.js.
 * Everything else an update goes through stays: the shape bounds and
 * content rules of the update guard, client-id ownership, the transaction
 * audit, storing before relaying.
 */
import { serve } from '../server/serve.js'

const allowEveryRoot = (): boolean => true

await serve({ relayHooks: { authorizeWrites: () => allowEveryRoot } })
console.log('WARNING: bench/plank-unchecked-server: every write is allowed. Benchmarks only.')
