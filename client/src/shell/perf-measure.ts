/** Measures per name since the timeline was last cleared: long sessions keep it bounded. */
const counts = new Map<string, number>()

/**
 * Records `start` → now as a performance measure under `name` (the benchmark
 * reads them from the page); cleared every 5,000 so a long session does not
 * grow the timeline.
 */
export function recordMeasure(name: string, start: number): void {
  try {
    performance.measure(name, { start, end: performance.now() })
    const n = (counts.get(name) ?? 0) + 1
    counts.set(name, n > 5000 ? 0 : n)
    if (n > 5000) performance.clearMeasures(name)
  } catch {
    // performance.measure with options is unavailable: nothing recorded
  }
}
