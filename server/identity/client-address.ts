import type { IncomingMessage } from 'node:http'
import { createRequire } from 'node:module'

/** Express's own resolver (a dependency of express, no typings of its own): the websocket and req.ip agree exactly. */
const proxyaddr = createRequire(import.meta.url)('proxy-addr') as (request: IncomingMessage, trust: (address: string, hop: number) => boolean) => string

/**
 * The client's address for throttling and connection caps: the socket's
 * peer, or with PLANK_TRUST_PROXY the first address in X-Forwarded-For that
 * is not a trusted proxy. `trust` is express's compiled "trust proxy fn".
 */
export const clientAddressResolver =
  (trust: (address: string, hop: number) => boolean) =>
  (request: IncomingMessage): string => {
    try {
      return proxyaddr(request, trust) || 'unknown'
    } catch {
      return request.socket.remoteAddress ?? 'unknown'
    }
  }
