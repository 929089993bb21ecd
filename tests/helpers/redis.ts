/**
 * A throwaway Redis for tests, from Debian's `redis-server` package
 * (tests/setup/ensure-services.mjs installs it): 127.0.0.1 on a free port,
 * a temporary folder, no persistence (`--save '' --appendonly no`), so a
 * restart starts empty, as a Redis restarted without persistence does.
 *
 * One serves a whole vitest run (tests/setup/services-global.ts). A test that
 * stops, kills or restarts Redis starts its OWN with `startRedis()`, so that
 * other test files using the shared one are not disturbed.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  exitedWithin,
  freePort,
  isAlive,
  logTail,
  markOwner,
  type ServiceChild,
  signal,
  spawnService,
  sweepStaleDirs,
  waitUntilReady,
} from './service-process.js'

const DIR_PREFIX = 'plank-redis-'

export interface RedisOptions {
  /** More `--name value` settings. */
  settings?: Record<string, string | number>
  /** Give up waiting for it after this long (default 15 s). */
  startTimeoutMs?: number
}

export interface RunningRedis {
  host: '127.0.0.1'
  port: number
  /** redis://127.0.0.1:<port> */
  url: string
  /** The temporary folder (redis.log). Removed by stop(). */
  dir: string
  /** The server's pid, null while it is down. */
  pid(): number | null
  /** Stops it for good and removes its folder. Idempotent. */
  stop(): Promise<void>
  /** SIGKILL: it is gone at once, connections drop; restart() brings it back on the same port. */
  kill(): Promise<void>
  /** Stops it (SIGTERM) if it runs and starts it again on the same port, empty. */
  restart(): Promise<void>
  logTail(lines?: number): string
}

/**
 * Sends one command over a raw connection and returns the first reply line
 * (`+PONG`, `-ERR …`, `:1`, `$5` …); enough for PING and the checks of tests
 * that need no client library.
 */
export function redisCommand(port: number, args: string[], options: { host?: string; timeoutMs?: number } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: options.host ?? '127.0.0.1', port })
    let reply = ''
    const timer = setTimeout(() => {
      socket.destroy()
      reject(new Error(`redis on port ${port}: no reply within ${options.timeoutMs ?? 2000} ms`))
    }, options.timeoutMs ?? 2000)
    socket.setEncoding('utf8')
    socket.once('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
    socket.on('data', (chunk: string) => {
      reply += chunk
      const end = reply.indexOf('\r\n')
      if (end >= 0) {
        clearTimeout(timer)
        socket.end()
        resolve(reply.slice(0, end))
      }
    })
    socket.once('connect', () => socket.write(`*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`))
  })
}

/** True when a Redis on `port` answers PING. */
export const redisPing = (port: number, host = '127.0.0.1'): Promise<boolean> =>
  redisCommand(port, ['PING'], { host })
    .then((r) => r === '+PONG')
    .catch(() => false)

/** Starts a new Redis in a new temporary folder on a free port. */
export async function startRedis(options: RedisOptions = {}): Promise<RunningRedis> {
  sweepStaleDirs(DIR_PREFIX, () => false)
  const command = process.env.PLANK_TEST_REDIS_SERVER ?? 'redis-server'
  const dir = mkdtempSync(join(tmpdir(), DIR_PREFIX))
  markOwner(dir)
  const logFile = join(dir, 'redis.log')
  let port = 0
  let server: ServiceChild | null = null

  const launch = async (): Promise<void> => {
    const settings: Record<string, string | number> = {
      port,
      bind: '127.0.0.1',
      dir,
      save: '',
      appendonly: 'no',
      daemonize: 'no',
      logfile: '',
      ...options.settings,
    }
    const args = Object.entries(settings).flatMap(([k, v]) => [`--${k}`, String(v)])
    const started = spawnService({ command, args, cwd: dir, logFile })
    server = started
    await waitUntilReady(`Redis on port ${port}`, started, () => redisPing(port), { timeoutMs: options.startTimeoutMs ?? 15_000, logFile })
  }

  for (let attempt = 1; ; attempt++) {
    port = await freePort()
    try {
      await launch()
      break
    } catch (error) {
      const current = server as ServiceChild | null
      if (current && !current.hasExited()) {
        signal(current.pid, 'SIGKILL')
        await current.exited
      }
      server = null
      if (!/Address already in use/.test(logTail(logFile, 50)) || attempt >= 3) {
        rmSync(dir, { recursive: true, force: true })
        throw error
      }
    }
  }

  const halt = async (sig: NodeJS.Signals): Promise<void> => {
    const current = server
    server = null
    if (!current || current.hasExited()) return
    signal(current.pid, sig)
    const timedOut = !(await exitedWithin(current, 10_000))
    if (timedOut) {
      signal(current.pid, 'SIGKILL')
      await current.exited
    }
  }

  let stopped = false
  return {
    host: '127.0.0.1',
    port,
    url: `redis://127.0.0.1:${port}`,
    dir,
    pid: () => (server && !server.hasExited() && isAlive(server.pid) ? server.pid : null),
    async stop() {
      if (stopped) return
      stopped = true
      await halt('SIGTERM')
      rmSync(dir, { recursive: true, force: true })
    },
    kill: () => halt('SIGKILL'),
    async restart() {
      if (stopped) throw new Error('this Redis was stopped for good')
      await halt('SIGTERM')
      await launch()
    },
    logTail: (lines) => logTail(logFile, lines),
  }
}
