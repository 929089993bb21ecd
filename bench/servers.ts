/**
 * Starts the servers under test as child processes on free ports: Plank
 * (dist/server/server/main.js); the peer, @y/websocket-server run as its
 * README says (`HOST=… PORT=… npx y-websocket`, i.e. its bin src/server.js),
 * in memory or (kind 'peer-leveldb') with its LevelDB persistence
 * (YPERSISTENCE=<dir>, y-leveldb); and the second peer, Hocuspocus with no
 * extensions (bench/peers/hocuspocus.ts). Each scenario gets a fresh process,
 * so VmHWM is that scenario's peak.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve, dirname } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { newToken, tokenHash } from '../server/identity/secrets.js'
import { SESSION_COOKIE } from '../server/identity/sessions.js'
import { openPostgresStore } from '../server/store/postgres/open.js'
import { openSqliteStore } from '../server/store/sqlite/open.js'
import type { Store } from '../server/store/store.js'
import type { WireProtocol } from './load-client.js'

export type ServerKind = 'plank' | 'peer' | 'hocuspocus' | 'peer-leveldb'
/** The servers every side-by-side scenario runs: Plank and both peers (in memory). */
export const SERVER_KINDS: readonly ServerKind[] = ['plank', 'peer', 'hocuspocus']
export const PEER_KINDS = ['peer', 'hocuspocus'] as const
export type PeerKind = (typeof PEER_KINDS)[number]
/** How each server is named in the results. */
export const SERVER_LABEL: Record<ServerKind, string> = {
  plank: 'Plank',
  peer: '@y/websocket-server',
  hocuspocus: 'Hocuspocus',
  'peer-leveldb': '@y/websocket-server + LevelDB',
}

/** The repository root: this file runs as dist/server/bench/servers.js. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..')
export const PLANK_MAIN = join(REPO_ROOT, 'dist/server/server/main.js')
/** Plank with an allow-all authorizeWrites hook (bench/plank-unchecked-server.ts): the update check's cost is the difference. */
export const PLANK_UNCHECKED_MAIN = join(REPO_ROOT, 'dist/server/bench/plank-unchecked-server.js')
const PEER_MAIN = join(REPO_ROOT, 'node_modules/@y/websocket-server/src/server.js')
const HOCUSPOCUS_MAIN = join(REPO_ROOT, 'dist/server/bench/peers/hocuspocus.js')

/** One document of a scenario: a Plank platform with one section. */
export interface BenchDoc {
  platformId: string
  sectionId: string
}

/** What a load client needs to open a document's websocket. */
export interface Target {
  url: string
  headers: Record<string, string>
  /** Hocuspocus frames every message with the document name. */
  protocol: WireProtocol
  docName: string
}

export interface RunningServer {
  kind: ServerKind
  /** Changes on restart(). */
  pid: number
  port: number
  /** The relay URL of a document (both servers take the same path) and, for Plank, the session cookie. */
  target(doc: BenchDoc): Target
  /** Plank's seeded participants and facilitator (StartOptions.people); empty for the peer. */
  people: SeededPeople
  /** What StartOptions.seed returned (Plank); empty for the peers. */
  seeded: Record<string, string>
  /** http://127.0.0.1:<port> */
  baseUrl: string
  /** Set once the process has exited (a crash during a scenario is a result). */
  exit: { code: number | null; signal: string | null } | null
  /** The last lines the server printed, for failure reports. */
  logTail(): string
  /** Plank: the SQLite file (its -wal beside it); null for the peers. */
  sqlitePath: string | null
  /**
   * Stops the process (SIGTERM, as a deployment restarts it) and starts it
   * again on the same port and data; resolves once it answers HTTP. Returns
   * the time (performance.now()) the new process was spawned.
   */
  restart(): Promise<number>
  stop(): Promise<void>
}

export interface StartOptions {
  docs: BenchDoc[]
  /** Extra environment for Plank (e.g. PLANK_UNLOAD_GRACE_MS). */
  plankEnv?: Record<string, string>
  /** Plank's entry point (default PLANK_MAIN, as `npm start` runs it). */
  plankMain?: string
  /**
   * Plank only: `count` more accounts (demo-less, each with its own session),
   * delegates of the first document's platform spread over `orgs` organizations,
   * and a facilitator of that platform. Their cookies are in `people`.
   */
  people?: { count: number; orgs: number }
  /**
   * Plank only: more history written straight into the store before the server
   * starts, inside the seeding transaction (after the documents and people).
   * `account` creates a person with a session and returns its Cookie header;
   * whatever the hook returns is in RunningServer.seeded.
   */
  seed?: (store: Store, account: (id: string, name: string) => string) => Record<string, string>
  /**
   * Plank only: run on the services instances share (PLANK_DATABASE_URL,
   * PLANK_REDIS_URL) instead of SQLite in the data folder; the seeding goes
   * into that database. startPlankCluster starts several such instances.
   */
  shared?: SharedServices
}

/** The services a multi-instance deployment shares: PostgreSQL, and Redis (null: one instance on PostgreSQL). */
export interface SharedServices {
  databaseUrl: string
  redisUrl: string | null
}

/** Every instance of one deployment signs the shared audit log with the same key (PLANK_AUDIT_KEY). */
const BENCH_AUDIT_KEY = 'the audit key of the bench deployment'

/** Seeded participants (Plank only; empty for the peer). */
export interface SeededPeople {
  /** One per participant, in order: person id and Cookie header. */
  participants: Array<{ personId: string; cookie: string }>
  facilitator: { personId: string; cookie: string } | null
}

export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer()
    srv.once('error', rej)
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address()
      const port = typeof address === 'object' && address ? address.port : 0
      srv.close(() => res(port))
    })
  })
}

/**
 * Plank refuses people who are not signed in (4401), unknown platforms and
 * non-members (4404), and writes to roots that are not an existing open
 * section's body (4403). So before it starts, the store gets the documents,
 * a bench account that is a delegate on every one, and a session for it,
 * created the way the server creates one (the store keeps only the token's
 * hash). Load clients send the session cookie on the upgrade, as a browser
 * does. Signing in over HTTP instead would run scrypt (32 MiB) inside the
 * server and put that spike into every scenario's peak RSS.
 * Returns the Cookie header.
 */
async function seedPlank(store: Store, docs: BenchDoc[], people?: StartOptions['people'], seed?: StartOptions['seed']): Promise<Seeded> {
  const token = newToken()
  const seeded: SeededPeople = { participants: [], facilitator: null }
  let extra: Record<string, string> = {}
  store.transaction(() => {
    const personId = 'bench-person'
    const now = new Date()
    store.createPerson({
      id: personId,
      username: 'bench',
      email: null,
      displayName: 'Bench',
      passwordHash: null,
      isDemo: false,
      createdAt: now.toISOString(),
    })
    store.createSession(tokenHash(token), personId, new Date(now.getTime() + 24 * 3600_000).toISOString())
    for (const d of docs) {
      store.createPlatform({ id: d.platformId, title: `Bench ${d.platformId}` })
      const orgId = `${d.platformId}-org`
      store.addOrganization(d.platformId, { id: orgId, name: 'Bench Org', shortName: 'BO', color: '#336699' })
      store.addSection(d.platformId, { id: d.sectionId, title: 'Bench section', ownerOrgId: null, locked: false, position: 1 })
      store.setMembership({ platformId: d.platformId, personId, role: 'delegate', orgId })
    }
    const first = docs[0]
    const expires = new Date(now.getTime() + 24 * 3600_000).toISOString()
    const account = (id: string, name: string): string => {
      store.createPerson({ id, username: id, email: null, displayName: name, passwordHash: null, isDemo: false, createdAt: now.toISOString() })
      const t = newToken()
      store.createSession(tokenHash(t), id, expires)
      return `${SESSION_COOKIE}=${t}`
    }
    if (people && first) {
      for (let k = 0; k < people.orgs; k++) {
        store.addOrganization(first.platformId, { id: `org-${k}`, name: `Organization ${k}`, shortName: `O${k}`, color: '#336699' })
      }
      for (let i = 0; i < people.count; i++) {
        const id = `participant-${i}`
        const cookie = account(id, `Participant ${i}`)
        store.setMembership({ platformId: first.platformId, personId: id, role: 'delegate', orgId: `org-${i % people.orgs}` })
        seeded.participants.push({ personId: id, cookie })
      }
      const fid = 'bench-facilitator'
      const fcookie = account(fid, 'Facilitator')
      store.setMembership({ platformId: first.platformId, personId: fid, role: 'facilitator', orgId: null })
      seeded.facilitator = { personId: fid, cookie: fcookie }
    }
    if (seed) extra = seed(store, account)
  })
  return { cookie: `${SESSION_COOKIE}=${token}`, people: seeded, extra }
}

interface Seeded {
  cookie: string
  people: SeededPeople
  extra: Record<string, string>
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

async function waitForHttp(url: string, child: ChildProcess, timeoutMs: number, pollMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`server exited before ready (${url})`)
    try {
      const res = await fetch(url)
      if (res.status === 200) return
    } catch {
      // Not listening yet.
    }
    await sleep(pollMs)
  }
  throw new Error(`server not ready after ${timeoutMs} ms (${url})`)
}

/** Opens the store a Plank run seeds: its SQLite file, or the shared PostgreSQL database. */
function openSeedStore(dataDir: string, shared: SharedServices | undefined): Store {
  return shared ? openPostgresStore(shared.databaseUrl) : openSqliteStore(join(dataDir, 'plank.sqlite'))
}

/** Plank's environment: the bench's caps, its data folder, and the shared services when there are some. */
function plankEnv(port: number, dataDir: string, opts: StartOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    PLANK_DATA_DIR: dataDir,
    PLANK_DEMO: '0',
    // The load clients of one scenario share one sign-in and one address; the caps are for people.
    PLANK_MAX_SOCKETS_PER_SESSION: '100000',
    PLANK_MAX_SOCKETS_PER_ADDRESS: '100000',
  }
  delete env.PLANK_DATABASE_URL
  delete env.PLANK_REDIS_URL
  if (opts.shared) {
    env.PLANK_DATABASE_URL = opts.shared.databaseUrl
    env.PLANK_AUDIT_KEY = BENCH_AUDIT_KEY
    if (opts.shared.redisUrl) env.PLANK_REDIS_URL = opts.shared.redisUrl
  }
  return { ...env, ...opts.plankEnv }
}

/** What one server process is started with. */
interface Launch {
  kind: ServerKind
  port: number
  /** A fresh temporary folder: server.log, Plank's data/. Removed by stop(). */
  workDir: string
  script: string
  env: NodeJS.ProcessEnv
  readyUrl: string
  seeded: Seeded | null
  sqlitePath: string | null
}

export async function startServer(kind: ServerKind, opts: StartOptions): Promise<RunningServer> {
  const port = await freePort()
  const workDir = mkdtempSync(join(tmpdir(), `plank-bench-${kind}-`))
  if (kind === 'plank') {
    const main = plankMainOf(opts)
    const seeded = await seedInto(openSeedStore(join(workDir, 'data'), opts.shared), opts).catch((err: unknown) => {
      rmSync(workDir, { recursive: true, force: true })
      throw err
    })
    return launchPlank(main, port, workDir, opts, seeded)
  }
  let script: string
  const env: NodeJS.ProcessEnv = { ...process.env, HOST: '127.0.0.1', PORT: String(port) }
  if (kind === 'hocuspocus') {
    if (!existsSync(HOCUSPOCUS_MAIN)) throw new Error(`${HOCUSPOCUS_MAIN} missing: run npm run build:server`)
    script = HOCUSPOCUS_MAIN
  } else {
    // In memory, as the README starts it (no YPERSISTENCE): the peer's default.
    // 'peer-leveldb': the same with its documented persistence, YPERSISTENCE=<dir> (y-leveldb).
    script = PEER_MAIN
    if (kind === 'peer-leveldb') env.YPERSISTENCE = join(workDir, 'leveldb')
    else delete env.YPERSISTENCE
  }
  return launch({ kind, port, workDir, script, env, readyUrl: `http://127.0.0.1:${port}/`, seeded: null, sqlitePath: null })
}

/**
 * `count` Plank instances of one deployment on the shared services (each its
 * own port and data folder), seeded once into the shared database; the same
 * session cookie and people work on every one. Started one after the other,
 * so only the first runs the migrations.
 */
export async function startPlankCluster(count: number, opts: StartOptions & { shared: SharedServices }): Promise<RunningServer[]> {
  const main = plankMainOf(opts)
  const seeded = await seedInto(openPostgresStore(opts.shared.databaseUrl), opts)
  const servers: RunningServer[] = []
  try {
    for (let i = 0; i < count; i++) {
      servers.push(await launchPlank(main, await freePort(), mkdtempSync(join(tmpdir(), 'plank-bench-plank-')), opts, seeded))
    }
  } catch (err) {
    await Promise.all(servers.map((s) => s.stop()))
    throw err
  }
  return servers
}

/** Plank's entry point for a run (default PLANK_MAIN), which must be built. */
function plankMainOf(opts: StartOptions): string {
  const main = opts.plankMain ?? PLANK_MAIN
  if (!existsSync(main)) throw new Error(`${main} missing: run npm run build:server`)
  return main
}

/** One Plank process in `workDir` (its data folder inside), on SQLite there or on the shared services. */
function launchPlank(main: string, port: number, workDir: string, opts: StartOptions, seeded: Seeded): Promise<RunningServer> {
  const dataDir = join(workDir, 'data')
  return launch({
    kind: 'plank',
    port,
    workDir,
    script: main,
    env: plankEnv(port, dataDir, opts),
    readyUrl: `http://127.0.0.1:${port}/healthz`,
    seeded,
    sqlitePath: opts.shared ? null : join(dataDir, 'plank.sqlite'),
  })
}

async function seedInto(store: Store, opts: StartOptions): Promise<Seeded> {
  try {
    return await seedPlank(store, opts.docs, opts.people, opts.seed)
  } finally {
    await store.close()
  }
}

async function launch(l: Launch): Promise<RunningServer> {
  const { kind, port, workDir, script, env, readyUrl } = l
  const logFile = join(workDir, 'server.log')
  const log = createWriteStream(logFile)
  // Spawn node directly (no shell, no npx) so child.pid is the server's own pid.
  const start = (): ChildProcess => {
    // Development knob: BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" (with BENCH_SERVERS to pick whose).
    const nodeArgs = process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? []
    const c = spawn(process.execPath, [...nodeArgs, script], { env, cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
    c.stdout?.pipe(log, { end: false })
    c.stderr?.pipe(log, { end: false })
    if (c.pid === undefined) throw new Error(`could not spawn ${kind}`)
    c.on('exit', (code, signal) => {
      if (c === child) server.exit = { code, signal }
    })
    return c
  }
  const halt = async (c: ChildProcess): Promise<void> => {
    if (c.exitCode !== null || c.signalCode !== null) return
    const exited = new Promise<void>((r) => c.once('exit', () => r()))
    c.kill('SIGTERM')
    const timedOut = await Promise.race([exited.then(() => false), sleep(5000).then(() => true)])
    if (timedOut) {
      c.kill('SIGKILL')
      await exited
    }
  }
  let child = start()
  // The peers have no authentication.
  const headers: Record<string, string> = l.seeded ? { Cookie: l.seeded.cookie } : {}
  const protocol: WireProtocol = kind === 'hocuspocus' ? 'hocuspocus' : 'y-websocket'

  const server: RunningServer = {
    kind,
    pid: child.pid!,
    port,
    people: l.seeded?.people ?? { participants: [], facilitator: null },
    seeded: l.seeded?.extra ?? {},
    baseUrl: `http://127.0.0.1:${port}`,
    exit: null,
    sqlitePath: l.sqlitePath,
    target: (doc) => ({ url: `ws://127.0.0.1:${port}/ws/${doc.platformId}`, headers, protocol, docName: doc.platformId }),
    logTail: () => {
      try {
        return readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n')
      } catch {
        return ''
      }
    },
    restart: async () => {
      await halt(child)
      const spawnedAt = performance.now()
      child = start()
      server.pid = child.pid!
      server.exit = null
      await waitForHttp(readyUrl, child, 20_000, 10)
      return spawnedAt
    },
    stop: async () => {
      await halt(child)
      log.end()
      rmSync(workDir, { recursive: true, force: true })
    },
  }
  try {
    await waitForHttp(readyUrl, child, 20_000)
  } catch (err) {
    // A server that never came up leaves no process and no temp folder behind.
    const tail = server.logTail()
    await server.stop()
    throw new Error(`${(err as Error).message}\n${tail}`)
  }
  return server
}
