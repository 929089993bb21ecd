import Database from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { migrate } from '../schema.js'
import type { Store } from '../store.js'
import { auditRepo } from './audit.js'
import { startCheckpointer } from './checkpointer.js'
import { commentsRepo } from './comments.js'
import { signoffsRepo } from './signoffs.js'
import { draftingRepo } from './drafting.js'
import { documentsRepo } from './documents.js'
import { invitationsRepo } from './invitations.js'
import { peopleRepo } from './people.js'
import { platformsRepo } from './platforms.js'

export type Durability = 'process' | 'power'

/**
 * The embedded store: one SQLite file in WAL mode. Every write commits before
 * the call returns. `durability: 'process'` (synchronous=NORMAL) survives a
 * killed or crashed server process; 'power' (synchronous=FULL) also survives
 * the machine losing power, at the cost of an fsync per update.
 */
export function openSqliteStore(file: string, durability: Durability = 'process'): Store {
  mkdirSync(dirname(file), { recursive: true })
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  db.pragma(`synchronous = ${durability === 'power' ? 'FULL' : 'NORMAL'}`)
  db.pragma('foreign_keys = ON')
  db.pragma('busy_timeout = 5000')
  // Checkpoints run in a worker thread, off the relay's event loop (checkpointer.ts).
  db.pragma('wal_autocheckpoint = 0')
  migrate(db)
  const checkpointer = startCheckpointer(file)
  return {
    ...documentsRepo(db),
    ...platformsRepo(db),
    ...peopleRepo(db),
    ...invitationsRepo(db),
    ...auditRepo(db),
    ...commentsRepo(db),
    ...signoffsRepo(db),
    ...draftingRepo(db),
    transaction: <T>(fn: () => T): T => db.transaction(fn)(),
    async close() {
      await checkpointer.close()
      db.pragma('wal_checkpoint(TRUNCATE)')
      db.close()
    },
  }
}
