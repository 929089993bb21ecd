/**
 * Issue 15, the message catalogs: every key in both languages, no key nobody
 * uses, every message valid ICU MessageFormat with the same placeholders (and
 * the same plural and select arguments) in English and Spanish, and one
 * register in Spanish (usted). For the interface (client/src/i18n) and for
 * the documents the server writes (server/publish/export-words.ts), and for
 * the API's error messages (server/i18n/api-errors-*.ts).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser'
import { describe, expect, it } from 'vitest'
import { esCatalog } from '../../client/src/i18n/es-catalog.js'
import { accountEn } from '../../client/src/i18n/account.js'
import { importEn } from '../../client/src/i18n/import.js'
import { historyEn } from '../../client/src/i18n/history.js'
import { en } from '../../client/src/i18n/index.js'
import { settingsEn } from '../../client/src/i18n/settings.js'
import { API_ERROR_CATALOGS } from '../../server/i18n/api-errors.js'
import { EXPORT_CATALOGS } from '../../server/publish/export-words.js'

/** Every argument of a message with its kind ("argument", "plural", "select", "number"…), nested ones included. */
function argumentsOf(elements: MessageFormatElement[], into = new Set<string>()): Set<string> {
  for (const e of elements) {
    if (e.type === TYPE.literal || e.type === TYPE.pound) continue
    if (e.type === TYPE.tag) {
      argumentsOf(e.children, into)
      continue
    }
    into.add(`${e.value}:${TYPE[e.type]}`)
    if (e.type === TYPE.plural || e.type === TYPE.select) for (const option of Object.values(e.options)) argumentsOf(option.value, into)
  }
  return into
}

const sorted = (set: Set<string>): string[] => [...set].sort()

/** Every file under a folder with one of the extensions. */
function sources(dir: string, exts: string[]): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return sources(path, exts)
    return exts.some((x) => name.endsWith(x)) ? [path] : []
  })
}

/**
 * Whether source text uses a key: as a literal ('key', "key", `key`), or
 * through a template whose fixed start names it (t(`role.${role}`) uses every
 * `role.` key).
 */
function usage(code: string): (key: string) => boolean {
  const prefixes = [...code.matchAll(/`([a-zA-Z][\w.]*\.)\$\{/g)].map((m) => m[1]!)
  return (key) => code.includes(`'${key}'`) || code.includes(`"${key}"`) || code.includes(`\`${key}\``) || prefixes.some((p) => key.startsWith(p))
}

/** Forms of tú: the Spanish catalog addresses people as usted throughout. */
const TU_FORMS = /\b(tú|tu|tus|tuyo|tuya|tuyos|tuyas|contigo|puedes|tienes|estás|eres|editas|quieres|debes|necesitas|sabes|guárdalo|revócalo|inténtalo)\b/i

function checkPair(name: string, english: Record<string, string>, spanish: Record<string, string>, used: (key: string) => boolean) {
  describe(name, () => {
    const enKeys = Object.keys(english)
    const esKeys = Object.keys(spanish)

    it('has every key in both languages', () => {
      expect(
        enKeys.filter((k) => !(k in spanish)),
        'missing in Spanish',
      ).toEqual([])
      expect(
        esKeys.filter((k) => !(k in english)),
        'missing in English',
      ).toEqual([])
    })

    it('has no key that nothing uses', () => {
      expect(enKeys.filter((k) => !used(k))).toEqual([])
    })

    it('has only valid ICU messages, with the same placeholders in both languages', () => {
      const problems: string[] = []
      for (const key of enKeys) {
        let a: Set<string> | null = null
        let b: Set<string> | null = null
        try {
          a = argumentsOf(parse(english[key]!, { ignoreTag: true }))
        } catch (e) {
          problems.push(`${key} (en) does not parse: ${(e as Error).message}`)
        }
        try {
          if (spanish[key] !== undefined) b = argumentsOf(parse(spanish[key]!, { ignoreTag: true }))
        } catch (e) {
          problems.push(`${key} (es) does not parse: ${(e as Error).message}`)
        }
        if (a && b && sorted(a).join() !== sorted(b).join()) problems.push(`${key}: en {${sorted(a).join(', ')}} ≠ es {${sorted(b).join(', ')}}`)
      }
      expect(problems).toEqual([])
    })

    it('speaks to people as usted in Spanish', () => {
      expect(esKeys.filter((k) => TU_FORMS.test(spanish[k]!)).map((k) => `${k}: ${spanish[k]}`)).toEqual([])
    })
  })
}

const clientCode = sources('client/src', ['.ts', '.tsx'])
  .filter((p) => !p.includes(`${join('client', 'src', 'i18n')}`))
  .map((p) => readFileSync(p, 'utf8'))
  .join('\n')
const serverCode = sources('server', ['.ts'])
  .filter((p) => !p.endsWith('export-words.ts') && !/api-errors-\w+\.ts$/.test(p))
  .map((p) => readFileSync(p, 'utf8'))
  .join('\n')

checkPair('the interface catalogs', { ...en, ...settingsEn, ...accountEn, ...importEn, ...historyEn }, esCatalog, usage(clientCode))
checkPair('the catalogs of exported documents', EXPORT_CATALOGS.en!, EXPORT_CATALOGS.es!, usage(serverCode))
checkPair('the catalogs of API error messages', API_ERROR_CATALOGS.en, API_ERROR_CATALOGS.es, usage(serverCode))

describe('the checks themselves', () => {
  it('see a placeholder that differs, a message that does not parse, and a tú form', () => {
    expect(sorted(argumentsOf(parse('{n, plural, one {# item in {place}} other {# items}}')))).toEqual(['n:plural', 'place:argument'])
    expect(() => parse('{unclosed')).toThrow()
    expect(TU_FORMS.test('Si lo editas, tendrá que revisarlo')).toBe(true)
    expect(TU_FORMS.test('Si lo edita, tendrá que revisarlo')).toBe(false)
    expect(usage("t('a.b')")('a.b')).toBe(true)
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the source text of a template literal, as the check reads it
    expect(usage('t(`role.${r}`)')('role.delegate')).toBe(true)
    expect(usage("t('a.b')")('a.c')).toBe(false)
  })
})
