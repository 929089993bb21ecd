import type { Comments } from './comments/comments.js'
import type { PlankConfig } from './config.js'
import type { GovContext } from './gov/context.js'
import type { Membership } from './gov/membership.js'
import type { PlatformSettings } from './gov/platform-settings.js'
import type { Sessions } from './identity/sessions.js'
import type { SignInThrottle } from './identity/sign-in-throttle.js'
import type { Tickets } from './identity/tickets.js'
import type { Rooms } from './relay/rooms.js'
import type { DraftingSessions } from './drafting/drafting-sessions.js'
import type { Signoffs } from './signoff/signoffs.js'
import type { Store } from './store/store.js'

/** Everything the HTTP API and the relay work with, built once in app.ts. */
export interface Services {
  config: PlankConfig
  store: Store
  rooms: Rooms
  sessions: Sessions
  tickets: Tickets
  gov: GovContext
  settings: PlatformSettings
  membership: Membership
  comments: Comments
  signoffs: Signoffs
  drafting: DraftingSessions
  signInThrottle: SignInThrottle
}
