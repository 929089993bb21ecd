/** Text emitted as is between the values of an array or object. */
class Raw {
  constructor(readonly text: string) {}
}

/**
 * Canonical JSON: object keys sorted, no whitespace, so that equal values
 * always hash equally (audit chain, content hashes). Iterative, with an
 * explicit stack: a section nested thousands of levels deep (which a crafted
 * client can store) must not overflow the call stack.
 */
export function canonicalJson(value: unknown): string {
  const out: string[] = []
  const stack: unknown[] = [value]
  while (stack.length > 0) {
    const item = stack.pop()
    if (item instanceof Raw) {
      out.push(item.text)
      continue
    }
    if (item === null || typeof item !== 'object') {
      if (typeof item === 'number' && !Number.isFinite(item)) throw new Error('canonicalJson: non-finite number')
      out.push(JSON.stringify(item) ?? 'null')
      continue
    }
    // Pushed in reverse: popped as open, first, separator, second, …, close.
    if (Array.isArray(item)) {
      stack.push(new Raw(']'))
      for (let i = item.length - 1; i >= 0; i--) {
        stack.push(item[i])
        if (i > 0) stack.push(new Raw(','))
      }
      stack.push(new Raw('['))
      continue
    }
    const entries = Object.entries(item as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    stack.push(new Raw('}'))
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, v] = entries[i]!
      stack.push(v)
      stack.push(new Raw(`${i > 0 ? ',' : ''}${JSON.stringify(key)}:`))
    }
    stack.push(new Raw('{'))
  }
  return out.join('')
}
