import { tableStores } from '../repos/index.js'
import type { Store } from '../store.js'
import { migratePostgres } from './migrations.js'
import { postgresDatabase } from './postgres-database.js'
import { SyncConnection } from './sync-connection.js'

/**
 * The shared store: PostgreSQL, for any number of instances
 * (PLANK_DATABASE_URL). The same repositories as SQLite over one synchronous
 * connection (sync-connection.ts); a write has committed when the call
 * returns. Migrations run on open, once however many instances start together.
 */
export function openPostgresStore(url: string, options: { answerTimeoutMs?: number } = {}): Store {
  const connection = new SyncConnection(url, { answerTimeoutMs: options.answerTimeoutMs ?? 10_000 })
  migratePostgres(connection)
  const sql = postgresDatabase(connection)
  const identity = connection.query('SELECT deployment_id FROM cluster_identity', []).rows[0]
  return {
    ...tableStores(sql),
    engine: 'postgres',
    deploymentId: String(identity?.deployment_id),
    transaction: (fn) => sql.transaction(fn),
    ping() {
      connection.query('SELECT 1', [])
    },
    close: () => connection.close(),
  }
}
