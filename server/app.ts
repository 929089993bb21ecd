import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
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
import { sessionRouter } from './http/session-api.js'
import { staticClientRouter } from './http/static-client.js'
import { Comments } from './comments/comments.js'
import { GovContext } from './gov/context.js'
import { Membership } from './gov/membership.js'
import { PlatformSettings } from './gov/platform-settings.js'
import { authenticateConnection } from './identity/connection-auth.js'
import { clientAddressResolver } from './identity/client-address.js'
import { firstRunSetupToken } from './identity/first-run.js'
import { Sessions } from './identity/sessions.js'
import { SlidingWindowLimit } from './identity/rate-limit.js'
import { Tickets } from './identity/tickets.js'
import { SignInThrottle } from './identity/sign-in-throttle.js'
import type { Services } from './services.js'
import { attachRelay } from './relay/relay.js'
import { Rooms } from './relay/rooms.js'
import { openSqliteStore } from './store/sqlite/open.js'
import type { Store } from './store/store.js'

export interface Plank {
  port: number
  server: Server
  store: Store
  rooms: Rooms
  services: Services
  /** The sample platform created on this start, if any. */
  samplePlatformId: string | null
  /** First run only: the secret of the one-time link that creates the first account. */
  setupToken: string | null
  /** Closes sockets, then the database. */
  close(): Promise<void>
}

/** Starts Plank: HTTP API, static client and the relay on one port, over one store. */
export async function createPlank(config: PlankConfig): Promise<Plank> {
  const store = openSqliteStore(databaseFile(config), config.durability)
  openAuditLog(store, { dataDir: config.dataDir, key: config.auditKey, log: config.log })
  const samplePlatformId = config.demo ? ensureSamplePlatform(store) : null
  const rooms = new Rooms(store, {
    compactAfterUpdates: config.compactAfterUpdates,
    unloadGraceMs: config.unloadGraceMs,
    log: config.log,
  })

  const gov = new GovContext(store, rooms)
  const sessions = new Sessions(store, { sessionTtlMs: config.sessionTtlMs, demo: config.demo })
  const services: Services = {
    config,
    store,
    rooms,
    sessions,
    tickets: new Tickets(),
    gov,
    settings: new PlatformSettings(gov),
    membership: new Membership(gov),
    comments: new Comments(gov, rooms, {
      maxChars: config.commentMaxChars,
      limiter: new SlidingWindowLimit(config.commentsPerMinute, 60_000),
    }),
    signoffs: new Signoffs(gov, rooms),
    drafting: new DraftingSessions(gov),
    signInThrottle: new SignInThrottle(),
  }
  const setupToken = firstRunSetupToken(store)

  const app = express()
  app.disable('x-powered-by')
  app.set('trust proxy', config.trustProxy)
  app.use(securityHeaders)
  app.get('/healthz', (_req, res) => {
    res.json({ ok: true })
  })
  // The server's clock: session countdowns are computed from it, not from each device's clock.
  app.get('/api/time', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store')
    res.json({ now: Date.now() })
  })
  app.use('/api', sameOriginOnly, express.json({ limit: '1mb' }), attachSession(services))
  app.use('/api', sessionRouter(services))
  app.use('/api/platforms', platformsRouter(services), platformPeopleRouter(services), commentsRouter(services), signoffsRouter(services), exportRouter(services), draftingRouter(services))
  app.use('/api/invitations', invitationsRouter(services))
  app.use('/api', (_req, res) => sendError(res, 404, 'not_found', 'No such API route.'))
  if (config.clientDir) app.use(staticClientRouter(config.clientDir))
  app.use((_req, res) => sendError(res, 404, 'not_found', 'Not found.'))
  app.use(errorHandler(config.log))

  const server = createServer(app)
  const relay = attachRelay(server, rooms, {
    maxMessageBytes: config.maxMessageBytes,
    maxBufferedBytes: config.maxBufferedBytes,
    authenticate: (request, platformId, ticket) => authenticateConnection(services, request, platformId, ticket),
    sessionAlive: (key) => sessions.byKey(key) !== null,
    clientAddress: clientAddressResolver(app.get('trust proxy fn') as (address: string, hop: number) => boolean),
    maxSocketsPerSession: config.maxSocketsPerSession,
    maxSocketsPerAddress: config.maxSocketsPerAddress,
    checkUpdates: config.checkUpdates,
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
        void store.close().then(resolve)
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
    samplePlatformId,
    setupToken,
    close,
  }
}
