import { afterAll, beforeAll } from 'vitest'
import { connectClient, waitSynced, type Client } from './clients.js'
import { startPlank, type DemoPerson, type RunningPlank } from './server.js'

export interface SignoffWorld {
  plank: RunningPlank
  platformId: string
  /** The facilitator's cookie. */
  facilitator: string
  /** A synced stock client signed in as the facilitator, to edit sections with. */
  editor: Client
  reps: DemoPerson[]
}

/** The sample platform with its board representatives signed in (cookies by organization, into `repCookie`) and an editor. */
export async function startSignoffWorld(repCookie: Map<string, string>): Promise<SignoffWorld> {
  const plank = await startPlank()
  const platformId = plank.sample.platformId
  const facilitator = await plank.cookieFor(plank.person('facilitator').id)
  const reps = plank.people.filter((p) => p.role === 'boardRep')
  for (const rep of reps) repCookie.set(rep.orgId!, await plank.cookieFor(rep.id))
  const editor = connectClient(plank.wsUrl, platformId, { cookie: facilitator })
  await waitSynced(editor)
  return { plank, platformId, facilitator, editor, reps }
}

/**
 * For a describe block: starts the world before its tests (handing it to
 * `take`, which assigns the block's variables) and closes it after them.
 */
export function setUpSignoffWorld(repCookie: Map<string, string>, take: (world: SignoffWorld) => void): void {
  let world: SignoffWorld | undefined
  beforeAll(async () => {
    world = await startSignoffWorld(repCookie)
    take(world)
  })
  afterAll(async () => {
    world?.editor.destroy()
    await world?.plank.close()
  })
}
