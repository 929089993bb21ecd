/**
 * `npm run audit:verify`: checks the audit log in the store at
 * PLANK_DATA_DIR (default ./data): every platform's hash chain, every
 * entry's signature with the audit key (PLANK_AUDIT_KEY, or `audit.key` in
 * the data folder), and that no chain ends before the head recorded in
 * `audit-anchor.json`. Names the first entry that does not match.
 *
 *   npm run audit:verify -- --platform <id> --head <count>:<hash>
 * also checks one platform's chain against the head printed in its export.
 *
 * Exit code 0 when the log is intact, 1 when it is not, 2 when it cannot be checked.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { databaseFile } from '../config.js'
import { openSqliteStore } from '../store/sqlite/open.js'
import { AUDIT_ANCHOR_FILE, loadAuditKey, readAnchorFile, verifyAuditChain, type AuditAnchor } from './audit-log.js'

const dataDir = process.env.PLANK_DATA_DIR ?? './data'
const file = databaseFile({ dataDir })
if (!existsSync(file)) {
  console.error(`No Plank store at ${file} (set PLANK_DATA_DIR).`)
  process.exit(2)
}
const arg = (name: string): string | null => {
  const at = process.argv.indexOf(name)
  return at >= 0 ? (process.argv[at + 1] ?? null) : null
}

let key: Buffer
let anchor: AuditAnchor | null
try {
  key = loadAuditKey(dataDir, process.env.PLANK_AUDIT_KEY ?? null, false).key
  anchor = readAnchorFile(join(dataDir, AUDIT_ANCHOR_FILE))
} catch (error) {
  console.error((error as Error).message)
  process.exit(2)
}

const store = openSqliteStore(file)
const rows = store.listAudit()
await store.close()

const broken = (where: string, problem: string): never => {
  console.log(`Audit log broken at ${where}: ${problem}.`)
  process.exit(1)
}
const name = (platformId: string | null): string => (platformId === null ? 'entries of no platform' : `platform ${platformId}`)

if (anchor === null && rows.length > 0) broken('the anchor', `${AUDIT_ANCHOR_FILE} is missing, so entries removed from the end cannot be ruled out`)
const result = verifyAuditChain(rows, { key, anchor })
if (!result.ok) broken(`${name(result.platformId)}, entry ${result.platformSeq}`, result.problem)

const platform = arg('--platform')
const head = arg('--head')
if (platform && head) {
  const [count, hash] = head.split(':')
  const chain = rows.filter((r) => r.platformId === platform)
  const entry = chain[Number(count) - 1]
  if (!entry || entry.hash !== hash) broken(`${name(platform)}, entry ${count}`, 'it is not the head the export records')
  console.log(`The exported head of ${name(platform)} (entry ${count}) is in the log.`)
}
console.log(
  `Audit log intact: ${result.ok ? result.entries : 0} entries${result.ok && result.unanchored > 0 ? ` (${result.unanchored} after the anchored heads)` : ''}.`,
)
