import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

/**
 * Once nothing is open (every document unloaded), what the busy period
 * allocated is garbage, but V8 collects it and gives its pages back only
 * when allocation resumes or its memory reducer gets round to it, which on a
 * quiet server can take a minute or more: the 500-documents benchmark saw
 * none of the peak returned 30 s after the last client left. So when the
 * server goes idle it runs a few full collections a few seconds apart, as
 * V8's memory reducer would: measured there, the first frees the objects,
 * a later one shrinks the young generation back (32 MB → 1 MB) and the
 * freed pages are unmapped within seconds after it (RSS 128 → 97 MB,
 * idle at start 90 MB). Each costs a few milliseconds; no document is open,
 * so no one waits on the event loop, and the series stops as soon as one is.
 */
type Collect = (options: { type: 'major'; execution: 'sync'; flavor: 'last-resort' }) => void
let collect: Collect | null | undefined

function collector(): Collect | null {
  if (collect !== undefined) return collect
  try {
    // Reaching V8's gc() without a command-line flag: a context created after the flag is set has it.
    setFlagsFromString('--expose-gc')
    collect = runInNewContext('gc') as Collect
  } catch {
    collect = null
  }
  return collect
}

/** When the collections run, in ms after the server went idle. */
const COLLECT_AT_MS = [0, 2000, 6000]

/**
 * Gives memory back to the system while `stillIdle()` holds: a "last
 * resort" collection (it also shrinks the young generation) now and twice
 * more over the next seconds.
 */
export function returnMemoryWhileIdle(stillIdle: () => boolean): void {
  const gc = collector()
  if (!gc) return
  for (const at of COLLECT_AT_MS) {
    const timer = setTimeout(() => {
      if (stillIdle()) gc({ type: 'major', execution: 'sync', flavor: 'last-resort' })
    }, at)
    timer.unref()
  }
}
