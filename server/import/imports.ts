/**
 * Importing a platform, or more sections of one, from a .docx or .md file
 * (issue 16, item 6). Two steps: the upload is converted and held here, in
 * memory, for its uploader alone, and answered with a preview; nothing is
 * created until the uploader confirms. Held imports expire (IMPORT_TTL_MS)
 * and each person holds at most MAX_HELD_IMPORTS_PER_PERSON (the oldest
 * goes), so memory stays bounded; a restart forgets them, which loses
 * nothing but the upload.
 *
 * Confirming creates the platform and its sections the way the API does
 * (one store transaction with their audit entries, gov projected from it),
 * then writes each section's text into the platform's document with
 * applyNodes as a server edit, stored before anyone sees it: the same path
 * an accepted amendment takes. Sections start open (no owner): the
 * facilitator assigns them afterwards.
 */
import { randomUUID } from 'node:crypto'
import { applyNodes } from '../../shared/apply-nodes.js'
import { sectionRoot } from '../../shared/documents.js'
import { IMPORT_TTL_MS, MAX_HELD_IMPORTS_PER_PERSON, MAX_IMPORT_SECTIONS } from '../../shared/limits.js'
import { can, type Principal } from '../../shared/policy.js'
import type { AuditEvent } from '../audit/audit-log.js'
import { ApiError, conflict, forbidden, notFound } from '../errors.js'
import type { GovTouched } from '../gov/touched.js'
import type { ApiLocale } from '../i18n/api-errors.js'
import { writeOnBehalf } from '../documents/write-on-behalf.js'
import type { Services } from '../services.js'
import type { ConvertedSection, ConvertProblem, ImportKind } from './convert.js'
import { plainText } from './plain-text.js'
import { runConversion } from './run-conversion.js'
import { importWords } from './import-words.js'

interface HeldImport {
  id: string
  personId: string
  /** Appending to this platform; null: a new platform. */
  platformId: string | null
  fileName: string
  kind: ImportKind
  title: string
  headingLevel: number
  sections: ConvertedSection[]
  expiresAt: number
}

export interface ImportPreview {
  importId: string
  kind: ImportKind
  fileName: string
  title: string
  headingLevel: number
  platformId: string | null
  sections: Array<{ title: string; preview: string; words: number; intro?: true }>
  counts: { sections: number; words: number; headings: number[] }
  expiresAt: string
}

const PREVIEW_CHARS = 160

export class Imports {
  private readonly held = new Map<string, HeldImport>()

  constructor(
    private readonly services: Services,
    private readonly options: { ttlMs?: number; now?: () => number } = {},
  ) {}

  private now(): number {
    return (this.options.now ?? Date.now)()
  }

  /** Appending needs what adding a section needs, on a platform that is not adopted. */
  requireAppend(principal: Principal, platformId: string): void {
    if (!can(principal, 'sections.manage')) throw forbidden('platform.facilitatorsOnly')
    if (this.services.store.getPlatform(platformId)?.adopted) throw conflict('adopted', 'platform.adopted')
  }

  async preview(input: {
    personId: string
    platformId: string | null
    fileName: string
    bytes: Buffer
    headingLevel: number
    locale: ApiLocale
  }): Promise<ImportPreview> {
    this.sweep()
    const outcome = await runConversion({ fileName: input.fileName, bytes: input.bytes, headingLevel: input.headingLevel, words: importWords(input.locale) })
    if (outcome.kind === 'busy') throw new ApiError(429, 'import_busy', 'import.busy')
    if (outcome.kind === 'refused') throw refusalOf(outcome.problem)
    if (outcome.kind === 'failed') {
      this.services.config.log(`import: ${input.fileName} could not be converted: ${outcome.message}`)
      throw refusalOf('corrupt')
    }
    const converted = outcome.doc
    const { sections, headingCounts } = converted
    const headingSections = sections.filter((s) => !s.intro)
    if (headingSections.length === 0) {
      // Say which level has headings: the first level that has any.
      const suggested = headingCounts.findIndex((n) => n > 0) + 1
      const extra = { headingCounts, suggestedLevel: suggested > 0 ? suggested : null }
      if (suggested > 0) throw new ApiError(400, 'no_sections', ['import.noSectionsTry', { level: input.headingLevel, suggested }], extra)
      throw new ApiError(400, 'no_sections', ['import.noHeadings', { level: input.headingLevel }], extra)
    }
    if (sections.length > MAX_IMPORT_SECTIONS) {
      throw new ApiError(400, 'too_many_sections', ['import.tooManySections', { count: sections.length, max: MAX_IMPORT_SECTIONS }])
    }
    for (const [index, section] of sections.entries()) {
      const verdict = outcome.verdicts[index]!
      if (!verdict.ok) {
        if (verdict.reason === 'tooLarge') throw new ApiError(413, 'section_too_large', ['import.sectionTooLarge', { title: section.title }])
        // The conversion only produces what the schema holds: a refusal here is a bug, not the file's fault.
        this.services.config.log(`BUG: import of ${input.fileName}: section "${section.title}" fails the content rules: ${verdict.detail}`)
        throw new ApiError(400, 'import_invalid', ['import.sectionInvalid', { title: section.title }])
      }
    }
    const id = randomUUID()
    const held: HeldImport = {
      id,
      personId: input.personId,
      platformId: input.platformId,
      fileName: input.fileName,
      kind: converted.kind,
      title: converted.title,
      headingLevel: input.headingLevel,
      sections,
      expiresAt: this.now() + (this.options.ttlMs ?? IMPORT_TTL_MS),
    }
    const mine = [...this.held.values()].filter((h) => h.personId === input.personId)
    for (const old of mine.slice(0, Math.max(0, mine.length - MAX_HELD_IMPORTS_PER_PERSON + 1))) this.held.delete(old.id)
    this.held.set(id, held)
    const previews = sections.map((s) => {
      const text = plainText(s.nodes)
      return {
        title: s.title,
        preview: text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS - 1).trimEnd()}…` : text,
        words: text ? text.split(' ').length : 0,
        ...(s.intro ? { intro: true as const } : {}),
      }
    })
    return {
      importId: id,
      kind: held.kind,
      fileName: held.fileName,
      title: held.title,
      headingLevel: held.headingLevel,
      platformId: held.platformId,
      sections: previews,
      counts: { sections: previews.length, words: previews.reduce((n, s) => n + s.words, 0), headings: headingCounts },
      expiresAt: new Date(held.expiresAt).toISOString(),
    }
  }

  /**
   * The held import of this person, or 404: another person's import is
   * answered like an unknown one (its existence is not revealed).
   */
  find(importId: string, personId: string): HeldImport {
    const held = this.held.get(importId)
    if (!held || held.personId !== personId) throw notFound('import')
    if (held.expiresAt <= this.now()) {
      this.held.delete(importId)
      throw new ApiError(404, 'import_expired', 'import.expired')
    }
    return held
  }

  /** Creates the platform with its sections and text; returns its id. The caller checked the person may create platforms. */
  confirmNew(held: HeldImport, title: string | undefined): { id: string; sectionIds: string[] } {
    const platformId = randomUUID()
    const name = title ?? held.title
    const sections = held.sections.map((s) => ({ ...s, id: randomUUID() }))
    const events: AuditEvent[] = [
      { platformId, actorId: held.personId, action: 'platform.create', detail: { title: name, importedFrom: held.fileName } },
      ...sections.map((s) => sectionAdded(platformId, held.personId, s.id, s.title, held.fileName)),
    ]
    this.services.gov.commit(
      platformId,
      events,
      () => {
        this.services.store.createPlatform({ id: platformId, title: name })
        this.services.store.setMembership({ platformId, personId: held.personId, role: 'facilitator', orgId: null })
        sections.forEach((s, i) => {
          this.services.store.addSection(platformId, { id: s.id, title: s.title, ownerOrgId: null, locked: false, position: i + 1 })
        })
      },
      [{ kind: 'platform' }, { kind: 'person', id: held.personId }, ...sections.map((s): GovTouched => ({ kind: 'section', id: s.id }))],
    )
    this.held.delete(held.id)
    this.writeText(platformId, sections, held.personId)
    return { id: platformId, sectionIds: sections.map((s) => s.id) }
  }

  /** Appends the held sections at the end of the platform. The caller checked requireAppend. */
  confirmAppend(held: HeldImport, actor: Principal, platformId: string): { id: string; sectionIds: string[] } {
    this.requireAppend(actor, platformId)
    const sections = held.sections.map((s) => ({ ...s, id: randomUUID() }))
    this.services.gov.commit(
      platformId,
      sections.map((s) => sectionAdded(platformId, actor.personId, s.id, s.title, held.fileName)),
      () => {
        const last = Math.max(0, ...this.services.store.listSections(platformId).map((s) => s.position))
        sections.forEach((s, i) => {
          this.services.store.addSection(platformId, { id: s.id, title: s.title, ownerOrgId: null, locked: false, position: last + i + 1 })
        })
      },
      sections.map((s): GovTouched => ({ kind: 'section', id: s.id })),
    )
    this.held.delete(held.id)
    this.writeText(platformId, sections, held.personId)
    return { id: platformId, sectionIds: sections.map((s) => s.id) }
  }

  /** The sections' text, as one server edit of the platform's document (stored before it is relayed, room.ts). */
  private writeText(platformId: string, sections: Array<ConvertedSection & { id: string }>, personId: string): void {
    const written = this.services.documents.withDocument(platformId, (doc) => {
      // The imported words are the importer's, in who wrote which words (issue 16).
      writeOnBehalf(this.services.store, platformId, doc, personId, () => {
        for (const s of sections) applyNodes(doc.getXmlFragment(sectionRoot(s.id)), s.nodes)
      })
      return true
    })
    if (!written) this.services.config.log(`import: platform ${platformId} could not be opened to write its imported text`)
  }

  /** Forgets expired imports (on every upload: no timer keeps the process busy). */
  private sweep(): void {
    const now = this.now()
    for (const [id, held] of this.held) if (held.expiresAt <= now) this.held.delete(id)
  }
}

/** A section added by an import: audited as any added section, with the file it came from. */
const sectionAdded = (platformId: string, actorId: string, sectionId: string, title: string, importedFrom: string): AuditEvent => ({
  platformId,
  actorId,
  action: 'section.add',
  detail: { sectionId, title, ownerOrgId: null, importedFrom },
})

function refusalOf(problem: ConvertProblem): ApiError {
  switch (problem) {
    case 'unsupported':
      return new ApiError(400, 'unsupported_file', 'import.unsupported')
    case 'corrupt':
      return new ApiError(400, 'corrupt_file', 'import.corrupt')
    case 'tooLarge':
      return new ApiError(413, 'too_large', 'import.unpackedTooLarge')
    case 'tooDeep':
      return new ApiError(400, 'too_deep', 'import.tooDeep')
  }
}
