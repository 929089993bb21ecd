/**
 * `npm run audit:verify`: checks the audit log's hash chain in the store at
 * PLANK_DATA_DIR (default ./data) and names the first entry that does not
 * match. Exit code 0 when the chain is intact, 1 when it is not.
 */
import { existsSync } from 'node:fs'
import { databaseFile } from '../config.js'
import { openSqliteStore } from '../store/sqlite/open.js'
import { verifyAuditChain } from './audit-log.js'

const file = databaseFile({ dataDir: process.env.PLANK_DATA_DIR ?? './data' })
if (!existsSync(file)) {
  console.error(`No Plank store at ${file} (set PLANK_DATA_DIR).`)
  process.exit(2)
}
const store = openSqliteStore(file)
const result = verifyAuditChain(store.listAudit())
await store.close()
if (result.ok) {
  console.log(`Audit log intact: ${result.entries} entries.`)
} else {
  console.log(`Audit log broken at entry ${result.seq}: ${result.problem}.`)
  process.exit(1)
}
