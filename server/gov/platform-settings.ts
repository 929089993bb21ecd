import { randomUUID } from 'node:crypto'
import type { GovOrganization } from '../../shared/gov.js'
import { can, type Principal } from '../../shared/policy.js'
import { conflict, forbidden, invalid, notFound } from '../errors.js'
import type { SectionPatch } from '../store/store.js'
import type { GovContext } from './context.js'

const requireManage = (principal: Principal, action: 'platform.manage' | 'sections.manage'): void => {
  if (!can(principal, action)) throw forbidden('platform.facilitatorsOnly')
}

/** A change of a section's settings; `titles` names only the translations whose title changes ("" removes one). */
export type SectionChanges = Omit<SectionPatch, 'titles'> & { titles?: Record<string, string> }

/** Platforms, member organizations and sections: facilitators' changes. */
export class PlatformSettings {
  constructor(private readonly gov: GovContext) {}

  private get store() {
    return this.gov.store
  }

  /** Any signed-in person may start a platform; they become its facilitator. */
  createPlatform(personId: string, title: string): string {
    const id = randomUUID()
    this.gov.commit(
      id,
      { platformId: id, actorId: personId, action: 'platform.create', detail: { title } },
      () => {
        this.store.createPlatform({ id, title })
        this.store.setMembership({ platformId: id, personId, role: 'facilitator', orgId: null })
      },
      [{ kind: 'platform' }, { kind: 'person', id: personId }],
    )
    return id
  }

  renamePlatform(actor: Principal, platformId: string, title: string): void {
    requireManage(actor, 'platform.manage')
    this.gov.commit(
      platformId,
      { platformId, actorId: actor.personId, action: 'platform.rename', detail: { title } },
      () => this.store.renamePlatform(platformId, title),
      [{ kind: 'platform' }],
    )
  }

  addOrganization(actor: Principal, platformId: string, org: Omit<GovOrganization, 'id'>): string {
    requireManage(actor, 'platform.manage')
    const id = randomUUID()
    this.gov.commit(
      platformId,
      { platformId, actorId: actor.personId, action: 'organization.add', detail: { orgId: id, ...org } },
      () => this.store.addOrganization(platformId, { id, ...org }),
      [{ kind: 'organization', id }],
    )
    return id
  }

  updateOrganization(actor: Principal, platformId: string, orgId: string, patch: Partial<Omit<GovOrganization, 'id'>>): void {
    requireManage(actor, 'platform.manage')
    const current = this.store.getOrganization(platformId, orgId)
    if (!current) throw notFound('organization')
    this.gov.commit(
      platformId,
      { platformId, actorId: actor.personId, action: 'organization.update', detail: { orgId, ...patch } },
      () => this.store.updateOrganization(platformId, { ...current, ...patch }),
      [{ kind: 'organization', id: orgId }],
    )
  }

  private requireOrganization(platformId: string, orgId: string | null | undefined): void {
    if (orgId && !this.store.getOrganization(platformId, orgId)) {
      throw invalid('platform.orgNotMember')
    }
  }

  addSection(actor: Principal, platformId: string, title: string, ownerOrgId: string | null): string {
    requireManage(actor, 'sections.manage')
    this.requireOrganization(platformId, ownerOrgId)
    const id = randomUUID()
    const position = Math.max(0, ...this.store.listSections(platformId).map((s) => s.position)) + 1
    this.gov.commit(
      platformId,
      { platformId, actorId: actor.personId, action: 'section.add', detail: { sectionId: id, title, ownerOrgId } },
      () => this.store.addSection(platformId, { id, title, ownerOrgId, locked: false, position }),
      [{ kind: 'section', id }],
    )
    return id
  }

  /**
   * Rename (the primary title, or `titles` in some translations: "" removes
   * one), change owner, lock or unlock; each change is its own audit entry.
   */
  updateSection(actor: Principal, platformId: string, sectionId: string, patch: SectionChanges): void {
    requireManage(actor, 'sections.manage')
    const section = this.store.getSection(platformId, sectionId)
    if (!section) throw notFound('section')
    this.requireOrganization(platformId, patch.ownerOrgId)
    const { others } = this.store.getPlatform(platformId)!.languages
    for (const lang of Object.keys(patch.titles ?? {})) if (!others.includes(lang)) throw invalid(['section.titleLanguage', { lang }])
    const base = { platformId, actorId: actor.personId }
    const events = []
    if (patch.title !== undefined && patch.title !== section.title) {
      events.push({ ...base, action: 'section.rename', detail: { sectionId, from: section.title, to: patch.title } })
    }
    // The whole set after the change: the languages named take their new title, the others keep theirs.
    let titles: Record<string, string> | undefined
    for (const [lang, title] of Object.entries(patch.titles ?? {})) {
      const from = section.titles?.[lang] ?? ''
      if (title === from) continue
      titles = { ...(titles ?? section.titles), [lang]: title }
      if (title === '') delete titles[lang]
      events.push({ ...base, action: 'section.rename', detail: { sectionId, lang, from: from || null, to: title || null } })
    }
    if (patch.ownerOrgId !== undefined && patch.ownerOrgId !== section.ownerOrgId) {
      events.push({ ...base, action: 'section.owner', detail: { sectionId, from: section.ownerOrgId, to: patch.ownerOrgId } })
    }
    if (patch.locked !== undefined && patch.locked !== section.locked) {
      events.push({ ...base, action: patch.locked ? 'section.lock' : 'section.unlock', detail: { sectionId } })
    }
    if (events.length === 0) return
    const { titles: _named, ...rest } = patch
    const stored: SectionPatch = titles ? { ...rest, titles } : rest
    this.gov.commit(platformId, events, () => this.store.updateSection(platformId, sectionId, stored), [{ kind: 'section', id: sectionId }])
  }

  reorderSections(actor: Principal, platformId: string, sectionIds: string[]): void {
    requireManage(actor, 'sections.manage')
    const live = this.store.listSections(platformId).map((s) => s.id)
    const unique = new Set(sectionIds)
    if (unique.size !== sectionIds.length || live.length !== sectionIds.length || !live.every((id) => unique.has(id))) {
      throw invalid('section.order')
    }
    this.gov.commit(
      platformId,
      { platformId, actorId: actor.personId, action: 'section.reorder', detail: { sectionIds } },
      () => this.store.setSectionPositions(platformId, sectionIds),
      sectionIds.map((id) => ({ kind: 'section', id })),
    )
  }

  /** Removed sections keep their text and can be restored. */
  removeSection(actor: Principal, platformId: string, sectionId: string): void {
    requireManage(actor, 'sections.manage')
    const exists = this.store.sectionExists(platformId, sectionId)
    if (!exists) throw notFound('section')
    if (exists.removed) throw conflict('already_removed', 'section.alreadyRemoved')
    this.gov.commit(
      platformId,
      { platformId, actorId: actor.personId, action: 'section.remove', detail: { sectionId } },
      () => this.store.setSectionRemoved(platformId, sectionId, new Date().toISOString()),
      [{ kind: 'section', id: sectionId }],
    )
  }

  restoreSection(actor: Principal, platformId: string, sectionId: string): void {
    requireManage(actor, 'sections.manage')
    const exists = this.store.sectionExists(platformId, sectionId)
    if (!exists) throw notFound('section')
    if (!exists.removed) throw conflict('not_removed', 'section.notRemoved')
    this.gov.commit(
      platformId,
      { platformId, actorId: actor.personId, action: 'section.restore', detail: { sectionId } },
      () => {
        // Back at the end of the platform, where the facilitator can move it.
        const others = this.store.listSections(platformId).map((s) => s.id)
        this.store.setSectionRemoved(platformId, sectionId, null)
        this.store.setSectionPositions(platformId, [...others, sectionId])
        return others
      },
      // Every live section is renumbered.
      (others) => [...others, sectionId].map((id) => ({ kind: 'section', id })),
    )
  }
}
