import type { IncomingMessage } from 'node:http'
import type { Principal } from '../../shared/permissions.js'

/**
 * Who is this request or connection? Until sign-in exists every caller is a
 * guest who picked a name and organization on their device; the relay and API
 * only ever ask this function, so accounts plug in here.
 */
export function principalOf(_request: IncomingMessage): Principal {
  return { kind: 'guest', name: null, orgId: null }
}
