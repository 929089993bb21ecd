/** Summary statistics for latency samples (milliseconds). */

export interface Summary {
  count: number
  p50: number
  p99: number
  max: number
  mean: number
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!
}

export function summarize(values: ArrayLike<number>): Summary {
  const sorted = Float64Array.from(values).sort()
  let sum = 0
  for (const v of sorted) sum += v
  return {
    count: sorted.length,
    p50: round(percentile(sorted, 50)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted.length ? sorted[sorted.length - 1]! : NaN),
    mean: round(sorted.length ? sum / sorted.length : NaN),
  }
}

/** Growable list of float samples (a fan-out run records ~150,000 of them). */
export class Samples {
  private buf = new Float64Array(1024)
  length = 0

  push(v: number): void {
    if (this.length === this.buf.length) {
      const bigger = new Float64Array(this.buf.length * 2)
      bigger.set(this.buf)
      this.buf = bigger
    }
    this.buf[this.length++] = v
  }

  values(): Float64Array {
    return this.buf.subarray(0, this.length)
  }
}

export const round = (v: number, digits = 2): number => {
  const f = 10 ** digits
  return Math.round(v * f) / f
}
