/**
 * GET /healthz: 200 `{"ok":true,"dependencies":{…}}` while every critical
 * dependency answers its probe; 503 `{"ok":false,"failing":[names],…}` when
 * one does not (DESIGN "Interfaces that outside tools rely on" keeps the 200
 * and `ok`). Dependencies are registered at start (app.ts registers the
 * store; the multi-instance mode registers Redis), each with a probe that is
 * a real round trip, cheap enough to run on every request. Bodies carry
 * codes for scripts and monitors, never error messages: /healthz is public,
 * and a driver's message can name files or hosts. The message is logged
 * instead, when a dependency starts failing.
 */
import type { RequestHandler } from 'express'

export interface HealthCheck {
  name: string
  /** Fixed facts reported with every answer (the store's engine). */
  facts?: Record<string, string>
  /**
   * false: a failure is reported (its entry ok:false, its name in `degraded`)
   * but /healthz still answers 200: Plank serves on without it (Redis: "not
   * live across instances"). Default true.
   */
  critical?: boolean
  /** Returns (or resolves) when the dependency answered; throws (or rejects) when it did not. */
  probe(): void | Promise<void>
}

/** Thrown by a probe to report its own code instead of `probe_failed`. */
export class ProbeFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

export interface DependencyReport {
  ok: boolean
  /** How long the probe took (until it failed, or the timeout). */
  latencyMs: number
  /** Why it failed: `probe_failed`, `timeout`, or the probe's ProbeFailure code. */
  code?: string
  [fact: string]: unknown
}

export interface HealthReport {
  ok: boolean
  failing?: string[]
  degraded?: string[]
  dependencies: Record<string, DependencyReport>
}

/** A probe that has not answered by then counts as failed: a monitor's request must not hang with it. */
const DEFAULT_TIMEOUT_MS = 2000

const TIMED_OUT = Symbol('timed out')

export class Health {
  private readonly checks: HealthCheck[] = []
  /** Each dependency's last outcome, to log a change once rather than every probe. */
  private readonly wasOk = new Map<string, boolean>()

  constructor(private readonly options: { log: (line: string) => void; timeoutMs?: number }) {}

  register(check: HealthCheck): void {
    if (this.checks.some((c) => c.name === check.name)) throw new Error(`health check "${check.name}" is registered twice`)
    this.checks.push(check)
  }

  async report(): Promise<HealthReport> {
    const results = await Promise.all(this.checks.map((check) => this.run(check)))
    const dependencies: Record<string, DependencyReport> = {}
    const failing: string[] = []
    const degraded: string[] = []
    this.checks.forEach((check, i) => {
      const result = results[i]!
      dependencies[check.name] = result
      if (!result.ok) (check.critical === false ? degraded : failing).push(check.name)
    })
    return {
      ok: failing.length === 0,
      ...(failing.length > 0 ? { failing } : {}),
      ...(degraded.length > 0 ? { degraded } : {}),
      dependencies,
    }
  }

  private async run(check: HealthCheck): Promise<DependencyReport> {
    const timeoutMs = this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS
    const started = performance.now()
    let timer: NodeJS.Timeout | undefined
    let failure: { code: string; message: string } | null = null
    try {
      const outcome = await Promise.race([
        Promise.resolve().then(() => check.probe()),
        new Promise<typeof TIMED_OUT>((resolve) => {
          timer = setTimeout(() => resolve(TIMED_OUT), timeoutMs)
          timer.unref()
        }),
      ])
      if (outcome === TIMED_OUT) failure = { code: 'timeout', message: `no answer within ${timeoutMs} ms` }
    } catch (error) {
      failure = {
        code: error instanceof ProbeFailure ? error.code : 'probe_failed',
        message: error instanceof Error ? error.message : String(error),
      }
    } finally {
      clearTimeout(timer)
    }
    const latencyMs = Math.round((performance.now() - started) * 1000) / 1000
    this.noteChange(check.name, failure)
    return { ...check.facts, ok: failure === null, latencyMs, ...(failure ? { code: failure.code } : {}) }
  }

  private noteChange(name: string, failure: { code: string; message: string } | null): void {
    const ok = failure === null
    if (this.wasOk.get(name) === ok) return
    // The first answer is logged only if it is a failure: a healthy start says nothing.
    if (!ok || this.wasOk.has(name)) this.options.log(ok ? `health: ${name} answers again` : `health: ${name} failing (${failure!.code}): ${failure!.message}`)
    this.wasOk.set(name, ok)
  }
}

/** GET /healthz: the report, 503 when a critical dependency fails. */
export const healthRoute =
  (health: Health): RequestHandler =>
  async (_req, res) => {
    const report = await health.report()
    res.setHeader('Cache-Control', 'no-store')
    res.status(report.ok ? 200 : 503).json(report)
  }
