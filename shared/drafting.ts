/**
 * Facilitated drafting sessions as every participant sees them (gov key
 * `sessions`). Times are the server's epoch milliseconds; clients correct
 * for their own clock with `GET /api/time` (see serverClockOffset).
 */
export type PollKind = 'consent' | 'fist'
export const POLL_VALUES: Record<PollKind, readonly string[]> = {
  consent: ['support', 'concerns', 'block'],
  fist: ['0', '1', '2', '3', '4', '5'],
}

export interface AgendaItem {
  kind: 'section' | 'free'
  sectionId: string | null
  title: string
  timeBoxMs: number
}

export interface GovPoll {
  id: string
  item: number
  kind: PollKind
  question: string
  openedAt: number
  closedAt: number | null
  /** Each person's answer (one per person, changeable until closed). */
  answers: Record<string, { value: string; orgId: string | null }>
}

export interface GovDraftingSession {
  id: string
  title: string
  status: 'planned' | 'running' | 'ended'
  scheduledStart: string | null
  startedAt: number | null
  endedAt: number | null
  agenda: AgendaItem[]
  currentItem: number | null
  clock: { itemStartedAt: number | null; pausedAt: number | null; pausedMs: number; extraMs: number }
  /** "Bring everyone here": seq grows each time the facilitator asks. */
  follow: { sectionId: string | null; seq: number }
  pen: { sectionId: string; personId: string } | null
  progressive: boolean
  /** Raised hands, in speaking order. */
  queue: Array<{ personId: string; orgId: string | null; raisedAt: number }>
  speaker: { personId: string; orgId: string | null; calledAt: number } | null
  polls: GovPoll[]
  /** The facilitator's notes for the minutes. */
  notes: string
}

/** Milliseconds left in the current agenda item (negative when over time). */
export function remainingMs(session: GovDraftingSession, serverNow: number): number | null {
  if (session.status !== 'running' || session.currentItem === null || session.clock.itemStartedAt === null) return null
  const item = session.agenda[session.currentItem]
  if (!item) return null
  const until = session.clock.pausedAt ?? serverNow
  const elapsed = until - session.clock.itemStartedAt - session.clock.pausedMs
  return item.timeBoxMs + session.clock.extraMs - elapsed
}

/** Results of a poll by organization: orgId (or "" for none) → value → count. */
export function pollResultsByOrg(poll: GovPoll): Record<string, Record<string, number>> {
  const results: Record<string, Record<string, number>> = {}
  for (const { value, orgId } of Object.values(poll.answers)) {
    const row = (results[orgId ?? ''] ??= {})
    row[value] = (row[value] ?? 0) + 1
  }
  return results
}

/**
 * Estimates how far the server's clock is ahead of this one from a request's
 * send and receive times and the server's answer (half the round trip).
 */
export const serverClockOffset = (sentAt: number, receivedAt: number, serverNow: number): number =>
  serverNow - (sentAt + receivedAt) / 2

/** The running session's pen on a section, if any. */
export function penOn(sessions: Iterable<GovDraftingSession>, sectionId: string): GovDraftingSession['pen'] {
  for (const s of sessions) if (s.status === 'running' && s.pen?.sectionId === sectionId) return s.pen
  return null
}

/**
 * Speaking order of the raised hands in an item: by time raised, or, with
 * progressive ordering, people from organizations that have not spoken in
 * this item first (each group still by time raised).
 */
export function speakingOrder<H extends { orgId: string | null; raisedAt: number }>(
  hands: H[],
  spokenOrgIds: ReadonlySet<string>,
  progressive: boolean,
): H[] {
  const byTime = [...hands].sort((a, b) => a.raisedAt - b.raisedAt)
  if (!progressive) return byTime
  const fresh = (h: H): boolean => h.orgId === null || !spokenOrgIds.has(h.orgId)
  return [...byTime.filter(fresh), ...byTime.filter((h) => !fresh(h))]
}
