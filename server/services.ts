import type { Amendments } from './amendments/amendments.js'
import type { Comments } from './comments/comments.js'
import type { PlankConfig } from './config.js'
import type { GovContext } from './gov/context.js'
import type { Membership } from './gov/membership.js'
import type { PlatformSettings } from './gov/platform-settings.js'
import type { AccessTokens } from './identity/access-tokens.js'
import type { Sessions } from './identity/sessions.js'
import type { SignInThrottle } from './identity/sign-in-throttle.js'
import type { Tickets } from './identity/tickets.js'
import type { Documents } from './documents/documents.js'
import type { Rooms } from './relay/rooms.js'
import type { DraftingSessions } from './drafting/drafting-sessions.js'
import type { Signoffs } from './signoff/signoffs.js'
import type { Store } from './store/store.js'
import type { Translations } from './translations/translations.js'
import type { SectionVersions } from './versions/versions.js'
import type { Principal } from '../shared/policy.js'

/** Everything the HTTP API and the relay work with, built once in app.ts. */
export interface Services {
  config: PlankConfig
  store: Store
  /** The relay's rooms: the relay and signing out (closeSession) only; everything else reads documents. */
  rooms: Rooms<Principal>
  /** The live documents: section content and hash, anchors, exports (documents/documents.ts). */
  documents: Documents<Principal>
  sessions: Sessions
  tickets: Tickets
  /** Personal access tokens (identity/access-tokens.ts). */
  accessTokens: AccessTokens
  gov: GovContext
  settings: PlatformSettings
  membership: Membership
  comments: Comments
  signoffs: Signoffs
  /** Platform languages and translation reviews (issue 15). */
  translations: Translations
  amendments: Amendments
  /** Section versions: history, compare, restore (issue 16). */
  versions: SectionVersions
  drafting: DraftingSessions
  signInThrottle: SignInThrottle
}
