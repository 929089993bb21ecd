import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import express from 'express'
import { databaseFile, type PlankConfig } from './config.js'
import { ensureSamplePlatform } from './demo/sample-platform.js'
import { errorHandler, sendError } from './http/errors.js'
import { platformsRouter } from './http/platforms-api.js'
import { staticClientRouter } from './http/static-client.js'
import { attachRelay } from './relay/relay.js'
import { Rooms } from './relay/rooms.js'
import { openSqliteStore } from './store/sqlite-store.js'
import type { Store } from './store/store.js'

export interface Plank {
  port: number
  server: Server
  store: Store
  rooms: Rooms
  /** The sample platform created on this start, if any. */
  samplePlatformId: string | null
  /** Closes sockets, then the database. */
  close(): Promise<void>
}

/** Starts Plank: HTTP API, static client and the relay on one port, over one store. */
export async function createPlank(config: PlankConfig): Promise<Plank> {
  const store = openSqliteStore(databaseFile(config), config.durability)
  const samplePlatformId = config.demo ? ensureSamplePlatform(store) : null
  const rooms = new Rooms(store, {
    compactAfterUpdates: config.compactAfterUpdates,
    unloadGraceMs: config.unloadGraceMs,
    log: config.log,
  })

  const app = express()
  app.disable('x-powered-by')
  app.get('/healthz', (_req, res) => {
    res.json({ ok: true })
  })
  app.use('/api', express.json({ limit: '1mb' }))
  app.use('/api/platforms', platformsRouter(store))
  app.use('/api', (_req, res) => sendError(res, 404, 'not_found', 'No such API route.'))
  if (config.clientDir) app.use(staticClientRouter(config.clientDir))
  app.use((_req, res) => sendError(res, 404, 'not_found', 'Not found.'))
  app.use(errorHandler(config.log))

  const server = createServer(app)
  const relay = attachRelay(server, rooms, {
    maxMessageBytes: config.maxMessageBytes,
    maxBufferedBytes: config.maxBufferedBytes,
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
        store.close()
        resolve()
      })
      server.closeAllConnections()
    })
    return closing
  }

  return { port: (server.address() as AddressInfo).port, server, store, rooms, samplePlatformId, close }
}
