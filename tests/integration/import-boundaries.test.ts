import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

/**
 * The seams of issue 12, item 2, checked on the source itself: the relay
 * knows nothing of governance (it reaches it only through its hooks, which
 * app.ts fills), shared/ stands alone (the client imports it too), and no
 * import cycle exists in server/ or shared/. Type-only imports count: a relay
 * that names governance's types still knows governance.
 */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..')

/** Every .ts file under `dir`, as a path relative to the repository root. */
function sourceFiles(dir: string): string[] {
  const out: string[] = []
  for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`
    if (entry.isDirectory()) out.push(...sourceFiles(path))
    else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(path)
  }
  return out
}

/** A file's relative imports (static, type-only, re-exports and dynamic), resolved to repository paths; packages are left out. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8')
  const { importedFiles } = ts.preProcessFile(text, true, true)
  return importedFiles
    .map((f) => f.fileName)
    .filter((spec) => spec.startsWith('.'))
    .map((spec) => relative(ROOT, resolve(ROOT, dirname(file), spec)).replace(/\.js$/, '.ts'))
}

type ImportGraph = Map<string, string[]>

function importGraph(dirs: string[]): ImportGraph {
  const graph: ImportGraph = new Map()
  for (const dir of dirs) for (const file of sourceFiles(dir)) graph.set(file, importsOf(file))
  return graph
}

/** Imports that break a rule: `from` may not import anything `forbidden` matches. */
function forbiddenImports(graph: ImportGraph, from: (file: string) => boolean, forbidden: (target: string) => boolean): string[] {
  const found: string[] = []
  for (const [file, targets] of graph) {
    if (!from(file)) continue
    for (const target of targets) if (forbidden(target)) found.push(`${file} -> ${target}`)
  }
  return found
}

/** Every import cycle among the graph's files, each as its path of files (first file repeated at the end). */
function importCycles(graph: ImportGraph): string[][] {
  const cycles: string[][] = []
  const state = new Map<string, 'open' | 'done'>()
  const stack: string[] = []
  const visit = (file: string): void => {
    state.set(file, 'open')
    stack.push(file)
    for (const next of graph.get(file) ?? []) {
      if (!graph.has(next)) continue
      const seen = state.get(next)
      if (seen === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next])
      else if (seen === undefined) visit(next)
    }
    stack.pop()
    state.set(file, 'done')
  }
  for (const file of [...graph.keys()].sort()) if (!state.has(file)) visit(file)
  return cycles
}

const under =
  (dir: string) =>
  (path: string): boolean =>
    path.startsWith(`${dir}/`)

/** What the relay must not know: governance and its services, and governance's shared rules and state layout. */
const GOVERNANCE = [
  under('server/gov'),
  under('server/comments'),
  under('server/signoff'),
  under('server/drafting'),
  under('server/documents'),
  (p: string) => ['shared/gov.ts', 'shared/drafting.ts', 'shared/policy.ts', 'shared/permissions.ts', 'shared/roles.ts', 'shared/signoff-rules.ts'].includes(p),
]
const isGovernance = (path: string): boolean => GOVERNANCE.some((rule) => rule(path))

describe('import boundaries', () => {
  const graph = importGraph(['server', 'shared'])

  it('reads the source tree', () => {
    expect(graph.size).toBeGreaterThan(50)
    expect(graph.get('server/app.ts')).toContain('server/relay/relay.ts')
  })

  it('the relay imports nothing of governance, comments, sign-off or drafting', () => {
    expect(forbiddenImports(graph, under('server/relay'), isGovernance)).toEqual([])
  })

  it('outside the relay, only app.ts, services.ts and the documents service reach past its hooks', () => {
    // Governance and the services know the relay only as hooks.ts (the
    // hook types, SERVER_ORIGIN); rooms, connections and frames are the relay's.
    const wiring = (file: string): boolean =>
      under('server/relay')(file) || under('server/documents')(file) || ['server/app.ts', 'server/services.ts'].includes(file)
    const pastHooks = (target: string): boolean => under('server/relay')(target) && target !== 'server/relay/hooks.ts'
    expect(forbiddenImports(graph, (file) => !wiring(file), pastHooks)).toEqual([])
  })

  it('shared/ imports nothing outside shared/', () => {
    expect(forbiddenImports(graph, under('shared'), (target) => !under('shared')(target))).toEqual([])
  })

  it('no import cycle exists in server/ or shared/', () => {
    expect(importCycles(graph).map((cycle) => cycle.join(' -> '))).toEqual([])
  })

  it('the server builds every outgoing frame in server/relay/frames.ts', () => {
    // Encoding a message type, a sync step or an awareness update, or Plank's
    // own extras, anywhere else would be a second builder of the wire format.
    const building =
      /writeVarUint\(\s*\w+\s*,\s*MessageType\.|\bencode(SaveCheck|Refused)\b|syncProtocol\.(writeSyncStep[12]|writeUpdate|readSyncStep1)\b|\bencodeAwarenessUpdate\b/
    const elsewhere = [...graph.keys()]
      .filter((file) => under('server')(file) && file !== 'server/relay/frames.ts')
      .filter((file) => building.test(readFileSync(join(ROOT, file), 'utf8')))
    expect(elsewhere).toEqual([])
  })

  it('the checks find what they look for', () => {
    // The rules above pass on an empty answer: make sure they would see a breach.
    const planted: ImportGraph = new Map([
      ['server/relay/a.ts', ['server/gov/context.ts', 'shared/drafting.ts']],
      ['server/gov/context.ts', ['server/relay/a.ts']],
      ['shared/x.ts', ['server/config.ts']],
    ])
    expect(forbiddenImports(planted, under('server/relay'), isGovernance)).toHaveLength(2)
    expect(forbiddenImports(planted, under('shared'), (t) => !under('shared')(t))).toHaveLength(1)
    expect(importCycles(planted)).toEqual([['server/gov/context.ts', 'server/relay/a.ts', 'server/gov/context.ts']])
  })
})
