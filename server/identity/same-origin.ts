import type { IncomingHttpHeaders } from 'node:http'

/**
 * Is this request from a page on another site? The one rule for the HTTP
 * API's state-changing requests and for the relay's websocket upgrade: a
 * browser always sends Origin (and usually Sec-Fetch-Site) with both, and it
 * must name this server exactly (scheme aside, host and port as in Host).
 * A sibling subdomain or another port on the same host is another origin:
 * cookies do not tell ports apart, so that page would otherwise act with the
 * person's session. Requests with neither header come from non-browser
 * clients (scripts, a ticketed y-websocket in Node), which carry no ambient
 * cookie risk.
 */
export function isCrossSite(headers: IncomingHttpHeaders): boolean {
  const fetchSite = headers['sec-fetch-site']
  if (fetchSite === 'cross-site' || fetchSite === 'same-site') return true
  const origin = headers.origin
  if (origin === undefined) return false
  let host: string | null = null
  try {
    const url = new URL(origin)
    host = url.protocol === 'http:' || url.protocol === 'https:' ? url.host : null
  } catch {
    host = null
  }
  return host === null || host !== headers.host
}
