/**
 * Where a page may send someone after signing in (`?next=`): only a path on
 * this site. The rule, checked on the raw value and again after decoding
 * (browsers decode and drop tabs and newlines before resolving):
 * it starts with exactly one `/`, the next character is neither `/` nor `\`
 * (both make a protocol-relative URL to another host), and it holds no
 * control characters or whitespace-like characters that URL parsing strips.
 * Finally it must resolve, against any origin, to that same origin.
 * Anything else yields `fallback`.
 */
export function sameOriginPath(raw: string | null | undefined, fallback = '/'): string {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 2000) return fallback
  let decoded: string
  try {
    decoded = decodeURIComponent(raw)
  } catch {
    return fallback
  }
  for (const candidate of [raw, decoded]) {
    if (!candidate.startsWith('/')) return fallback
    const second = candidate[1]
    if (second === '/' || second === '\\') return fallback
    // C0 controls, DEL, C1 controls and the Unicode spaces/separators a URL parser may strip or mangle.
    if (/[\u0000-\u001f\u007f-\u009f\u00a0\u1680\u2000-\u200f\u2028-\u202f\u205f\u2060-\u206f\u3000\ufeff]/.test(candidate)) return fallback
    if (candidate.includes('\\')) return fallback
  }
  const base = 'https://plank.invalid'
  let resolved: URL
  try {
    resolved = new URL(raw, base)
  } catch {
    return fallback
  }
  if (resolved.origin !== base) return fallback
  return resolved.pathname + resolved.search + resolved.hash
}
