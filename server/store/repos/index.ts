import type { SqlDatabase } from '../sql-database.js'
import type { TableStores } from '../store.js'
import { accessTokensRepo } from './access-tokens.js'
import { amendmentsRepo } from './amendments.js'
import { approvalNoticesRepo } from './approval-notices.js'
import { auditRepo } from './audit.js'
import { commentsRepo } from './comments.js'
import { documentsRepo } from './documents.js'
import { draftingRepo } from './drafting.js'
import { invitationsRepo } from './invitations.js'
import { limitsRepo } from './limits.js'
import { peopleRepo } from './people.js'
import { platformsRepo } from './platforms.js'
import { signoffsRepo } from './signoffs.js'
import { translationsRepo } from './translations.js'
import { versionsRepo } from './versions.js'

/** Every repository over one connection: the same queries on SQLite and PostgreSQL. */
export function tableStores(db: SqlDatabase): TableStores {
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
    ...limitsRepo(db),
  }
}
