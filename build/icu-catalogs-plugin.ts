import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser'
import ts from 'typescript'
import type { Plugin } from 'vite'

/** The interface's message catalogs (client/src/i18n/*.ts, not its index). */
const CATALOG = /[\\/]client[\\/]src[\\/]i18n[\\/](?!index\.)[\w-]+\.ts$/

/** Only text and plain `{name}` values, written as the parser reads them back (no quoting apostrophes). */
export const isPlain = (ast: MessageFormatElement[]): boolean =>
  ast.every((e) => (e.type === TYPE.literal && !e.value.includes("'")) || e.type === TYPE.argument)

/**
 * Compiles the catalogs' ICU messages at build time: each message string in a
 * catalog module becomes its parsed form (JSON), which intl-messageformat
 * formats as it is. The browser then needs intl-messageformat's formatter but
 * not its parser (aliased to the package's own no-parser entry), which keeps
 * the first load within issue 13's budget. A message that does not parse
 * fails the build, naming it.
 */
export function icuCatalogs(): Plugin {
  return {
    name: 'plank-icu-catalogs',
    enforce: 'pre',
    transform(code, id) {
      if (!CATALOG.test(id)) return null
      const source = ts.createSourceFile(id, code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS)
      const edits: Array<{ start: number; end: number; text: string }> = []
      const visit = (node: ts.Node): void => {
        if (ts.isPropertyAssignment(node) && (ts.isStringLiteral(node.initializer) || ts.isNoSubstitutionTemplateLiteral(node.initializer))) {
          const message = node.initializer.text
          let ast: MessageFormatElement[] = []
          try {
            ast = parse(message, { ignoreTag: true })
          } catch (e) {
            this.error(`${id}: message ${node.name.getText(source)} is not valid ICU: ${(e as Error).message}`)
          }
          // Text with plain {name} values stays a string (the client fills those in itself); the rest ships parsed.
          if (!isPlain(ast)) edits.push({ start: node.initializer.getStart(source), end: node.initializer.getEnd(), text: JSON.stringify(ast) })
        }
        ts.forEachChild(node, visit)
      }
      visit(source)
      let out = code
      for (const e of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end)
      return { code: out, map: null }
    },
  }
}
