/**
 * A throwaway PostgreSQL cluster for tests, from Debian's `postgresql`
 * package (tests/setup/ensure-services.mjs installs it): initdb into a fresh
 * temporary folder, a server on 127.0.0.1 and a free port, its unix socket
 * inside that folder, trust authentication (it only listens on loopback and
 * in a folder only its user can enter), fsync on (tests check durability).
 * As root (CI), initdb and postgres run as the `postgres` OS user that the
 * package creates; otherwise as ourselves.
 *
 * One cluster serves a whole vitest run (tests/setup/services-global.ts);
 * each test file makes its own database in it with `createDatabase` so that
 * files never share data. A test that must crash or restart PostgreSQL
 * starts a private cluster with `startPostgres()` instead.
 *
 * The cluster sorts text with ICU's root collation, as a production cluster
 * created with a locale such as en_US.UTF-8 does (`alpha` before `Beta`),
 * not by code point as SQLite and the C locale do: a query whose order
 * depends on the collation shows it here, not first in production.
 */
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import {
  childPids,
  exitedWithin,
  freePort,
  isAlive,
  isRoot,
  logTail,
  markOwner,
  runToCompletion,
  type ServiceChild,
  signal,
  spawnService,
  sweepStaleDirs,
  waitUntilGone,
  waitUntilReady,
} from './service-process.js'

const DIR_PREFIX = 'plank-pg-'
const OS_USER = 'postgres'
const SUPERUSER = 'postgres'

/** The newest installed server's bin folder (PLANK_TEST_PG_BIN overrides it). */
export function postgresBinDir(): string {
  const override = process.env.PLANK_TEST_PG_BIN
  if (override) return override
  const root = '/usr/lib/postgresql'
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : []
  if (versions.length === 0) throw new Error('PostgreSQL is not installed: run `node tests/setup/ensure-services.mjs` (Debian package postgresql)')
  return join(root, versions[0]!, 'bin')
}

export interface PostgresOptions {
  /** Default 200: several Plank instances with their pools, and a database per test file. */
  maxConnections?: number
  /** Sort text with ICU's root collation (the default) rather than by code point (false: the C locale). */
  icuCollation?: boolean
  /** More server settings (`-c name=value`). */
  settings?: Record<string, string | number>
  /** Give up waiting for it after this long (default 30 s). */
  startTimeoutMs?: number
}

export interface RunningPostgres {
  host: '127.0.0.1'
  port: number
  /** The temporary folder: data/, the socket, postgres.log. Removed by stop(). */
  dir: string
  /** The superuser's URL of a database (default `postgres`, the admin database). */
  url(dbName?: string): string
  /** A new empty database (UTF8, from template0) for one test file; returns its URL. */
  createDatabase(prefix?: string): Promise<string>
  /** Drops a database made by createDatabase (its URL or name), closing its connections first. */
  dropDatabase(urlOrName: string): Promise<void>
  /** The postmaster's pid, null while it is down. */
  pid(): number | null
  /** Stops it for good (fast shutdown) and removes its folder. Idempotent. */
  stop(): Promise<void>
  /** Kills the postmaster and every backend at once with SIGKILL, as a crash would; restart() recovers from it. */
  kill9(): Promise<void>
  /** Shuts down (fast) if it runs, then starts again on the same folder and port: crash recovery after kill9(). */
  restart(): Promise<void>
  /** The last lines of its log. */
  logTail(lines?: number): string
}

/** True when the folder's postmaster (data/postmaster.pid) still runs. */
function postmasterRunning(dir: string): boolean {
  try {
    const pid = Number(readFileSync(join(dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0])
    return pid > 0 && isAlive(pid) && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(dir)
  } catch {
    return false
  }
}

/** Runs `fn` with a client connected to `url`, then disconnects. */
export async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}

const databaseName = (urlOrName: string): string => (urlOrName.includes('://') ? decodeURIComponent(new URL(urlOrName).pathname.slice(1)) : urlOrName)
const quoteIdent = (name: string): string => `"${name.replaceAll('"', '""')}"`

/** The URL of another database of the same server as `url`. */
export function databaseUrl(url: string, dbName: string): string {
  const u = new URL(url)
  u.pathname = `/${encodeURIComponent(dbName)}`
  return u.toString()
}

/**
 * Creates a new empty database `<prefix>_<random>` on the server of `adminUrl`
 * (a superuser's URL, such as the one the global setup provides); returns its URL.
 */
export async function createDatabase(adminUrl: string, prefix = 't'): Promise<string> {
  if (!/^[a-z][a-z0-9_]{0,30}$/.test(prefix)) throw new Error(`database prefix ${JSON.stringify(prefix)}: lower-case letters, digits and _`)
  const name = `${prefix}_${Math.random().toString(36).slice(2, 10)}${Date.now().toString(36).slice(-4)}`
  await withClient(adminUrl, (c) => c.query(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE template0 ENCODING 'UTF8'`))
  return databaseUrl(adminUrl, name)
}

/** Drops a database (by URL or name) on the server of `adminUrl`, closing its connections first. */
export async function dropDatabase(adminUrl: string, urlOrName: string): Promise<void> {
  const name = databaseName(urlOrName)
  await withClient(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`))
}

/** Starts a new cluster in a new temporary folder on a free port. */
export async function startPostgres(options: PostgresOptions = {}): Promise<RunningPostgres> {
  sweepStaleDirs(DIR_PREFIX, postmasterRunning)
  const bin = postgresBinDir()
  const dir = mkdtempSync(join(tmpdir(), DIR_PREFIX))
  markOwner(dir)
  const dataDir = join(dir, 'data')
  const socketDir = join(dir, 'socket')
  const logFile = join(dir, 'postgres.log')
  mkdirSync(socketDir)
  if (isRoot()) for (const path of [dir, socketDir]) chownSync(path, ...postgresIds())

  try {
    // --no-sync: the cluster is thrown away after the run; the server itself runs with fsync on.
    const locale = options.icuCollation === false ? ['--locale=C.UTF-8'] : ['--locale=C.UTF-8', '--locale-provider=icu', '--icu-locale=und']
    runToCompletion({
      command: join(bin, 'initdb'),
      args: ['-D', dataDir, '-U', SUPERUSER, '--auth=trust', '--encoding=UTF8', ...locale, '--no-sync', '--no-instructions'],
      asUser: OS_USER,
      cwd: dir,
    })
  } catch (error) {
    rmSync(dir, { recursive: true, force: true })
    throw error
  }

  const settings: Record<string, string | number> = {
    listen_addresses: '127.0.0.1',
    unix_socket_directories: socketDir,
    fsync: 'on',
    synchronous_commit: 'on',
    max_connections: options.maxConnections ?? 200,
    ...options.settings,
  }
  let port = 0
  let server: ServiceChild | null = null
  const url = (dbName = 'postgres'): string => `postgres://${SUPERUSER}@127.0.0.1:${port}/${encodeURIComponent(dbName)}`

  const launch = async (): Promise<void> => {
    const args = ['-D', dataDir, '-p', String(port), ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`])]
    const started = spawnService({ command: join(bin, 'postgres'), args, asUser: OS_USER, cwd: dir, logFile })
    server = started
    await waitUntilReady(
      `PostgreSQL on port ${port}`,
      started,
      () =>
        withClient(url(), async (c) => {
          await c.query('SELECT 1')
          return true
        }),
      { timeoutMs: options.startTimeoutMs ?? 30_000, logFile },
    )
  }

  // The port is free when picked but could be taken before postgres binds it: a few tries with a new one.
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
      const inUse = /could not bind|Address already in use/.test(logTail(logFile, 50))
      if (!inUse || attempt >= 3) {
        rmSync(dir, { recursive: true, force: true })
        throw error
      }
    }
  }

  const shutdown = async (): Promise<void> => {
    const current = server
    server = null
    if (!current || current.hasExited()) return
    // SIGINT: fast shutdown (backends end, a checkpoint is written); SIGKILL of everything if it hangs.
    signal(current.pid, 'SIGINT')
    const timedOut = !(await exitedWithin(current, 15_000))
    if (timedOut) {
      const backends = childPids(current.pid)
      for (const pid of [current.pid, ...backends]) signal(pid, 'SIGKILL')
      await current.exited
      await waitUntilGone(backends)
    }
  }

  let stopped = false
  return {
    host: '127.0.0.1',
    port,
    dir,
    url,
    createDatabase: (prefix) => createDatabase(url(), prefix),
    dropDatabase: (urlOrName) => dropDatabase(url(), urlOrName),
    pid: () => (server && !server.hasExited() ? server.pid : null),
    async stop() {
      if (stopped) return
      stopped = true
      await shutdown()
      rmSync(dir, { recursive: true, force: true })
    },
    async kill9() {
      const current = server
      server = null
      if (!current || current.hasExited()) return
      // Stopped first, so that it forks no backend between listing its children and killing them all.
      signal(current.pid, 'SIGSTOP')
      const backends = childPids(current.pid)
      for (const pid of [current.pid, ...backends]) signal(pid, 'SIGKILL')
      await current.exited
      // A new postmaster refuses to start while a backend of the old one still holds the shared memory.
      if (!(await waitUntilGone(backends))) throw new Error('PostgreSQL backends outlived SIGKILL')
    },
    async restart() {
      if (stopped) throw new Error('this PostgreSQL was stopped for good')
      await shutdown()
      await launch()
    },
    logTail: (lines) => logTail(logFile, lines),
  }
}

let ids: [number, number] | undefined
/** The uid and gid of the `postgres` OS user. */
function postgresIds(): [number, number] {
  if (!ids) {
    const line = readFileSync('/etc/passwd', 'utf8')
      .split('\n')
      .find((l) => l.startsWith(`${OS_USER}:`))
    if (!line) throw new Error(`no ${OS_USER} OS user: is Debian's postgresql package installed? (node tests/setup/ensure-services.mjs)`)
    const [, , uid, gid] = line.split(':')
    ids = [Number(uid), Number(gid)]
  }
  return ids
}
