import { useId, type ReactNode } from 'react'
import type * as Y from 'yjs'
import { existingXmlFragment } from '../../../shared/existing-root.js'
import { allLanguages, languageName } from '../../../shared/languages.js'
import { sectionPlainText } from '../../../shared/section-text.js'
import { platformLanguagesOf, sectionVersionHash, sectionVersionRoots } from '../../../shared/section-version.js'
import { ApiError, api, enc } from '../api.js'
import { useI18n } from '../i18n/index.js'
import { DiffView } from './DiffView.js'

/** One language's text under review. */
export interface ReviewedLanguage {
  lang: string
  text: string
}

/** The text on screen, and the hash of that same moment: what a decision is recorded for. */
export interface Reviewed {
  /** Every language together, as sectionVersionText gives it: what the server's snapshot and differences hold. */
  text: string
  /** Each language's text, the primary first; one entry on a platform of one language. */
  languages: ReviewedLanguage[]
  /** The platform's primary language when captured. */
  primary: string
  hash: Promise<string>
}

/** What the person has in front of them: read synchronously, hashed from that same moment. */
export function capture(doc: Y.Doc, sectionId: string): Reviewed {
  // sectionVersionHash reads every language before its first await: texts and hash describe the same moment.
  const hash = sectionVersionHash(doc, sectionId)
  const platform = platformLanguagesOf(doc)
  const langs = allLanguages(platform)
  const languages = sectionVersionRoots(sectionId, platform).map((root, i) => ({ lang: langs[i]!, text: sectionPlainText(existingXmlFragment(doc, root)) }))
  // Joined as sectionVersionText joins them: the same string the server stores and compares.
  return { text: languages.map((l) => l.text).join('\n\n'), languages, primary: platform.primary, hash }
}

/** The text is no longer the one under review: what changed, and a way to review the new text. */
export function TextChangedBanner({
  role,
  before,
  after,
  onReviewAgain,
  children,
}: {
  role: 'alert' | 'status'
  before: string
  after: string
  onReviewAgain: () => void
  children: ReactNode
}) {
  const { t } = useI18n()
  return (
    <div className="banner banner-warning" role={role}>
      <p>{children}</p>
      <DiffView before={before} after={after} label={t('signoff.review.conflictDiff')} />
      <p>
        <button type="button" onClick={onReviewAgain}>
          {t('signoff.review.again')}
        </button>
      </p>
    </div>
  )
}

/** One language's paragraphs, one per line; the section's empty-text note when there are none. */
function Paragraphs({ text }: { text: string }) {
  const { t } = useI18n()
  return text === '' ? <p className="muted">{t('signoff.review.emptyText')}</p> : text.split('\n').map((line, i) => <p key={i}>{line}</p>)
}

/**
 * The text under review under its subtitle (h3 or h4: where the review sits in
 * the page). With translations, one block per language under its name (h4 or
 * h5), the primary first: an approval covers them all.
 */
export function ReviewedText({ reviewed, heading: Heading, className }: { reviewed: Reviewed; heading: 'h3' | 'h4'; className?: string }) {
  const { t, locale, formatList } = useI18n()
  const id = useId()
  const LanguageHeading = Heading === 'h3' ? 'h4' : 'h5'
  const { languages, primary } = reviewed
  // It scrolls when long (every language of the section is reviewed): reachable and named for keyboard users.
  return (
    <>
      <Heading id={id} className="signoff-review-subtitle">
        {languages.length === 1
          ? t('signoff.review.textTitle')
          : // The box may show one language at a time: the title says the approval covers them all.
            t('signoff.review.textTitleIn', { languages: formatList(languages.map(({ lang }) => languageName(lang, locale))) })}
      </Heading>
      <div className={className ? `signoff-reviewed-text ${className}` : 'signoff-reviewed-text'} role="region" aria-labelledby={id} tabIndex={0}>
        {languages.length === 1 ? (
          <div lang={languages[0]!.lang}>
            <Paragraphs text={languages[0]!.text} />
          </div>
        ) : (
          languages.map(({ lang, text }) => {
            const name = languageName(lang, locale)
            return (
              <div key={lang} className="signoff-reviewed-language">
                <LanguageHeading className="signoff-reviewed-language-name">
                  {lang === primary ? t('languages.primary', { language: name }) : name}
                </LanguageHeading>
                <div lang={lang}>
                  <Paragraphs text={text} />
                </div>
              </div>
            )
          })
        )}
      </div>
    </>
  )
}

/** Why a decision was refused as stale (the text it was for is gone): `before` what was reviewed, `after` the server's text now. */
export type ReviewConflict = { before: string; after: string }

/**
 * Records a decision on the reviewed text (by its hash), for both review
 * forms; returns the hash. A stale_hash refusal comes back as the conflict
 * to show (the server's text, or `fallback` when it sent none); any other
 * failure is thrown.
 */
export async function recordDecision(
  platformId: string,
  sectionId: string,
  reviewed: Reviewed,
  decision: 'approve' | 'changes',
  note: string,
  fallback: () => string,
): Promise<{ hash: string } | { conflict: ReviewConflict }> {
  const hash = await reviewed.hash
  try {
    await api('POST', `/api/platforms/${enc(platformId)}/sections/${enc(sectionId)}/signoffs`, {
      decision,
      hash,
      ...(note.trim() ? { note: note.trim() } : {}),
    })
    return { hash }
  } catch (e) {
    if (!(e instanceof ApiError && e.code === 'stale_hash')) throw e
    const body = e.body as { error?: { currentText?: unknown } } | null
    return { conflict: { before: reviewed.text, after: typeof body?.error?.currentText === 'string' ? body.error.currentText : fallback() } }
  }
}

/**
 * What both review forms show above the form (`children`): the conflict
 * that stopped a decision, or else the text under review, with a banner when
 * the live text has moved on since it was captured.
 */
export function ReviewedTextOrConflict({
  reviewed,
  live,
  conflict,
  heading,
  className,
  onReviewAgain,
  children,
}: {
  reviewed: Reviewed
  live: string
  conflict: ReviewConflict | null
  heading: 'h3' | 'h4'
  className?: string
  onReviewAgain: () => void
  children: ReactNode
}) {
  const { t } = useI18n()
  if (conflict) {
    return (
      <TextChangedBanner role="alert" before={conflict.before} after={conflict.after} onReviewAgain={onReviewAgain}>
        <strong>{t('signoff.review.conflict')}</strong>
      </TextChangedBanner>
    )
  }
  return (
    <>
      <ReviewedText reviewed={reviewed} heading={heading} className={className} />
      {live !== reviewed.text ? (
        <TextChangedBanner role="status" before={reviewed.text} after={live} onReviewAgain={onReviewAgain}>
          {t('signoff.review.changedMeanwhile')}
        </TextChangedBanner>
      ) : null}
      {children}
    </>
  )
}

/** The note field's error (a request for changes needs a note), described by the field's aria-describedby. */
export function NoteMissing({ id }: { id: string }) {
  const { t } = useI18n()
  return (
    <p id={id} className="field-error">
      {t('signoff.review.noteMissing')}
    </p>
  )
}

/** Why the decision was not recorded, announced. */
export function DecisionError({ message }: { message: string | null }) {
  const { t } = useI18n()
  return message ? (
    <p className="form-error" role="alert">
      {t('signoff.review.error', { message })}
    </p>
  ) : null
}
