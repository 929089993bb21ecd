import type { NextFunction, Request, Response } from 'express'

/** A Host header fit to be named in the policy (anything else gets plain 'self'). */
const PLAIN_HOST = /^[a-z0-9.-]+(?::\d{1,5})?$|^\[[0-9a-f:.]+\](?::\d{1,5})?$/i

/**
 * The app's Content-Security-Policy. Scripts only from this origin (the built
 * client has no inline script); no plugins, no <base> rewriting, never framed.
 * connect-src names ws:/wss: of this host explicitly because older browsers
 * do not count websockets as 'self'. style-src allows inline styles because
 * the editor (Tiptap/ProseMirror) injects its base stylesheet and positions
 * carets with style attributes; styles cannot run script.
 */
export function contentSecurityPolicy(host: string | undefined): string {
  const sockets = host && PLAIN_HOST.test(host) ? ` ws://${host} wss://${host}` : ''
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${sockets}`,
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ')
}

/**
 * Exports (platform and minutes, HTML or Markdown) are documents, not the
 * app: no script, no connections, nothing but their inline style. Their HTML
 * repeats this in a <meta> tag for copies saved to disk.
 */
export const EXPORT_POLICY = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
const EXPORT_PATH = /\/(?:export|minutes)\.(?:html|md)$/

/**
 * Security headers on every answer: app pages, API answers and exports.
 * Set first, before any route can answer.
 */
export function securityHeaders(req: Request, res: Response, next: NextFunction): void {
  res.setHeader('Content-Security-Policy', EXPORT_PATH.test(req.path) ? EXPORT_POLICY : contentSecurityPolicy(req.headers.host))
  res.setHeader('X-Content-Type-Options', 'nosniff')
  res.setHeader('X-Frame-Options', 'DENY')
  res.setHeader('Referrer-Policy', 'no-referrer')
  // A page opened from a link in the platform gets no handle on this tab (window.opener).
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin')
  next()
}
