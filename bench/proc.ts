/**
 * CPU and memory of a child process, read from /proc (Linux only). The bench
 * measures the server process itself, not the load generator that shares the
 * machine with it.
 */
import { readFileSync } from 'node:fs'

/** Kernel clock ticks per second (`getconf CLK_TCK`); 100 on every Linux we run on. */
const CLK_TCK = 100

/** utime + stime of the process, in seconds; null once it has exited. */
export function cpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // The command name (field 2) may contain spaces: count fields after its ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    // After the name, field 3 (state) is index 0, so utime (14) is 11 and stime (15) is 12.
    const utime = Number(fields[11])
    const stime = Number(fields[12])
    return (utime + stime) / CLK_TCK
  } catch {
    return null
  }
}

export interface MemoryReading {
  /** Resident set size now, MB. */
  rssMb: number
  /** Highest RSS since the process started (VmHWM), MB. */
  hwmMb: number
}

export function memory(pid: number): MemoryReading | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    const kb = (key: string): number => {
      const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)
      return m ? Number(m[1]) : NaN
    }
    return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 }
  } catch {
    return null
  }
}

/**
 * Samples a process's RSS every 250 ms so a phase of a scenario can report
 * its own peak (VmHWM only knows the peak since the process started).
 */
export class RssSampler {
  private timer: NodeJS.Timeout | null = null
  private peak = 0
  private last = 0

  constructor(
    private readonly pid: number,
    private readonly intervalMs = 250,
  ) {}

  start(): void {
    this.sample()
    this.timer = setInterval(() => this.sample(), this.intervalMs)
  }

  /** Starts a new phase: the peak so far is forgotten. */
  reset(): void {
    this.peak = 0
    this.sample()
  }

  sample(): number {
    const m = memory(this.pid)
    if (m) {
      this.last = m.rssMb
      if (m.rssMb > this.peak) this.peak = m.rssMb
    }
    return this.last
  }

  get peakMb(): number {
    return this.peak
  }

  get lastMb(): number {
    return this.last
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
  }
}
