/**
 * Facilitated drafting sessions as every participant sees them. Times are
 * the server's epoch milliseconds; clients correct for their own clock with
 * `GET /api/time` (see serverClockOffset).
 */
export type PollKind = 'consent' | 'fist'
export const POLL_VALUES: Record<PollKind, readonly string[]> = {
  consent: ['support', 'concerns', 'block'],
  fist: ['0', '1', '2', '3', '4', '5'],
}

export interface AgendaItem {
  kind: 'section' | 'free'
  sectionId: string | null
  /** A section item about one amendment of that section (its temperature check is on the amendment). */
  amendmentId: string | null
  title: string
  timeBoxMs: number
}

/**
 * The gov layout of drafting sessions. Every entry is small and changes on
 * its own, so that one raised hand or one answer sends bytes proportional to
 * itself, not to the session:
 * - `sessions`: each planned or running session (GovSession), without its hands and polls;
 * - `pastSessions`: a summary of each ended session (GovPastSession); the rest is in its minutes;
 * - `hands`: one entry per person who raised a hand or spoke in the running
 *   session's current item (GovHand, key handKey);
 * - `polls` and `pollAnswers`: the running session's temperature checks and
 *   each person's answer (GovPollEntry, GovPollAnswer, key answerKey).
 * Clients put them together with assembleSessions (shared/gov.ts readDraftingSessions).
 */
export interface GovSession {
  id: string
  title: string
  status: 'planned' | 'running'
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
  /** The facilitator's notes for the minutes. */
  notes: string
}

/** What the sessions page lists of an ended session (its minutes hold the rest, over HTTP). */
export interface GovPastSession {
  id: string
  title: string
  scheduledStart: string | null
  startedAt: number | null
  endedAt: number | null
  agenda: AgendaItem[]
}

/**
 * One person's hand in the running session's current item: raised now
 * (waiting since `at`), and when they last had the floor in this item (their
 * organization has spoken, for progressive order).
 */
export interface GovHand {
  sessionId: string
  personId: string
  raised: { orgId: string | null; at: number } | null
  spoke: { orgId: string | null; at: number } | null
}

export const handKey = (sessionId: string, personId: string): string => `${sessionId}:${personId}`

export interface GovPollEntry {
  id: string
  sessionId: string
  item: number
  kind: PollKind
  question: string
  openedAt: number
  closedAt: number | null
}

export interface GovPollAnswer {
  pollId: string
  sessionId: string
  personId: string
  value: string
  orgId: string | null
}

export const answerKey = (pollId: string, personId: string): string => `${pollId}:${personId}`

/** A poll as clients render it, with its answers. */
export interface GovPoll extends Omit<GovPollEntry, 'sessionId'> {
  /** Each person's answer (one per person, changeable until closed). */
  answers: Record<string, { value: string; orgId: string | null }>
}

/** A session as clients render it: its gov entries put together. */
export interface DraftingSession extends Omit<GovSession, 'status'> {
  status: 'planned' | 'running' | 'ended'
  /** Raised hands, in speaking order. */
  queue: Array<{ personId: string; orgId: string | null; raisedAt: number }>
  speaker: { personId: string; orgId: string | null; calledAt: number } | null
  polls: GovPoll[]
}

/** The gov entries of the sessions, as plain values (any order). */
export interface GovSessionEntries {
  sessions: Iterable<GovSession>
  pastSessions: Iterable<GovPastSession>
  hands: Iterable<GovHand>
  polls: Iterable<GovPollEntry>
  answers: Iterable<GovPollAnswer>
}

const groupBy = <T>(values: Iterable<T>, key: (value: T) => string): Map<string, T[]> => {
  const groups = new Map<string, T[]>()
  for (const v of values) {
    const k = key(v)
    const list = groups.get(k)
    if (list) list.push(v)
    else groups.set(k, [v])
  }
  return groups
}

/** Speaking order and the current speaker from one session's hands. */
export function queueOf(hands: GovHand[], progressive: boolean): Pick<DraftingSession, 'queue' | 'speaker'> {
  const spoken = new Set<string>()
  let speaker: DraftingSession['speaker'] = null
  for (const h of hands) {
    if (!h.spoke) continue
    if (h.spoke.orgId) spoken.add(h.spoke.orgId)
    if (!speaker || h.spoke.at > speaker.calledAt || (h.spoke.at === speaker.calledAt && h.personId > speaker.personId)) {
      speaker = { personId: h.personId, orgId: h.spoke.orgId, calledAt: h.spoke.at }
    }
  }
  // Hands raised in the same millisecond: by person id, the same order on every client and on the server.
  const waiting = hands
    .flatMap((h) => (h.raised ? [{ personId: h.personId, orgId: h.raised.orgId, raisedAt: h.raised.at }] : []))
    .sort((a, b) => a.raisedAt - b.raisedAt || (a.personId < b.personId ? -1 : a.personId > b.personId ? 1 : 0))
  return { queue: speakingOrder(waiting, spoken, progressive), speaker }
}

/** Puts the gov entries of the sessions together, one DraftingSession each (any order). */
export function assembleSessions(entries: GovSessionEntries): DraftingSession[] {
  const hands = groupBy(entries.hands, (h) => h.sessionId)
  const polls = groupBy(entries.polls, (p) => p.sessionId)
  const answers = groupBy(entries.answers, (a) => a.pollId)
  const live = [...entries.sessions].map(
    (s): DraftingSession => ({
      ...s,
      ...queueOf(hands.get(s.id) ?? [], s.progressive),
      polls: (polls.get(s.id) ?? [])
        .sort((a, b) => a.openedAt - b.openedAt || a.id.localeCompare(b.id))
        .map(({ sessionId: _session, ...poll }) => ({
          ...poll,
          answers: Object.fromEntries((answers.get(poll.id) ?? []).map((a) => [a.personId, { value: a.value, orgId: a.orgId }])),
        })),
    }),
  )
  const past = [...entries.pastSessions].map(
    (s): DraftingSession => ({
      ...s,
      status: 'ended',
      currentItem: null,
      clock: { itemStartedAt: null, pausedAt: null, pausedMs: 0, extraMs: 0 },
      follow: { sectionId: null, seq: 0 },
      pen: null,
      progressive: false,
      notes: '',
      queue: [],
      speaker: null,
      polls: [],
    }),
  )
  return [...live, ...past]
}

/** Milliseconds left in the current agenda item (negative when over time). */
export function remainingMs(session: Pick<DraftingSession, 'status' | 'currentItem' | 'clock' | 'agenda'>, serverNow: number): number | null {
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
export const serverClockOffset = (sentAt: number, receivedAt: number, serverNow: number): number => serverNow - (sentAt + receivedAt) / 2

/** The running session's pen on a section, if any. */
export function penOn(sessions: Iterable<Pick<GovSession, 'pen'> & { status: DraftingSession['status'] }>, sectionId: string): GovSession['pen'] {
  for (const s of sessions) if (s.status === 'running' && s.pen?.sectionId === sectionId) return s.pen
  return null
}

/**
 * Speaking order of the raised hands in an item: by time raised, or, with
 * progressive ordering, people from organizations that have not spoken in
 * this item first (each group still by time raised).
 */
export function speakingOrder<H extends { orgId: string | null; raisedAt: number }>(hands: H[], spokenOrgIds: ReadonlySet<string>, progressive: boolean): H[] {
  const byTime = [...hands].sort((a, b) => a.raisedAt - b.raisedAt)
  if (!progressive) return byTime
  const fresh = (h: H): boolean => h.orgId === null || !spokenOrgIds.has(h.orgId)
  return [...byTime.filter(fresh), ...byTime.filter((h) => !fresh(h))]
}
