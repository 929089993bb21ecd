/**
 * Platform languages and translation reviews (issue 15). Each section has a
 * text per language: the primary in `body:<id>`, each translation in
 * `body:<id>:<lang>`, written under the section's own rules (the relay's
 * policy check). A translation records which version of the primary text
 * (its content hash) it was last brought up to date with; when the primary
 * changes after that, the translation is stale until a translator reviews it.
 */
import type { SectionNode } from '../../shared/content-hash.js'
import { translationRoot } from '../../shared/documents.js'
import { penOn } from '../../shared/drafting.js'
import { findSection, govSessions } from '../../shared/gov.js'
import { allLanguages, MAX_OTHER_LANGUAGES, type PlatformLanguages } from '../../shared/languages.js'
import { can, refusal, type Principal } from '../../shared/policy.js'
import { readSectionVersion, platformLanguagesOf } from '../../shared/section-version.js'
import { ApiError, conflict, forbidden, invalid, notFound } from '../errors.js'
import { nodesHash, type DocumentReader } from '../documents/documents.js'
import type { GovContext } from '../gov/context.js'

/** One translation of a section as the API shows it. */
export interface TranslationStatus {
  lang: string
  root: string
  /** The primary's content hash it was last marked up to date with; null if never. */
  upToDateWith: string | null
  /** True when the primary text now is not the one it was brought up to date with. */
  stale: boolean
}

/** A stale translation: a section and one of its languages. */
export interface StaleTranslation {
  sectionId: string
  lang: string
}

export class Translations {
  constructor(
    private readonly gov: GovContext,
    private readonly documents: DocumentReader,
  ) {}

  private get store() {
    return this.gov.store
  }

  /**
   * A facilitator sets the languages. The primary names what `body:<id>`
   * holds, so it changes only while there are no translations (their texts
   * would otherwise follow a text in another language). A language taken
   * out keeps its texts in the document: putting it back shows them again.
   */
  setLanguages(actor: Principal, platformId: string, languages: PlatformLanguages): void {
    if (!can(actor, 'platform.manage')) throw forbidden('translations.facilitatorsOnly')
    const platform = this.store.getPlatform(platformId)
    if (!platform) throw notFound('platform')
    if (platform.adopted) throw conflict('adopted', 'translations.adopted')
    const others = languages.others
    if (others.length > MAX_OTHER_LANGUAGES) throw invalid(['translations.tooMany', { max: MAX_OTHER_LANGUAGES }])
    if (new Set(allLanguages(languages)).size !== others.length + 1) throw invalid('translations.listedOnce')
    const current = platform.languages
    if (languages.primary !== current.primary && current.others.length > 0 && others.length > 0) {
      throw conflict('has_translations', 'translations.hasTranslations')
    }
    this.gov.commit(
      platformId,
      { platformId, actorId: actor.personId, action: 'platform.languages', detail: { primary: languages.primary, others } },
      () => this.store.setPlatformLanguages(platformId, { primary: languages.primary, others: [...others] }),
      [{ kind: 'platform' }],
    )
  }

  /** Each translation of a section, with whether the primary changed since it was last brought up to date. */
  statuses(platformId: string, sectionId: string): TranslationStatus[] {
    if (!this.store.getSection(platformId, sectionId)) throw notFound('section')
    const found = this.documents.withDocument(platformId, (doc) => {
      const version = readSectionVersion(doc, sectionId)
      const primaryHash = nodesHash(version.primary)
      const reviews = findSection(doc, sectionId)?.translations ?? {}
      return version.languages.others.map((lang) => {
        const upToDateWith = reviews[lang]?.upToDateWith ?? null
        return { lang, root: translationRoot(sectionId, lang), upToDateWith, stale: upToDateWith !== primaryHash }
      })
    })
    if (!found) throw notFound('platform')
    return found
  }

  /**
   * The primary text a translation was last brought up to date with (null if
   * never), beside the primary now: what changed in it since, for the translator.
   */
  primaryChanges(platformId: string, sectionId: string, lang: string): { reviewed: SectionNode[] | null; now: SectionNode[]; status: TranslationStatus } {
    const status = this.statuses(platformId, sectionId).find((s) => s.lang === lang)
    if (!status) throw notFound('translation')
    const review = this.store.getTranslationReview(platformId, sectionId, lang)
    const now = this.documents.withDocument(platformId, (doc) => readSectionVersion(doc, sectionId).primary) ?? []
    return { reviewed: review ? (JSON.parse(review.primaryJson) as SectionNode[]) : null, now, status }
  }

  /**
   * A translator marks the translation up to date with the primary text they
   * reviewed (its hash); 409 with the current hash when the primary changed
   * since. Checked and recorded in one synchronous step on the live document.
   */
  markUpToDate(actor: Principal, platformId: string, sectionId: string, lang: string, hash: string): void {
    if (!this.store.getSection(platformId, sectionId)) throw notFound('section')
    const done = this.documents.withDocument(platformId, (doc) => {
      const section = findSection(doc, sectionId)
      if (!section) throw notFound('section')
      const languages = platformLanguagesOf(doc)
      if (!languages.others.includes(lang)) throw notFound('translation')
      const platform = this.store.getPlatform(platformId)
      const pen = penOn(govSessions(doc)?.values() ?? [], sectionId)
      const why = refusal(actor, 'translation.review', { section, platform, pen })
      if (why === 'adopted' || why === 'locked') throw conflict(why, why === 'adopted' ? 'platform.adopted' : 'section.locked')
      if (why) throw forbidden('translations.writersOnly')
      const version = readSectionVersion(doc, sectionId, languages)
      const current = nodesHash(version.primary)
      if (hash !== current) {
        throw new ApiError(409, 'stale_hash', 'translations.staleHash', { currentHash: current })
      }
      const at = new Date().toISOString()
      this.gov.commit(
        platformId,
        { platformId, actorId: actor.personId, action: 'translation.upToDate', detail: { sectionId, lang, hash } },
        () =>
          this.store.setTranslationReview({ platformId, sectionId, lang, upToDateWith: hash, primaryJson: version.primaryJson, personId: actor.personId, at }),
        [{ kind: 'section', id: sectionId }],
      )
      return true
    })
    if (!done) throw notFound('platform')
  }

  /** Every stale translation of the platform now (adoption refuses them unless waived). */
  staleTranslations(platformId: string): StaleTranslation[] {
    return this.store.listSections(platformId).flatMap((s) =>
      this.statuses(platformId, s.id)
        .filter((t) => t.stale)
        .map((t) => ({ sectionId: s.id, lang: t.lang })),
    )
  }
}
