/** An array or object being written: its members, and how many are written. */
type Frame = { close: ']' | '}'; keys: string[] | null; values: unknown[]; next: number }

/**
 * Canonical JSON: object keys sorted, no whitespace, so that equal values
 * always hash equally (audit chain, content hashes). Iterative, with an
 * explicit stack of open arrays and objects: a section nested thousands of
 * levels deep (which a crafted client can store) must not overflow the call
 * stack.
 */
export function canonicalJson(value: unknown): string {
  let out = ''
  const stack: Frame[] = []
  // Writes a primitive, or opens an array or object (its members follow).
  const write = (v: unknown): void => {
    if (v === null || typeof v !== 'object') {
      if (typeof v === 'number' && !Number.isFinite(v)) throw new Error('canonicalJson: non-finite number')
      out += JSON.stringify(v) ?? 'null'
    } else if (Array.isArray(v)) {
      out += '['
      stack.push({ close: ']', keys: null, values: v, next: 0 })
    } else {
      const entries = Object.entries(v as Record<string, unknown>)
        .filter(([, member]) => member !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      out += '{'
      stack.push({ close: '}', keys: entries.map(([k]) => k), values: entries.map(([, member]) => member), next: 0 })
    }
  }
  write(value)
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!
    if (frame.next >= frame.values.length) {
      out += frame.close
      stack.pop()
      continue
    }
    const i = frame.next++
    if (i > 0) out += ','
    if (frame.keys) out += `${JSON.stringify(frame.keys[i])}:`
    write(frame.values[i])
  }
  return out
}
