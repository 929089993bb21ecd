import { randomUUID } from 'node:crypto'
import { sectionHash, sectionJson } from '../../shared/content-hash.js'
import { sectionRoot } from '../../shared/documents.js'
import { canManage, canSignOff, type Principal } from '../../shared/permissions.js'
import { sectionPlainText } from '../../shared/section-text.js'
import { readyToAdopt, sectionApproval, sectionStatus, type OrgStanding, type SectionStatus } from '../../shared/signoff-rules.js'
import { ApiError, conflict, forbidden, invalid, notFound } from '../errors.js'
import type { GovContext } from '../gov/context.js'
import type { Rooms } from '../relay/rooms.js'
import type { SignoffRow } from '../store/store.js'

export interface SectionContent {
  hash: string
  json: string
  text: string
}

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
  constructor(
    private readonly gov: GovContext,
    private readonly rooms: Rooms,
  ) {}

  private get store() {
    return this.gov.store
  }

  /** The section's content now, from the server's own document. */
  async content(platformId: string, sectionId: string): Promise<SectionContent> {
    const read = this.rooms.withDocument(platformId, (room) => {
      const fragment = room.doc.getXmlFragment(sectionRoot(sectionId))
      // Read synchronously together, so hash, JSON and text describe the same moment.
      return { hash: sectionHash(fragment), json: JSON.stringify(sectionJson(fragment)), text: sectionPlainText(fragment) }
    })
    if (!read) throw notFound('platform')
    return { hash: await read.hash, json: read.json, text: read.text }
  }

  async record(actor: Principal, platformId: string, sectionId: string, input: { decision: 'approve' | 'changes'; hash: string; note?: string | undefined }): Promise<string> {
    if (!actor.orgId || !canSignOff(actor, actor.orgId)) {
      throw forbidden('Only a board representative signs off, for their own organization.')
    }
    const section = this.store.getSection(platformId, sectionId)
    if (!section) throw notFound('section')
    if (this.store.getPlatform(platformId)?.adopted) throw conflict('adopted', 'The platform is adopted: sign-off is closed.')
    if (input.decision === 'changes' && !input.note?.trim()) throw invalid('Say what should change: a request for changes needs a note.')
    const current = await this.content(platformId, sectionId)
    if (current.hash !== input.hash) {
      throw new ApiError(409, 'stale_hash', 'The text changed since you started reviewing it.', {
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
    )
    return row.id
  }

  /** The sign-off matrix: each section's status and each organization's standing on it. */
  async matrix(platformId: string): Promise<{ sections: SectionSignoffs[]; threshold: number | null; ready: boolean }> {
    const platform = this.store.getPlatform(platformId)
    if (!platform) throw notFound('platform')
    const orgs = this.store.listOrganizations(platformId)
    const latest = new Map(this.store.latestSignoffs(platformId).map((s) => [`${s.sectionId}:${s.orgId}`, s]))
    const sections: SectionSignoffs[] = []
    for (const section of this.store.listSections(platformId)) {
      const hash = latest.size > 0 ? (await this.content(platformId, section.id)).hash : ''
      const standings = orgs.map((org): OrgStanding => {
        const decision = latest.get(`${section.id}:${org.id}`)
        return { orgId: org.id, decision: decision?.decision ?? null, current: decision ? decision.hash === hash : false }
      })
      sections.push({ id: section.id, title: section.title, status: sectionStatus(section, standings, platform.approvalThreshold), orgs: standings })
    }
    return { sections, threshold: platform.approvalThreshold, ready: readyToAdopt(sections.map((s) => ({ standings: s.orgs })), platform.approvalThreshold) }
  }

  /** Every decision on a section with its snapshot, newest first, for the difference view. */
  history(platformId: string, sectionId: string): SignoffRow[] {
    if (!this.store.sectionExists(platformId, sectionId)) throw notFound('section')
    return this.store.listSignoffs(platformId).filter((s) => s.sectionId === sectionId).reverse()
  }

  setThreshold(actor: Principal, platformId: string, threshold: number | null): void {
    if (!canManage(actor)) throw forbidden('Only facilitators set the approval rule.')
    const orgCount = this.store.listOrganizations(platformId).length
    if (threshold !== null && (threshold < 1 || threshold > orgCount)) {
      throw invalid(`The threshold must be between 1 and the number of member organizations (${orgCount}).`)
    }
    this.gov.commit(
      platformId,
      { platformId, actorId: actor.personId, action: 'platform.threshold', detail: { threshold } },
      () => this.store.setApprovalThreshold(platformId, threshold),
    )
  }

  /** Adoption freezes the platform: the relay then refuses every edit. */
  async adopt(actor: Principal, platformId: string): Promise<void> {
    if (!canManage(actor)) throw forbidden('Only facilitators adopt the platform.')
    const platform = this.store.getPlatform(platformId)!
    if (platform.adopted) throw conflict('adopted', 'The platform is already adopted.')
    const { sections, threshold } = await this.matrix(platformId)
    const waiting = sections.filter((s) => !sectionApproval(s.orgs, threshold).approved)
    if (sections.length === 0 || waiting.length > 0) {
      throw new ApiError(409, 'not_ready', 'Every section must be approved before the platform is adopted.', {
        sectionsWaiting: waiting.map((s) => s.id),
      })
    }
    const contents = await Promise.all(sections.map(async (s) => [s.id, await this.content(platformId, s.id)] as const))
    this.gov.commit(
      platformId,
      { platformId, actorId: actor.personId, action: 'platform.adopt', detail: { sections: Object.fromEntries(contents.map(([id, c]) => [id, c.hash])) } },
      () => {
        // Hashing yields to the event loop: refuse if an edit slipped in meanwhile.
        for (const [sectionId, content] of contents) {
          const now = this.rooms.withDocument(platformId, (room) => JSON.stringify(sectionJson(room.doc.getXmlFragment(sectionRoot(sectionId)))))
          if (now !== content.json) throw conflict('changed', 'A section changed while the platform was being adopted. Try again.')
        }
        this.store.adoptPlatform(platformId, actor.personId, new Date().toISOString())
      },
    )
  }
}
