/** What every scenario's result starts with, and the failures its clients and server show at the end of a run. */
import type { LoadClient } from '../load-client.js'
import type { RunningServer, ServerKind } from '../servers.js'
import { unexpectedCloses } from './common.js'

/** The head of every result: which server, the configuration, and ok exactly when nothing failed. */
export function resultHead<C extends object>(kind: ServerKind, cfg: C, failures: string[]): { server: ServerKind } & C & { ok: boolean; failures: string[] } {
  return { server: kind, ...cfg, ok: failures.length === 0, failures }
}

/**
 * Adds a failure for clients the server closed, updates it refused and a server
 * that exited; returns the closes by code (reported as closedByServer).
 */
export function endOfRunFailures(clients: LoadClient[], server: RunningServer, failures: string[]): Record<string, number> {
  const closedByServer = unexpectedCloses(clients)
  if (Object.keys(closedByServer).length) failures.push(`server closed clients: ${JSON.stringify(closedByServer)}`)
  const refusals = clients.reduce((n, c) => n + c.refusals.length, 0)
  if (refusals) failures.push(`${refusals} updates refused`)
  if (server.exit) failures.push(`server exited: ${JSON.stringify(server.exit)}`)
  return closedByServer
}
