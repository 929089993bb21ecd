import { randomUUID } from 'node:crypto'
import { POLL_VALUES, queueOf, type PollKind } from '../../shared/drafting.js'
import { can, type Principal } from '../../shared/policy.js'
import { conflict, forbidden, invalid, notFound } from '../errors.js'
import type { AuditEvent } from '../audit/audit-log.js'
import type { GovContext } from '../gov/context.js'
import type { GovTouched } from '../gov/touched.js'
import { itemHandEntries } from './session-entries.js'
import type { AgendaRow, DraftingSessionRow, DraftingStore, HandRow } from '../store/store.js'

export interface PlannedItem {
  kind: 'section' | 'free'
  sectionId?: string | null | undefined
  /** A section item about this amendment (its section is the amendment's). */
  amendmentId?: string | null | undefined
  title?: string | undefined
  minutes: number
}

const requireFacilitator = (actor: Principal, action: 'session.run' | 'pen.hand' = 'session.run'): void => {
  if (!can(actor, action)) throw forbidden('drafting.facilitatorsOnly')
}

/** Running sessions of a platform in which this person holds the pen. */
export const pensHeldBy = (store: DraftingStore, platformId: string, personId: string): DraftingSessionRow[] =>
  store.runningDraftingSessions(platformId).filter((s) => s.penPersonId === personId && s.penSectionId !== null)

/**
 * Takes those pens back (call inside the transaction that changes the
 * person's role or membership): the facilitator handed the pen to a person
 * in a role, and a new role is a new decision. Returns the audit entries.
 */
export function takeBackPens(store: DraftingStore, held: DraftingSessionRow[], actorId: string, reason: string, at: number): AuditEvent[] {
  return held.map((session) => {
    const detail = { sectionId: session.penSectionId, personId: null, name: null, from: session.penPersonId, reason }
    store.updateDraftingSession(session.id, { penSectionId: null, penPersonId: null })
    store.addSessionEvent(session.id, { at, kind: 'pen.return', detail })
    return { platformId: session.platformId, actorId, action: 'session.pen.return', detail: { sessionId: session.id, ...detail } }
  })
}

/**
 * Facilitated drafting sessions: agenda and timer on the server's clock,
 * follow mode, speaking queue, temperature checks and the pen. Every change
 * goes to the database, the session's event log (for the minutes) and `gov`.
 */
export class DraftingSessions {
  /** Told when an agenda item about a section ends (a version of the section is kept then: server/versions/). */
  onItemEnded: (platformId: string, sectionId: string, actorId: string) => void = () => {}

  constructor(
    private readonly gov: GovContext,
    private readonly now: () => number = Date.now,
  ) {}

  /** The section the running session's current item is about, if any: its item is ending. */
  private endingItemSection(row: DraftingSessionRow): string | null {
    return row.currentItem === null ? null : (this.store.agenda(row.id)[row.currentItem]?.sectionId ?? null)
  }

  private get store() {
    return this.gov.store
  }

  private session(platformId: string, sessionId: string): DraftingSessionRow {
    const row = this.store.getDraftingSession(platformId, sessionId)
    if (!row) throw notFound('session')
    return row
  }

  private running(platformId: string, sessionId: string): DraftingSessionRow {
    const row = this.session(platformId, sessionId)
    if (row.status !== 'running') throw conflict('not_running', 'drafting.notRunning')
    return row
  }

  /**
   * Applies a change and logs it for the minutes, in one transaction; it
   * touches the session's own gov entry, and `touched` besides.
   */
  private change(
    platformId: string,
    sessionId: string,
    kind: string,
    detail: Record<string, unknown>,
    apply: (at: number) => void,
    audit?: Principal,
    touched: GovTouched[] = [{ kind: 'session', id: sessionId }],
  ): void {
    const at = this.now()
    this.gov.commit(
      platformId,
      audit ? { platformId, actorId: audit.personId, action: `session.${kind}`, detail: { sessionId, ...detail } } : [],
      () => {
        apply(at)
        this.store.addSessionEvent(sessionId, { at, kind, detail })
      },
      touched,
    )
  }

  /** Who waits to speak in the running session's current item, in speaking order (as every client shows it). */
  private queue(row: DraftingSessionRow): ReturnType<typeof queueOf>['queue'] {
    if (row.currentItem === null) return []
    return queueOf(itemHandEntries(row.id, this.store.itemHands(row.id, row.currentItem)), row.progressive).queue
  }

  create(
    actor: Principal,
    platformId: string,
    input: { title: string; scheduledStart?: string | null | undefined; agenda: PlannedItem[]; progressive?: boolean | undefined },
  ): string {
    requireFacilitator(actor)
    const agenda: AgendaRow[] = input.agenda.map((item) => {
      if (item.kind === 'section') {
        const amendment = item.amendmentId ? this.store.getAmendment(platformId, item.amendmentId) : null
        if (item.amendmentId && !amendment) throw invalid('drafting.agendaAmendmentUnknown')
        if (amendment && item.sectionId && item.sectionId !== amendment.sectionId) throw invalid('drafting.agendaAmendmentOtherSection')
        const sectionId = amendment?.sectionId ?? item.sectionId
        const section = sectionId ? this.store.getSection(platformId, sectionId) : null
        if (!section) throw invalid('drafting.agendaSectionUnknown')
        const title = item.title?.trim() || amendment?.title || section.title
        return { kind: 'section', sectionId: section.id, amendmentId: amendment?.id ?? null, title, timeBoxMs: item.minutes * 60_000 }
      }
      if (item.amendmentId) throw invalid('drafting.agendaAmendmentInSection')
      if (!item.title?.trim()) throw invalid('drafting.agendaTitleNeeded')
      return { kind: 'free', sectionId: null, amendmentId: null, title: item.title.trim(), timeBoxMs: item.minutes * 60_000 }
    })
    const id = randomUUID()
    const row = plannedSessionRow(id, platformId, input, new Date(this.now()).toISOString())
    this.gov.commit(
      platformId,
      { platformId, actorId: actor.personId, action: 'session.create', detail: { sessionId: id, title: input.title } },
      () => this.store.createDraftingSession(row, agenda),
      [{ kind: 'session', id }],
    )
    return id
  }

  start(actor: Principal, platformId: string, sessionId: string): void {
    requireFacilitator(actor)
    const row = this.session(platformId, sessionId)
    if (row.status !== 'planned') throw conflict('already_started', 'drafting.alreadyStarted')
    if (this.store.runningDraftingSessions(platformId).length > 0) {
      throw conflict('another_running', 'drafting.anotherRunning')
    }
    const agenda = this.store.agenda(sessionId)
    if (agenda.length === 0) throw invalid('drafting.agendaEmpty')
    this.change(platformId, sessionId, 'start', { item: 0, title: agenda[0]!.title }, (at) =>
      this.store.updateDraftingSession(sessionId, {
        status: 'running',
        startedAt: at,
        currentItem: 0,
        itemStartedAt: at,
        pausedAt: null,
        pausedMs: 0,
        extraMs: 0,
      }),
    )
  }

  pause(actor: Principal, platformId: string, sessionId: string, paused: boolean): void {
    requireFacilitator(actor)
    const row = this.running(platformId, sessionId)
    if ((row.pausedAt !== null) === paused) return
    this.change(platformId, sessionId, paused ? 'pause' : 'resume', { item: row.currentItem }, (at) =>
      this.store.updateDraftingSession(sessionId, paused ? { pausedAt: at } : { pausedAt: null, pausedMs: row.pausedMs + (at - row.pausedAt!) }),
    )
  }

  extend(actor: Principal, platformId: string, sessionId: string, minutes: number): void {
    requireFacilitator(actor)
    const row = this.running(platformId, sessionId)
    this.change(platformId, sessionId, 'extend', { item: row.currentItem, minutes }, () =>
      this.store.updateDraftingSession(sessionId, { extraMs: row.extraMs + minutes * 60_000 }),
    )
  }

  /** Ends the current item (the pen goes back) and starts the next, or ends the session after the last. */
  next(actor: Principal, platformId: string, sessionId: string): void {
    requireFacilitator(actor)
    const row = this.running(platformId, sessionId)
    const agenda = this.store.agenda(sessionId)
    const nextItem = (row.currentItem ?? -1) + 1
    if (nextItem >= agenda.length) return this.end(actor, platformId, sessionId)
    const ending = this.endingItemSection(row)
    this.change(
      platformId,
      sessionId,
      'item',
      { from: row.currentItem, item: nextItem, title: agenda[nextItem]!.title, penReturned: row.penPersonId },
      (at) =>
        this.store.updateDraftingSession(sessionId, {
          currentItem: nextItem,
          itemStartedAt: at,
          pausedAt: null,
          pausedMs: 0,
          extraMs: 0,
          penSectionId: null,
          penPersonId: null,
        }),
      undefined,
      // A new item starts with no hands.
      [
        { kind: 'session', id: sessionId },
        { kind: 'queue', sessionId },
      ],
    )
    if (ending !== null) this.onItemEnded(platformId, ending, actor.personId)
  }

  end(actor: Principal, platformId: string, sessionId: string): void {
    requireFacilitator(actor)
    const row = this.running(platformId, sessionId)
    const openPolls = this.store.polls(sessionId).filter((p) => p.closedAt === null)
    const ending = this.endingItemSection(row)
    this.change(platformId, sessionId, 'end', { item: row.currentItem, penReturned: row.penPersonId }, (at) => {
      for (const poll of openPolls) this.store.closePoll(poll.id, at)
      this.store.updateDraftingSession(sessionId, { status: 'ended', endedAt: at, penSectionId: null, penPersonId: null, pausedAt: null })
    })
    if (ending !== null) this.onItemEnded(platformId, ending, actor.personId)
  }

  follow(actor: Principal, platformId: string, sessionId: string, sectionId: string): void {
    requireFacilitator(actor)
    const row = this.running(platformId, sessionId)
    if (!this.store.getSection(platformId, sectionId)) throw invalid('section.notInPlatform')
    this.change(platformId, sessionId, 'follow', { sectionId }, () =>
      this.store.updateDraftingSession(sessionId, { followSectionId: sectionId, followSeq: row.followSeq + 1 }),
    )
  }

  raiseHand(actor: Principal, platformId: string, sessionId: string, raised: boolean): void {
    if (!can(actor, 'session.raiseHand')) throw forbidden('drafting.floorWho')
    const row = this.running(platformId, sessionId)
    const item = row.currentItem!
    this.gov.commit(
      platformId,
      [],
      () => {
        if (raised) this.store.raiseHand(sessionId, item, actor.personId, actor.orgId, this.now())
        else this.store.settleHand(sessionId, item, actor.personId, this.now(), false)
      },
      [{ kind: 'hand', sessionId, personId: actor.personId }],
      'batched',
    )
  }

  /** Gives the floor to the first person in speaking order. */
  callNext(actor: Principal, platformId: string, sessionId: string): string | null {
    requireFacilitator(actor)
    const row = this.running(platformId, sessionId)
    const first = this.queue(row)[0]
    if (!first) return null
    const name = this.store.getPerson(first.personId)?.displayName ?? null
    this.change(
      platformId,
      sessionId,
      'speaker',
      { item: row.currentItem, personId: first.personId, name, orgId: first.orgId },
      (at) => this.store.settleHand(sessionId, row.currentItem!, first.personId, at, true),
      undefined,
      // The speaker is whoever was called last: only the called person's entry changes.
      [{ kind: 'hand', sessionId, personId: first.personId }],
    )
    return first.personId
  }

  openPoll(actor: Principal, platformId: string, sessionId: string, kind: PollKind, question: string): string {
    requireFacilitator(actor)
    const row = this.running(platformId, sessionId)
    const id = randomUUID()
    this.change(
      platformId,
      sessionId,
      'poll.open',
      { pollId: id, kind, question, item: row.currentItem },
      (at) => this.store.createPoll(sessionId, { id, item: row.currentItem!, kind, question, openedAt: at }),
      undefined,
      [{ kind: 'poll', sessionId, id }],
    )
    return id
  }

  closePoll(actor: Principal, platformId: string, sessionId: string, pollId: string): void {
    requireFacilitator(actor)
    this.session(platformId, sessionId)
    const poll = this.store.polls(sessionId).find((p) => p.id === pollId)
    if (!poll) throw notFound('poll')
    if (poll.closedAt !== null) return
    const tally: Record<string, Record<string, number>> = {}
    for (const a of poll.answers) {
      const row = (tally[a.orgId ?? ''] ??= {})
      row[a.value] = (row[a.value] ?? 0) + 1
    }
    this.change(
      platformId,
      sessionId,
      'poll.close',
      { pollId, kind: poll.kind, question: poll.question, results: tally, answers: poll.answers.length },
      (at) => this.store.closePoll(pollId, at),
      undefined,
      [{ kind: 'poll', sessionId, id: pollId }],
    )
  }

  /** One answer per person, changeable until the poll closes. */
  answerPoll(actor: Principal, platformId: string, sessionId: string, pollId: string, value: string): void {
    if (!can(actor, 'poll.answer')) throw forbidden('drafting.pollWho')
    this.session(platformId, sessionId)
    const poll = this.store.poll(sessionId, pollId)
    if (!poll) throw notFound('poll')
    if (poll.closedAt !== null) throw conflict('poll_closed', 'drafting.pollClosed')
    if (!POLL_VALUES[poll.kind].includes(value)) throw invalid(['drafting.pollAnswer', { values: POLL_VALUES[poll.kind].join(', ') }])
    this.gov.commit(
      platformId,
      [],
      () => this.store.answerPoll(pollId, actor.personId, actor.orgId, value, this.now()),
      [{ kind: 'answer', sessionId, pollId, personId: actor.personId }],
      'batched',
    )
  }

  /** Hands the current section's pen to one person, or takes it back (personId null). */
  handPen(actor: Principal, platformId: string, sessionId: string, personId: string | null): void {
    requireFacilitator(actor, 'pen.hand')
    const row = this.running(platformId, sessionId)
    const item = this.store.agenda(sessionId)[row.currentItem!]
    if (item?.kind !== 'section' || !item.sectionId) throw conflict('no_section', 'drafting.penNoSection')
    if (personId !== null) {
      const member = this.store.getMembership(platformId, personId)
      if (!member) throw invalid('drafting.penNotMember')
      if (!can({ personId, role: member.role, orgId: member.orgId }, 'pen.hold')) throw invalid('drafting.penObservers')
    }
    const name = personId ? (this.store.getPerson(personId)?.displayName ?? null) : null
    this.change(
      platformId,
      sessionId,
      personId ? 'pen.hand' : 'pen.return',
      { sectionId: item.sectionId, personId, name },
      () => this.store.updateDraftingSession(sessionId, { penSectionId: personId ? item.sectionId : null, penPersonId: personId }),
      actor,
    )
  }

  setNotes(actor: Principal, platformId: string, sessionId: string, notes: string): void {
    requireFacilitator(actor)
    this.session(platformId, sessionId)
    this.gov.commit(platformId, [], () => this.store.updateDraftingSession(sessionId, { notes }), [{ kind: 'session', id: sessionId }])
  }

  hands(platformId: string, sessionId: string): HandRow[] {
    this.session(platformId, sessionId)
    return this.store.hands(sessionId)
  }
}

/** A session as planned: not started, no clock, pen or notes yet. */
export function plannedSessionRow(
  id: string,
  platformId: string,
  input: { title: string; scheduledStart?: string | null | undefined; progressive?: boolean | undefined },
  createdAt: string,
): DraftingSessionRow {
  return {
    id,
    platformId,
    title: input.title,
    scheduledStart: input.scheduledStart ?? null,
    status: 'planned',
    startedAt: null,
    endedAt: null,
    currentItem: null,
    itemStartedAt: null,
    pausedAt: null,
    pausedMs: 0,
    extraMs: 0,
    followSectionId: null,
    followSeq: 0,
    penSectionId: null,
    penPersonId: null,
    progressive: input.progressive ?? false,
    notes: '',
    createdAt,
  }
}
