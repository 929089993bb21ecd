import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { returnMemoryWhileIdle } from './process/return-memory.js'
import express from 'express'
import { databaseFile, type PlankConfig } from './config.js'
import { openAuditLog } from './audit/audit-log.js'
import { ensureSamplePlatform } from './demo/sample-platform.js'
import { errorHandler, sendError } from './http/errors.js'
import { attachSession, sameOriginOnly } from './http/auth.js'
import { securityHeaders } from './http/security-headers.js'
import { invitationsRouter, platformPeopleRouter } from './http/people-api.js'
import { commentsRouter } from './http/comments-api.js'
import { platformsRouter } from './http/platforms-api.js'
import { exportRouter, signoffsRouter } from './http/signoffs-api.js'
import { draftingRouter } from './http/drafting-api.js'
import { DraftingSessions } from './drafting/drafting-sessions.js'
import { Signoffs } from './signoff/signoffs.js'
import { withDocumentWatch } from './gov/document-watch.js'
import { SectionVersions } from './versions/versions.js'
import { versionsRouter } from './http/versions-api.js'
import { approvalNoticesRouter } from './http/approval-notices-api.js'
import { sessionRouter } from './http/session-api.js'
import { staticClientRouter } from './http/static-client.js'
import { tokensRouter } from './http/tokens-api.js'
import { amendmentsRouter } from './http/amendments-api.js'
import { translationsRouter } from './http/translations-api.js'
import { Amendments } from './amendments/amendments.js'
import { Comments } from './comments/comments.js'
import { GovContext } from './gov/context.js'
import { Translations } from './translations/translations.js'
import { governanceHooks } from './gov/relay-hooks.js'
import { Documents } from './documents/documents.js'
import { Membership } from './gov/membership.js'
import { PlatformSettings } from './gov/platform-settings.js'
import { AccessTokens } from './identity/access-tokens.js'
import { authenticateConnection, credentialAlive, type ConnectionAuth } from './identity/connection-auth.js'
import { clientAddressResolver } from './identity/client-address.js'
import { firstRunSetupToken } from './identity/first-run.js'
import { Sessions } from './identity/sessions.js'
import { SlidingWindowLimit } from './identity/rate-limit.js'
import { Tickets } from './identity/tickets.js'
import { SignInThrottle } from './identity/sign-in-throttle.js'
import type { Services } from './services.js'
import type { Admission, RelayHooks } from './relay/hooks.js'
import { attachRelay } from './relay/relay.js'
import { Rooms } from './relay/rooms.js'
import type { Principal } from '../shared/policy.js'
import { Health, healthRoute } from './observability/health.js'
import { createMetrics, type PlankMetrics } from './observability/metrics.js'
import { metricsRoute } from './observability/metrics-route.js'
import { openSqliteStore } from './store/sqlite/open.js'
import { openPostgresStore } from './store/postgres/open.js'
import { clusterProbe, joinCluster } from './cluster/join-cluster.js'
import { followCluster } from './cluster/cluster-events.js'
import type { Store } from './store/store.js'

export interface Plank {
  port: number
  server: Server
  store: Store
  rooms: Rooms<Principal>
  services: Services
  /** GET /metrics; the multi-instance mode observes its fan-out and Redis lag here. */
  metrics: PlankMetrics
  /** GET /healthz's dependencies: more are registered at start (Redis). */
  health: Health
  /** The sample platform created on this start, if any. */
  samplePlatformId: string | null
  /** First run only: the secret of the one-time link that creates the first account. */
  setupToken: string | null
  /** Closes sockets, then the database. */
  close(): Promise<void>
}

/** What a caller of createPlank may change that no deployment's environment can. */
export interface PlankOptions {
  /**
   * Replaces some of the relay's hooks. For measurements only: the benchmark's
   * own entry point (bench/plank-unchecked-server.ts) allows every write to
   * measure what the permission check costs. server/main.ts passes none.
   */
  relayHooks?: Partial<RelayHooks<Principal>>
}

/** A connection admitted by the session cookie, a ticket or a token writes as its person. */
const admission = (auth: ConnectionAuth): Admission<Principal> =>
  auth.ok ? { ok: true, userId: auth.principal.personId, context: auth.principal, sessionKey: auth.sessionKey, expiresAt: auth.expiresAt } : auth

/** Starts Plank: HTTP API, static client and the relay on one port, over one store. */
export async function createPlank(config: PlankConfig, options: PlankOptions = {}): Promise<Plank> {
  const store = config.databaseUrl
    ? openPostgresStore(config.databaseUrl)
    : openSqliteStore(databaseFile(config), config.durability, { maxWalBytes: config.maxWalBytes })
  openAuditLog(store, { dataDir: config.dataDir, key: config.auditKey, log: config.log })
  const samplePlatformId = config.demo ? ensureSamplePlatform(store) : null
  const health = new Health({ log: config.log })
  health.register({ name: 'store', facts: { engine: store.engine }, probe: () => store.ping() })
  // Read when scraped, after `relay` exists.
  const metrics = createMetrics({ openConnections: () => relay.openConnections(), roomsLoaded: () => rooms.size })
  const cluster = await joinCluster(config, store, metrics)
  if (cluster.shared) health.register({ name: 'redis', critical: false, probe: () => clusterProbe(cluster) })
  // Hooks run only once the server accepts connections: by then `services` and `gov` exist.
  const hooks: RelayHooks<Principal> = {
    authenticate: (request, platformId, params) => admission(authenticateConnection(services, request, platformId, params.get('ticket'))),
    sessionAlive: (key) => credentialAlive(services, key),
    ...withDocumentWatch(
      withDocumentWatch(
        governanceHooks(() => gov),
        () => services.signoffs.stale,
      ),
      () => services.versions,
    ),
    ...options.relayHooks,
  }
  const rooms = new Rooms<Principal>(store, {
    compactAfterUpdates: config.compactAfterUpdates,
    unloadGraceMs: config.unloadGraceMs,
    log: config.log,
    metrics,
    cluster,
    hooks,
    onEmpty: () => returnMemoryWhileIdle(() => rooms.size === 0),
  })
  const documents = new Documents(rooms)

  const gov = new GovContext(store, documents, cluster)
  followCluster(cluster, { rooms, gov, log: config.log })
  const translations = new Translations(gov, documents)
  const sessions = new Sessions(store, { sessionTtlMs: config.sessionTtlMs, demo: config.demo })
  const services: Services = {
    config,
    store,
    rooms,
    documents,
    sessions,
    tickets: new Tickets(store),
    accessTokens: new AccessTokens(store, { demo: config.demo }),
    gov,
    settings: new PlatformSettings(gov),
    membership: new Membership(gov),
    comments: new Comments(gov, documents, {
      maxChars: config.commentMaxChars,
      limiter: new SlidingWindowLimit(store, 'comments', config.commentsPerMinute, 60_000),
    }),
    translations,
    signoffs: new Signoffs(gov, documents, translations, config.log),
    amendments: new Amendments(gov, documents, () => services.signoffs.stale, config.log),
    drafting: new DraftingSessions(gov),
    versions: new SectionVersions(gov, documents, { pauseMs: config.versionPauseMs, log: config.log }),
    signInThrottle: new SignInThrottle(store),
  }
  services.drafting.onItemEnded = (platformId, sectionId, actorId) => services.versions.sessionItemEnded(platformId, sectionId, actorId)
  const setupToken = firstRunSetupToken(store)

  const app = express()
  app.disable('x-powered-by')
  app.set('trust proxy', config.trustProxy)
  app.use(metrics.countRequests)
  app.use(securityHeaders)
  app.get('/healthz', healthRoute(health))
  app.get('/metrics', metricsRoute(metrics, config.metrics))
  // The server's clock: session countdowns are computed from it, not from each device's clock.
  app.get('/api/time', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store')
    res.json({ now: Date.now() })
  })
  app.use('/api', sameOriginOnly, express.json({ limit: '1mb' }), attachSession(services))
  app.use('/api', sessionRouter(services))
  app.use(
    '/api/platforms',
    platformsRouter(services),
    platformPeopleRouter(services),
    commentsRouter(services),
    signoffsRouter(services),
    amendmentsRouter(services),
    translationsRouter(services),
    approvalNoticesRouter(services),
    exportRouter(services),
    versionsRouter(services),
    draftingRouter(services),
  )
  app.use('/api/invitations', invitationsRouter(services))
  app.use('/api/tokens', tokensRouter(services))
  app.use('/api', (req, res) => sendError(req, res, 404, 'not_found', 'http.noApiRoute'))
  if (config.clientDir) app.use(staticClientRouter(config.clientDir))
  app.use((req, res) => sendError(req, res, 404, 'not_found', 'http.notFound'))
  app.use(errorHandler(config.log))

  const server = createServer(app)
  const relay = attachRelay(server, rooms, {
    maxMessageBytes: config.maxMessageBytes,
    maxBufferedBytes: config.maxBufferedBytes,
    clientAddress: clientAddressResolver(app.get('trust proxy fn') as (address: string, hop: number) => boolean),
    maxSocketsPerSession: config.maxSocketsPerSession,
    maxSocketsPerAddress: config.maxSocketsPerAddress,
    heartbeatMs: config.heartbeatMs,
    log: config.log,
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(config.port, config.host, () => resolve())
  })

  let closing: Promise<void> | null = null
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      relay.close()
      rooms.closeAll()
      server.close(() => {
        void cluster
          .close()
          .then(() => store.close())
          .then(resolve)
      })
      server.closeAllConnections()
    })
    return closing
  }

  return {
    port: (server.address() as AddressInfo).port,
    server,
    store,
    rooms,
    services,
    metrics,
    health,
    samplePlatformId,
    setupToken,
    close,
  }
}
