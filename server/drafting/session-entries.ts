import type { GovHand, GovPastSession, GovPollAnswer, GovPollEntry, GovSession } from '../../shared/drafting.js'
import type { AgendaRow, DraftingSessionRow, HandRow, PollRow } from '../store/store.js'

/**
 * The gov entries of drafting sessions (layout in shared/drafting.ts), built
 * from database rows. The full projection and the re-projection of one key
 * both build them here, so that they cannot disagree.
 */

export const sessionEntry = (row: DraftingSessionRow & { status: 'planned' | 'running' }, agenda: AgendaRow[]): GovSession => ({
  id: row.id,
  title: row.title,
  status: row.status,
  scheduledStart: row.scheduledStart,
  startedAt: row.startedAt,
  endedAt: row.endedAt,
  agenda,
  currentItem: row.currentItem,
  clock: { itemStartedAt: row.itemStartedAt, pausedAt: row.pausedAt, pausedMs: row.pausedMs, extraMs: row.extraMs },
  follow: { sectionId: row.followSectionId, seq: row.followSeq },
  pen: row.penSectionId && row.penPersonId ? { sectionId: row.penSectionId, personId: row.penPersonId } : null,
  progressive: row.progressive,
  notes: row.notes,
})

export const pastSessionEntry = (row: DraftingSessionRow, agenda: AgendaRow[]): GovPastSession => ({
  id: row.id,
  title: row.title,
  scheduledStart: row.scheduledStart,
  startedAt: row.startedAt,
  endedAt: row.endedAt,
  agenda,
})

/**
 * One person's hand in an item, from their rows of that item (oldest
 * first): the hand raised now, if any, and the last time they had the floor.
 * Nothing when they neither wait nor have spoken.
 */
export function handEntry(sessionId: string, personId: string, rows: HandRow[]): GovHand | null {
  const waiting = rows.find((h) => h.calledAt === null && h.loweredAt === null)
  let called: HandRow | undefined
  for (const h of rows) if (h.calledAt !== null && (!called || h.calledAt >= called.calledAt!)) called = h
  if (!waiting && !called) return null
  return {
    sessionId,
    personId,
    raised: waiting ? { orgId: waiting.orgId, at: waiting.raisedAt } : null,
    spoke: called ? { orgId: called.orgId, at: called.calledAt! } : null,
  }
}

/** Every hand entry of an item, from its rows (oldest first). */
export function itemHandEntries(sessionId: string, rows: HandRow[]): GovHand[] {
  const byPerson = new Map<string, HandRow[]>()
  for (const h of rows) {
    const list = byPerson.get(h.personId)
    if (list) list.push(h)
    else byPerson.set(h.personId, [h])
  }
  return [...byPerson].flatMap(([personId, list]) => handEntry(sessionId, personId, list) ?? [])
}

export const pollEntry = (sessionId: string, p: Omit<PollRow, 'answers'>): GovPollEntry => ({
  id: p.id,
  sessionId,
  item: p.item,
  kind: p.kind,
  question: p.question,
  openedAt: p.openedAt,
  closedAt: p.closedAt,
})

export const answerEntry = (sessionId: string, pollId: string, a: PollRow['answers'][number]): GovPollAnswer => ({
  pollId,
  sessionId,
  personId: a.personId,
  value: a.value,
  orgId: a.orgId,
})
