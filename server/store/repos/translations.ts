import type { SqlDatabase } from '../sql-database.js'
import type { TranslationReviewRow, TranslationStore } from '../store.js'

interface ReviewRow {
  platform_id: string
  section_id: string
  lang: string
  up_to_date_with: string
  primary_json: string
  person_id: string
  at: string
}

const toReview = (r: ReviewRow): TranslationReviewRow => ({
  platformId: r.platform_id,
  sectionId: r.section_id,
  lang: r.lang,
  upToDateWith: r.up_to_date_with,
  primaryJson: r.primary_json,
  personId: r.person_id,
  at: r.at,
})

/** Translation reviews (issue 15): the current one per section and language. */
export function translationsRepo(db: SqlDatabase): TranslationStore {
  const q = {
    list: db.prepare<[string], Omit<ReviewRow, 'primary_json'>>(
      'SELECT platform_id, section_id, lang, up_to_date_with, person_id, at FROM translation_reviews WHERE platform_id = ? ORDER BY section_id, lang',
    ),
    one: db.prepare<[string, string, string], ReviewRow>('SELECT * FROM translation_reviews WHERE platform_id = ? AND section_id = ? AND lang = ?'),
    upsert: db.prepare<[string, string, string, string, string, string, string]>(
      `INSERT INTO translation_reviews (platform_id, section_id, lang, up_to_date_with, primary_json, person_id, at) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (platform_id, section_id, lang) DO UPDATE SET up_to_date_with = excluded.up_to_date_with,
         primary_json = excluded.primary_json, person_id = excluded.person_id, at = excluded.at`,
    ),
  }
  return {
    listTranslationReviews: (platformId) =>
      q.list.all(platformId).map((r) => {
        const { primaryJson: _unread, ...review } = toReview({ ...r, primary_json: '' })
        return review
      }),
    getTranslationReview(platformId, sectionId, lang) {
      const row = q.one.get(platformId, sectionId, lang)
      return row ? toReview(row) : null
    },
    setTranslationReview: (r) => void q.upsert.run(r.platformId, r.sectionId, r.lang, r.upToDateWith, r.primaryJson, r.personId, r.at),
  }
}
