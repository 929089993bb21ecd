/**
 * The stores the storage contract suite (tests/integration/storage-contract.test.ts)
 * runs against: one factory per engine. Every engine must pass the same suite.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openPostgresStore } from '../../server/store/postgres/open.js'
import { openSqliteStore } from '../../server/store/sqlite/open.js'
import type { Store } from '../../server/store/store.js'
import { createTestDatabase, dropTestDatabase } from './services.js'

export interface StoreFactory {
  name: string
  /** A new, empty store of its own (its own file, its own database), migrated and ready. */
  open(): Promise<Store>
  /**
   * Another store on the storage of the latest open(): after the caller closed
   * that store (a restarted server: everything committed must be there), or
   * while it is still open (a second server instance on the same database).
   */
  reopen(): Promise<Store>
  /** Removes what the factory made (files, databases); called once after the suite. */
  dispose?(): Promise<void>
}

/** SQLite, the embedded default: a file in a temporary folder per store. */
export function sqliteFactory(): StoreFactory {
  let root: string | null = null
  let latest: string | null = null
  let count = 0
  return {
    name: 'sqlite',
    async open() {
      root ??= mkdtempSync(join(tmpdir(), 'plank-contract-'))
      latest = join(root, `store-${++count}`, 'plank.sqlite')
      return openSqliteStore(latest)
    },
    async reopen() {
      if (!latest) throw new Error('reopen() before open()')
      return openSqliteStore(latest)
    },
    async dispose() {
      if (root) rmSync(root, { recursive: true, force: true })
      root = null
    },
  }
}

/** PostgreSQL (issue 17): a fresh database on the run's shared cluster (tests/setup/services-global.ts) per store. */
export function postgresFactory(): StoreFactory {
  const made: string[] = []
  return {
    name: 'postgres',
    async open() {
      made.push(await createTestDatabase('contract'))
      return openPostgresStore(made.at(-1)!)
    },
    async reopen() {
      return openPostgresStore(made.at(-1)!)
    },
    async dispose() {
      for (const url of made.splice(0)) await dropTestDatabase(url)
    },
  }
}

/** Every engine's factory; the contract suite runs once per entry. */
export const storeFactories = (): StoreFactory[] => [sqliteFactory(), postgresFactory()]
