import Database from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { DEFAULT_MAX_WAL_BYTES } from '../../../shared/limits.js'
import { migrate } from '../schema.js'
import type { Store } from '../store.js'
import { accessTokensRepo } from './access-tokens.js'
import { amendmentsRepo } from './amendments.js'
import { auditRepo } from './audit.js'
import { startCheckpointer } from './checkpointer.js'
import { commentsRepo } from './comments.js'
import { signoffsRepo } from './signoffs.js'
import { approvalNoticesRepo } from './approval-notices.js'
import { draftingRepo } from './drafting.js'
import { documentsRepo } from './documents.js'
import { invitationsRepo } from './invitations.js'
import { peopleRepo } from './people.js'
import { platformsRepo } from './platforms.js'
import { translationsRepo } from './translations.js'
import { versionsRepo } from './versions.js'

export type Durability = 'process' | 'power'

/**
 * The embedded store: one SQLite file in WAL mode. Every write commits before
 * the call returns. `durability: 'process'` (synchronous=NORMAL) survives a
 * killed or crashed server process; 'power' (synchronous=FULL) also survives
 * the machine losing power, at the cost of an fsync per update.
 * The write-ahead log stays under `maxWalBytes` (checkpointer.ts).
 */
export function openSqliteStore(file: string, durability: Durability = 'process', options: { maxWalBytes?: number } = {}): Store {
  mkdirSync(dirname(file), { recursive: true })
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  db.pragma(`synchronous = ${durability === 'power' ? 'FULL' : 'NORMAL'}`)
  db.pragma('foreign_keys = ON')
  db.pragma('busy_timeout = 5000')
  const maxWalBytes = options.maxWalBytes ?? DEFAULT_MAX_WAL_BYTES
  // Checkpoints run in a worker thread, off the relay's event loop (checkpointer.ts), from a quarter
  // of the bound. A backstop: past half of it, the committing write checkpoints itself. A worker
  // starved of CPU (a loaded 2-core machine; seen in CI) let the log pass the bound; the backstop
  // never runs while the worker keeps up, and when it runs it costs one stall, not an unbounded log.
  const pageSize = Number(db.pragma('page_size', { simple: true })) || 4096
  db.pragma(`wal_autocheckpoint = ${Math.max(1, Math.floor(maxWalBytes / 2 / pageSize))}`)
  // When the log starts over after a complete checkpoint, its file is cut back to this.
  const truncateAtBytes = Math.floor(maxWalBytes / 4)
  db.pragma(`journal_size_limit = ${truncateAtBytes}`)
  migrate(db)
  const checkpointer = startCheckpointer(file, { truncateAtBytes })
  return {
    ...documentsRepo(db),
    ...platformsRepo(db),
    ...peopleRepo(db),
    ...invitationsRepo(db),
    ...auditRepo(db),
    ...commentsRepo(db),
    ...signoffsRepo(db),
    ...approvalNoticesRepo(db),
    ...draftingRepo(db),
    ...accessTokensRepo(db),
    ...amendmentsRepo(db),
    ...translationsRepo(db),
    ...versionsRepo(db),
    // IMMEDIATE: the write lock is taken (waiting, with busy_timeout) when the transaction begins.
    // A deferred one that read first and then writes while the checkpointer's TRUNCATE holds the
    // lock gets SQLITE_BUSY at once, without waiting: SQLite will not let a reader wait to upgrade.
    transaction: <T>(fn: () => T): T => db.transaction(fn).immediate(),
    // Reads no table and takes no lock: it cannot wait on busy_timeout with the event loop held.
    ping() {
      db.prepare('SELECT 1').get()
    },
    async close() {
      await checkpointer.close()
      db.pragma('wal_checkpoint(TRUNCATE)')
      db.close()
    },
  }
}
