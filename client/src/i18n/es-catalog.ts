import type { MessageKey } from './index.js'
import { accountEs } from './account-es.js'
import { amendmentsEs } from './amendments-es.js'
import { commentsEs } from './comments-es.js'
import { es as coreEs } from './es.js'
import { importEs } from './import-es.js'
import { historyEs } from './history-es.js'
import { historyLinkEs } from './history-link-es.js'
import { languagesEs } from './languages-es.js'
import { reviewAllEs } from './review-all-es.js'
import { sessionsEs } from './sessions-es.js'
import { settingsEs } from './settings-es.js'
import { signoffEs } from './signoff-es.js'

/**
 * The whole Spanish catalog, in a chunk of its own: index.tsx imports it only
 * when Spanish is chosen, so an English first load does not fetch it.
 */
export const esCatalog: Record<MessageKey, string> = {
  ...coreEs,
  ...commentsEs,
  ...signoffEs,
  ...reviewAllEs,
  ...sessionsEs,
  ...amendmentsEs,
  ...languagesEs,
  ...settingsEs,
  ...accountEs,
  ...importEs,
  ...historyLinkEs,
  ...historyEs,
}
