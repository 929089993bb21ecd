/**
 * The repositories' SQL (positional `?`, named `@name`) in PostgreSQL's
 * numbered parameters. Quoted strings and identifiers are left as they are.
 */
export interface TranslatedSql {
  text: string
  /** For named parameters: the name bound to each $n, in order; null for positional ones. */
  names: string[] | null
}

export function translateSql(sql: string): TranslatedSql {
  let text = ''
  let positional = 0
  const names: string[] = []
  for (let i = 0; i < sql.length; i++) {
    const ch = sql[i]!
    if (ch === "'" || ch === '"') {
      const end = sql.indexOf(ch, i + 1)
      if (end < 0) throw new Error(`unterminated quote in SQL: ${sql}`)
      text += sql.slice(i, end + 1)
      i = end
    } else if (ch === '?') {
      text += `$${++positional}`
    } else if (ch === '@' && /[A-Za-z_]/.test(sql[i + 1] ?? '')) {
      const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(sql.slice(i + 1))![0]
      let index = names.indexOf(name)
      if (index < 0) index = names.push(name) - 1
      text += `$${index + 1}`
      i += name.length
    } else {
      text += ch
    }
  }
  if (positional > 0 && names.length > 0) throw new Error(`SQL mixes ? and @name parameters: ${sql}`)
  return { text, names: names.length > 0 ? names : null }
}
