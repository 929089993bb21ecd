import { randomUUID } from 'node:crypto'
import type { ApprovalNotice } from '../../shared/api.js'
import { can, type Principal } from '../../shared/policy.js'
import { readyToAdopt, sectionApproval, sectionStatus, type OrgStanding, type SectionStatus } from '../../shared/signoff-rules.js'
import { ApiError, conflict, forbidden, invalid, notFound } from '../errors.js'
import type { GovContext } from '../gov/context.js'
import type { DocumentReader, SectionContent } from '../documents/documents.js'
import type { SignoffRow } from '../store/store.js'
import { StaleApprovals } from './stale-approvals.js'
import type { StaleTranslation, Translations } from '../translations/translations.js'

export interface SectionSignoffs {
  id: string
  title: string
  status: SectionStatus
  orgs: OrgStanding[]
}

/**
 * Sign-off: board representatives approve or request changes on the exact
 * text they reviewed; the server checks the hash against its own document
 * and keeps a snapshot, so later edits show as "approved an earlier version".
 */
export class Signoffs {
  /** Notices to board representatives of approvals an edit made stale. */
  readonly stale: StaleApprovals

  constructor(
    private readonly gov: GovContext,
    private readonly documents: DocumentReader,
    private readonly translations: Pick<Translations, 'staleTranslations'>,
    log?: (line: string) => void,
  ) {
    this.stale = new StaleApprovals(gov.store, log)
  }

  /** One person's notices of stale approvals, newest first, with the unread count. */
  notices(personId: string, platformId: string): { notices: ApprovalNotice[]; unread: number } {
    const approvedAt = new Map(this.store.listSignoffs(platformId).map((s) => [s.id, s.createdAt]))
    const amendmentOf = (id: string | null) => {
      const row = id === null ? null : this.store.getAmendment(platformId, id)
      return row ? { id: row.id, title: row.title } : null
    }
    const notices = this.store.listApprovalNotices(personId, platformId).map(
      (n): ApprovalNotice => ({
        id: n.id,
        sectionId: n.sectionId,
        orgId: n.orgId,
        approvedAt: approvedAt.get(n.signoffId) ?? n.createdAt,
        createdAt: n.createdAt,
        read: n.readAt !== null,
        amendment: amendmentOf(n.amendmentId),
      }),
    )
    return { notices, unread: notices.filter((n) => !n.read).length }
  }

  markNoticesRead(personId: string, platformId: string, ids: number[] | null): void {
    this.store.markApprovalNoticesRead(personId, platformId, ids, new Date().toISOString())
  }

  private get store() {
    return this.gov.store
  }

  /**
   * The section's content now, from the server's own document, read in one
   * synchronous step so hash, JSON and text describe the same moment. A
   * section never written has no root yet, and reading does not create one.
   */
  content(platformId: string, sectionId: string): SectionContent {
    if (!this.store.getPlatform(platformId)) throw notFound('platform')
    if (!this.store.getSection(platformId, sectionId)) throw notFound('section')
    const read = this.documents.sectionContent(platformId, sectionId)
    if (!read) throw notFound('platform')
    return read
  }

  async record(
    actor: Principal,
    platformId: string,
    sectionId: string,
    input: { decision: 'approve' | 'changes'; hash: string; note?: string | undefined },
  ): Promise<string> {
    if (!actor.orgId || !can(actor, 'signoff.record', { orgId: actor.orgId })) {
      throw forbidden('signoff.boardRepsOnly')
    }
    const section = this.store.getSection(platformId, sectionId)
    if (!section) throw notFound('section')
    if (this.store.getPlatform(platformId)?.adopted) throw conflict('adopted', 'signoff.adopted')
    if (input.decision === 'changes' && !input.note?.trim()) throw invalid('signoff.noteNeeded')
    const current = this.content(platformId, sectionId)
    if (current.hash !== input.hash) {
      throw new ApiError(409, 'stale_hash', 'signoff.staleHash', {
        currentHash: current.hash,
        currentText: current.text,
      })
    }
    const row: SignoffRow = {
      id: randomUUID(),
      platformId,
      sectionId,
      orgId: actor.orgId,
      personId: actor.personId,
      decision: input.decision,
      note: input.note?.trim() ?? '',
      hash: current.hash,
      snapshotJson: current.json,
      snapshotText: current.text,
      createdAt: new Date().toISOString(),
    }
    this.gov.commit(
      platformId,
      {
        platformId,
        actorId: actor.personId,
        action: 'signoff.record',
        detail: { sectionId, orgId: actor.orgId, decision: row.decision, hash: row.hash, note: row.note },
      },
      () => this.store.insertSignoff(row),
      [{ kind: 'signoff', sectionId, orgId: row.orgId }],
    )
    return row.id
  }

  /** The sign-off matrix: each section's status and each organization's standing on it. */
  matrix(platformId: string): { sections: SectionSignoffs[]; threshold: number | null; ready: boolean; hashes: Map<string, string> } {
    const platform = this.store.getPlatform(platformId)
    if (!platform) throw notFound('platform')
    const orgs = this.store.listOrganizations(platformId)
    const latest = new Map(this.store.latestSignoffs(platformId).map((s) => [`${s.sectionId}:${s.orgId}`, s]))
    const sections: SectionSignoffs[] = []
    const hashes = new Map<string, string>()
    const decided = new Set([...latest.values()].map((s) => s.sectionId))
    for (const section of this.store.listSections(platformId)) {
      // Hashing is needed only where someone decided: elsewhere no standing can be current.
      const hash = decided.has(section.id) ? this.content(platformId, section.id).hash : ''
      if (hash) hashes.set(section.id, hash)
      const standings = orgs.map((org): OrgStanding => {
        const decision = latest.get(`${section.id}:${org.id}`)
        return { orgId: org.id, decision: decision?.decision ?? null, current: decision ? decision.hash === hash : false }
      })
      sections.push({ id: section.id, title: section.title, status: sectionStatus(section, standings, platform.approvalThreshold), orgs: standings })
    }
    return {
      sections,
      threshold: platform.approvalThreshold,
      ready: readyToAdopt(
        sections.map((s) => ({ standings: s.orgs })),
        platform.approvalThreshold,
      ),
      hashes,
    }
  }

  /** Every decision on a section with its snapshot, newest first, for the difference view. */
  history(platformId: string, sectionId: string): SignoffRow[] {
    if (!this.store.sectionExists(platformId, sectionId)) throw notFound('section')
    return this.store
      .listSignoffs(platformId)
      .filter((s) => s.sectionId === sectionId)
      .reverse()
  }

  setThreshold(actor: Principal, platformId: string, threshold: number | null): void {
    if (!can(actor, 'platform.manage')) throw forbidden('signoff.ruleFacilitators')
    const orgCount = this.store.listOrganizations(platformId).length
    if (threshold !== null && (threshold < 1 || threshold > orgCount)) {
      throw invalid(['signoff.threshold', { max: orgCount }])
    }
    this.gov.commit(
      platformId,
      { platformId, actorId: actor.personId, action: 'platform.threshold', detail: { threshold } },
      () => this.store.setApprovalThreshold(platformId, threshold),
      [{ kind: 'platform' }],
    )
  }

  /**
   * Test seam: awaited between the readiness check and the adopting commit,
   * where an edit used to slip in unnoticed (issue 11, finding 3). Without
   * it, check and commit run in one synchronous step.
   */
  onAdoptionChecked: ((platformId: string) => Promise<void>) | null = null

  /**
   * Adoption freezes the platform: the relay then refuses every edit. The
   * decision is taken again inside the adopting transaction, from the live
   * document and the stored decisions, in the same synchronous step as the
   * commit: what is adopted is exactly what every organization approved.
   */
  async adopt(actor: Principal, platformId: string, options: { waiveStaleTranslations?: string | undefined } = {}): Promise<void> {
    if (!can(actor, 'platform.manage')) throw forbidden('adopt.facilitatorsOnly')
    const platform = this.store.getPlatform(platformId)
    if (!platform) throw notFound('platform')
    if (platform.adopted) throw conflict('adopted', 'adopt.already')
    const waiver = options.waiveStaleTranslations?.trim() || null
    if (waiver !== null && !can(actor, 'translation.waive')) throw forbidden('adopt.waiveFacilitators')
    const checked = this.readyOrRefuse(platformId)
    this.translationsOrRefuse(platformId, waiver)
    if (this.onAdoptionChecked) await this.onAdoptionChecked(platformId)
    this.gov.commit(
      platformId,
      (adopted: { sections: Record<string, string>; waived: StaleTranslation[] }) => ({
        platformId,
        actorId: actor.personId,
        action: 'platform.adopt',
        // A waiver is part of what was adopted: which translations were stale, and why they were let through.
        detail:
          adopted.waived.length > 0
            ? { sections: adopted.sections, staleTranslationsWaived: adopted.waived, waiverReason: waiver }
            : { sections: adopted.sections },
      }),
      () => {
        if (this.store.getPlatform(platformId)?.adopted) throw conflict('adopted', 'adopt.already')
        const now = this.readyOrRefuse(platformId)
        for (const [sectionId, hash] of now) {
          if (checked.get(sectionId) !== hash) throw conflict('changed', 'adopt.sectionChanged')
        }
        if (now.size !== checked.size) throw conflict('changed', 'adopt.sectionsChanged')
        const waived = this.translationsOrRefuse(platformId, waiver)
        this.store.adoptPlatform(platformId, actor.personId, new Date().toISOString())
        return { sections: Object.fromEntries(now), waived }
      },
      [{ kind: 'platform' }],
    )
  }

  /** The stale translations, which a facilitator's reason lets through; without one, 409 naming them. */
  private translationsOrRefuse(platformId: string, waiver: string | null): StaleTranslation[] {
    const stale = this.translations.staleTranslations(platformId)
    if (stale.length > 0 && waiver === null) {
      throw new ApiError(409, 'translations_stale', 'adopt.translationsStale', {
        staleTranslations: stale,
      })
    }
    return stale
  }

  /** Every section approved, with the current approvals tied to the current text; else 409 naming those waiting. */
  private readyOrRefuse(platformId: string): Map<string, string> {
    const { sections, threshold, hashes, ready } = this.matrix(platformId)
    if (!ready) {
      const waiting = sections.filter((s) => !sectionApproval(s.orgs, threshold).approved)
      throw new ApiError(409, 'not_ready', 'adopt.notReady', {
        sectionsWaiting: waiting.map((s) => s.id),
      })
    }
    return hashes
  }
}
