import { randomUUID } from 'node:crypto'
import type * as Y from 'yjs'
import type { AcceptAmendmentBody, AmendmentListEntry, GovAmendment, ProposeAmendmentBody } from '../../shared/amendments.js'
import { mergeSection } from '../../shared/amendment-merge.js'
import { applyNodes } from '../../shared/apply-nodes.js'
import { writeOnBehalf } from '../documents/write-on-behalf.js'
import { sectionJson, type SectionNode } from '../../shared/content-hash.js'
import { amendmentRoot, sectionRoot } from '../../shared/documents.js'
import { existingXmlFragment } from '../../shared/existing-root.js'
import { findSection, govAmendments, type GovPlatform, type GovSection, govPlatform } from '../../shared/gov.js'
import { amendmentFacts, refusal, type Principal, type Refusal } from '../../shared/policy.js'
import { sectionPlainText } from '../../shared/section-text.js'
import { ApiError, conflict, forbidden, notFound } from '../errors.js'
import type { ApiErrorKey } from '../i18n/api-errors.js'
import type { GovContext } from '../gov/context.js'
import { amendmentEntry } from '../gov/projection.js'
import type { DocumentReader } from '../documents/documents.js'
import { nodesHash, readSection } from '../documents/documents.js'
import { SERVER_ORIGIN } from '../relay/hooks.js'
import type { StaleApprovals } from '../signoff/stale-approvals.js'

/** Refusals that are about the amendment's or platform's state (409), not about who asks (403). */
const STATE_REFUSALS: ReadonlySet<Refusal> = new Set(['adopted', 'closed', 'locked', 'endorsed'])

const REFUSAL_MESSAGES: Partial<Record<Refusal, ApiErrorKey>> = {
  adopted: 'amendments.adopted',
  closed: 'amendments.closed',
  locked: 'amendments.locked',
  endorsed: 'amendments.endorsed',
  ownOrg: 'amendments.ownOrg',
  noOrg: 'amendments.noOrg',
  otherOrg: 'amendments.otherOrg',
  notOwner: 'amendments.notOwner',
  role: 'amendments.role',
}

/** The policy table's answer as the API's error: 409 for the state of things, 403 for who asks. */
function refuse(why: Refusal): ApiError {
  const message = REFUSAL_MESSAGES[why] ?? 'amendments.notAllowed'
  return STATE_REFUSALS.has(why) ? conflict(why, message) : forbidden(message)
}

/** The actions on an existing amendment (proposing is on a section). */
type AmendmentAction = 'amendment.endorse' | 'amendment.unendorse' | 'amendment.withdraw' | 'amendment.decide'

/** What a decision reads of the live document, in one synchronous step. */
interface Live {
  doc: Y.Doc
  platform: GovPlatform | null
  section: GovSection
  amendment: GovAmendment
}

/**
 * Amendments (issue 14): proposal, endorsement, withdrawal, and the owner's
 * decision. Every check reads the server's own live document (gov and the
 * texts) in the same synchronous step as the change it allows, as sign-off
 * does; every change goes through GovContext.commit with its audit entry.
 */
export class Amendments {
  constructor(
    private readonly gov: GovContext,
    private readonly documents: DocumentReader,
    private readonly stale: () => StaleApprovals,
    private readonly log: (line: string) => void,
  ) {}

  private get store() {
    return this.gov.store
  }

  list(platformId: string): AmendmentListEntry[] {
    if (!this.store.getPlatform(platformId)) throw notFound('platform')
    return this.store.listAmendments(platformId).map(amendmentEntry)
  }

  /** A copy of the section's text now, in a new root `amend:<id>`: the amendment starts as the section. */
  propose(actor: Principal, platformId: string, sectionId: string, input: ProposeAmendmentBody): { id: string; root: string } {
    const created = this.documents.withDocument(platformId, (doc) => {
      const section = findSection(doc, sectionId)
      if (!section) throw notFound('section')
      const why = refusal(actor, 'amendment.propose', { section, platform: govPlatform(doc) })
      if (why) throw refuse(why)
      const orgId = actor.orgId
      if (orgId === null) throw refuse('noOrg')
      const base = readSection(doc, sectionId)
      const id = randomUUID()
      const root = amendmentRoot(id)
      const row = {
        id,
        platformId,
        sectionId,
        orgId,
        authorId: actor.personId,
        title: input.title,
        rationale: input.rationale ?? '',
        // An amendment changes the primary text: its base is that text alone (translations follow it, issue 15).
        baseHash: base.primaryHash,
        baseJson: base.primaryJson,
        createdAt: new Date().toISOString(),
      }
      this.gov.commit(
        platformId,
        {
          platformId,
          actorId: actor.personId,
          action: 'amendment.propose',
          detail: { amendmentId: id, sectionId, orgId, title: row.title, baseHash: row.baseHash },
        },
        () => this.store.insertAmendment(row),
        [{ kind: 'amendment', id }],
      )
      // Stored and relayed like any edit; the server writes it, so no person's client id is used.
      doc.transact(() => applyNodes(doc.getXmlFragment(root), base.nodes), SERVER_ORIGIN)
      return { id, root }
    })
    if (!created) throw notFound('platform')
    return created
  }

  endorse(actor: Principal, platformId: string, amendmentId: string): void {
    this.change(actor, platformId, amendmentId, 'amendment.endorse', (live, orgId) => {
      this.gov.commit(
        platformId,
        { platformId, actorId: actor.personId, action: 'amendment.endorse', detail: { amendmentId, orgId } },
        () => {
          if (!this.store.addEndorsement(amendmentId, orgId, actor.personId, new Date().toISOString())) throw refuse('endorsed')
        },
        [{ kind: 'amendment', id: live.amendment.id }],
      )
    })
  }

  unendorse(actor: Principal, platformId: string, amendmentId: string): void {
    this.change(actor, platformId, amendmentId, 'amendment.unendorse', (live, orgId) => {
      this.gov.commit(
        platformId,
        { platformId, actorId: actor.personId, action: 'amendment.unendorse', detail: { amendmentId, orgId } },
        () => {
          if (!this.store.removeEndorsement(amendmentId, orgId)) throw refuse('otherOrg')
        },
        [{ kind: 'amendment', id: live.amendment.id }],
      )
    })
  }

  withdraw(actor: Principal, platformId: string, amendmentId: string): void {
    this.change(actor, platformId, amendmentId, 'amendment.withdraw', () => this.close(actor, platformId, amendmentId, 'withdrawn', '', null))
  }

  decline(actor: Principal, platformId: string, amendmentId: string, note: string): void {
    this.change(actor, platformId, amendmentId, 'amendment.decide', () => this.close(actor, platformId, amendmentId, 'declined', note, null))
  }

  /**
   * Accepts the amendment into its section: a three-way merge of the base
   * (the section when proposed), the section now and the amendment now, so
   * that edits made to the section meanwhile are kept. Where both changed the
   * same words, 409 with the conflicts, unless `resolutions` decides each.
   * The merged text is applied to the section as the smallest edit (carets,
   * comment anchors and others' undo survive where the text did not change),
   * in the same synchronous step as the check and the commit.
   */
  accept(actor: Principal, platformId: string, amendmentId: string, input: AcceptAmendmentBody): { hash: string } {
    let result: { hash: string } | null = null
    this.change(actor, platformId, amendmentId, 'amendment.decide', (live) => {
      const row = this.store.getAmendment(platformId, amendmentId)
      if (!row) throw notFound('amendment')
      const base = JSON.parse(row.baseJson) as SectionNode[]
      const sectionFragment = existingXmlFragment(live.doc, sectionRoot(live.section.id))
      const section = sectionJson(sectionFragment)
      const amendment = sectionJson(existingXmlFragment(live.doc, amendmentRoot(amendmentId)))
      const merged = mergeSection(base, section, amendment, input.resolutions)
      if (merged.kind === 'conflicts') {
        throw new ApiError(409, 'conflict', 'amendments.conflict', undefined, {
          conflicts: merged.conflicts,
        })
      }
      const hash = nodesHash(merged.nodes)
      this.close(actor, platformId, amendmentId, 'accepted', input.note ?? '', hash)
      // The words the merge writes are the amendment's author's (who wrote which words, issue 16).
      writeOnBehalf(this.store, platformId, live.doc, row.authorId, () => applyNodes(live.doc.getXmlFragment(sectionRoot(live.section.id)), merged.nodes))
      const after = readSection(live.doc, live.section.id)
      // The applied text is the merged one by construction; say so loudly if not (the amendment's record names the hash).
      if (after.primaryHash !== hash) this.log(`BUG: amendment ${amendmentId} applied text hashes to ${after.primaryHash}, merged ${hash}`)
      this.stale().noticeAmendment(platformId, live.doc, live.section.id, amendmentId)
      result = { hash: after.hash }
    })
    if (!result) throw notFound('amendment')
    return result
  }

  /** Plain text of the amendment's proposed wording now (exports, minutes). */
  proposedText(platformId: string, amendmentId: string): string | null {
    return this.documents.withDocument(platformId, (doc) => sectionPlainText(existingXmlFragment(doc, amendmentRoot(amendmentId))))
  }

  private close(
    actor: Principal,
    platformId: string,
    amendmentId: string,
    status: 'accepted' | 'declined' | 'withdrawn',
    note: string,
    resultHash: string | null,
  ): void {
    this.gov.commit(
      platformId,
      {
        platformId,
        actorId: actor.personId,
        action: `amendment.${status === 'accepted' ? 'accept' : status === 'declined' ? 'decline' : 'withdraw'}`,
        detail: { amendmentId, note, resultHash },
      },
      () => {
        if (!this.store.closeAmendment(amendmentId, { status, by: actor.personId, at: new Date().toISOString(), note: note.trim(), resultHash }))
          throw refuse('closed')
      },
      [{ kind: 'amendment', id: amendmentId }],
    )
  }

  /** Reads the amendment and its section from the live document, asks the policy table, and runs `fn` in the same step. */
  private change(actor: Principal, platformId: string, amendmentId: string, action: AmendmentAction, fn: (live: Live, orgId: string) => void): void {
    const done = this.documents.withDocument(platformId, (doc) => {
      const amendment = govAmendments(doc)?.get(amendmentId)
      if (!amendment) throw notFound('amendment')
      const section = findSection(doc, amendment.sectionId)
      // A removed section takes its open amendments out of reach: nothing to decide into.
      if (!section) throw conflict('closed', 'amendments.sectionRemoved')
      const platform = govPlatform(doc)
      const why = refusal(actor, action, { amendment: amendmentFacts(amendment), section, platform })
      if (why) throw refuse(why)
      fn({ doc, platform, section, amendment }, actor.orgId ?? '')
      return true
    })
    if (!done) throw notFound('platform')
  }
}
