/**
 * What the throwaway PostgreSQL and Redis servers of the tests (postgres.ts,
 * redis.ts) share: a free loopback port, a child process that dies with the
 * process that started it, and waiting for it to answer.
 *
 * Each server is started through `setpriv --pdeathsig KILL`, so that a test
 * run that crashes or is killed (even with SIGKILL) takes its servers with
 * it instead of leaving them holding ports and memory. As root, setpriv also
 * drops to the given user (initdb and postgres refuse to run as root).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { closeSync, existsSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export const isRoot = (): boolean => typeof process.getuid === 'function' && process.getuid() === 0

/** A port on 127.0.0.1 that nothing listens on right now (the kernel's pick; the server binds it a moment later). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))))
    })
  })
}

let setprivPdeathsig: boolean | undefined
const hasSetpriv = (): boolean => {
  if (setprivPdeathsig === undefined) {
    try {
      setprivPdeathsig = execFileSync('setpriv', ['--help'], { encoding: 'utf8' }).includes('--pdeathsig')
    } catch {
      setprivPdeathsig = false
    }
  }
  return setprivPdeathsig
}

export interface ServiceCommand {
  command: string
  args: string[]
  /** Run as this OS user when we are root (ignored otherwise). */
  asUser?: string
  cwd: string
  /** stdout and stderr are appended to this file. */
  logFile: string
  env?: NodeJS.ProcessEnv
}

/** The command line that runs `command` as `asUser` (when root) and dies with this process. */
function wrapped(c: Pick<ServiceCommand, 'command' | 'args' | 'asUser'>): { command: string; args: string[] } {
  const drop = c.asUser && isRoot() ? [`--reuid=${c.asUser}`, `--regid=${c.asUser}`, '--init-groups'] : []
  if (hasSetpriv()) return { command: 'setpriv', args: [...drop, '--pdeathsig', 'KILL', '--', c.command, ...c.args] }
  if (drop.length > 0) return { command: 'runuser', args: ['-u', c.asUser!, '--', c.command, ...c.args] }
  return { command: c.command, args: c.args }
}

/** Environment for the servers: ours, without the libpq variables that would point them (or initdb) elsewhere. */
export function serviceEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('PG')) env[key] = value
  return { ...env, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8', ...extra }
}

/** Runs a setup command (initdb) to completion; throws with its output when it fails. */
export function runToCompletion(c: Omit<ServiceCommand, 'logFile'>): string {
  const { command, args } = wrapped(c)
  try {
    return execFileSync(command, args, { cwd: c.cwd, env: c.env ?? serviceEnv(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string }
    throw new Error(`${c.command} failed: ${e.message}\n${e.stdout ?? ''}${e.stderr ?? ''}`)
  }
}

export interface ServiceChild {
  child: ChildProcess
  pid: number
  /** Resolves when the process has exited (at once if it has). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  hasExited(): boolean
}

/** True if the service exits within `ms` (its timer does not keep the process alive). */
export async function exitedWithin(service: ServiceChild, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms)
  })
  try {
    return await Promise.race([service.exited.then(() => true), timeout])
  } finally {
    clearTimeout(timer)
  }
}

/** Starts a long-running server. The child does not keep this process alive (unref); it dies with it (pdeathsig). */
export function spawnService(c: ServiceCommand): ServiceChild {
  const { command, args } = wrapped(c)
  const log = openSync(c.logFile, 'a')
  let child: ChildProcess
  try {
    child = spawn(command, args, { cwd: c.cwd, env: c.env ?? serviceEnv(), stdio: ['ignore', log, log], detached: true })
  } finally {
    closeSync(log)
  }
  if (child.pid === undefined) throw new Error(`could not start ${c.command}`)
  child.unref()
  let done = false
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      done = true
      resolve({ code, signal })
    })
    child.once('error', () => {
      done = true
      resolve({ code: null, signal: null })
    })
  })
  return { child, pid: child.pid, exited, hasExited: () => done }
}

/** The last lines of a log file, for error messages. */
export function logTail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n')
  } catch {
    return '(no log)'
  }
}

/** Polls `ready` until it resolves true; fails early if the server exits, or after `timeoutMs`. */
export async function waitUntilReady(
  what: string,
  service: ServiceChild,
  ready: () => Promise<boolean>,
  options: { timeoutMs?: number; logFile: string },
): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000)
  for (;;) {
    if (service.hasExited()) throw new Error(`${what} exited before it accepted connections:\n${logTail(options.logFile)}`)
    if (await ready().catch(() => false)) return
    if (Date.now() > deadline) throw new Error(`${what} did not accept connections within ${options.timeoutMs ?? 30_000} ms:\n${logTail(options.logFile)}`)
    await new Promise((r) => setTimeout(r, 25))
  }
}

/** Sends `signal` to a process, ignoring one that is gone already. */
export function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig)
  } catch {
    // gone already
  }
}

/** Alive and not a zombie (an orphan whose parent, here PID 1, may never reap it). */
export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z'
  } catch {
    return false
  }
}

/** The pids whose parent is `pid` (from /proc). */
export function childPids(pid: number): number[] {
  const found: number[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      if (ppid === pid) found.push(Number(entry))
    } catch {
      // exited while we looked
    }
  }
  return found
}

export async function waitUntilGone(pids: number[], timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  while (pids.some(isAlive)) {
    if (Date.now() > deadline) return false
    await new Promise((r) => setTimeout(r, 20))
  }
  return true
}

const OWNER_FILE = 'owner.pid'

/** Marks a temporary service folder as this process's, for `sweepStaleDirs`. */
export function markOwner(dir: string): void {
  writeFileSync(join(dir, OWNER_FILE), String(process.pid))
}

/**
 * Removes the folders a crashed earlier run left in the temporary directory
 * (`<prefix>*` with an owner.pid of a process that is gone). Their servers
 * died with that run (pdeathsig); `stillServing(dir)` is asked before
 * removing anything, so a folder whose server still runs is left alone.
 */
export function sweepStaleDirs(prefix: string, stillServing: (dir: string) => boolean): void {
  let entries: string[]
  try {
    entries = readdirSync(tmpdir()).filter((e) => e.startsWith(prefix))
  } catch {
    return
  }
  for (const entry of entries) {
    const dir = join(tmpdir(), entry)
    try {
      const ownerFile = join(dir, OWNER_FILE)
      if (!existsSync(ownerFile)) {
        // Being created right now by another run, or not ours: only folders older than an hour without an owner go.
        if (Date.now() - statSync(dir).mtimeMs < 3_600_000) continue
      } else if (isAlive(Number(readFileSync(ownerFile, 'utf8')))) continue
      if (stillServing(dir)) continue
      rmSync(dir, { recursive: true, force: true })
    } catch {
      // another run swept it first
    }
  }
}
