import type { Node as PMNode } from '@tiptap/pm/model'
import { auditLogOf } from '../audit/audit-log.js'
import { sectionRoot, translationRoot } from '../../shared/documents.js'
import { existingXmlFragment } from '../../shared/existing-root.js'
import { allLanguages } from '../../shared/languages.js'
import { ApiError, invalid, notFound } from '../errors.js'
import { readSection, type DocumentReader } from '../documents/documents.js'
import { sectionTitleIn } from '../../shared/gov.js'
import type { Store } from '../store/store.js'
import type { ExportWords } from './export-words.js'
import { escapeHtml, escapeMarkdown, headingShift, sectionDocument, toHtml, toMarkdown } from './render.js'

interface Endorsement {
  orgName: string
  rows: Array<{ section: string; by: string | null; at: string | null; current: boolean }>
}

/** An amendment as the export lists it: what was proposed, by whom, supported by whom, and its outcome. */
export interface PublishedAmendment {
  section: string
  title: string
  orgName: string
  endorsedBy: string[]
  status: 'open' | 'accepted' | 'declined' | 'withdrawn'
  decidedBy: string | null
  at: string | null
  note: string
}

/** A section in one language. */
export interface PublishedText {
  lang: string
  title: string
  /** Its text as a ProseMirror document of the editor's schema (render.ts); null when it has none (a translation never written, or empty). */
  doc: PMNode | null
}

export interface PublishedPlatform {
  title: string
  draft: boolean
  generatedAt: string
  /** The languages shown, in column order (one, or two for the bilingual edition). */
  languages: string[]
  /**
   * Each section's title and text in each shown language (null: a translation
   * never written; a translation without a title of its own shows the
   * primary's); `title` is the first shown language's.
   */
  sections: Array<{ title: string; texts: PublishedText[] }>
  endorsements: Endorsement[]
  /** Every amendment, oldest first, with its outcome. */
  amendments: PublishedAmendment[]
  /**
   * An adopted platform's audit chain head (count and hash of its last
   * entry) as of this export: anyone holding the export can check the log
   * against it (`npm run audit:verify -- --platform <id> --head <count>:<hash>`).
   */
  audit: { platformId: string; count: number; hash: string } | null
}

/** Everything an export shows, read once: the current text and, per organization, who approved what. */
export function gatherPlatform(store: Store, documents: DocumentReader, platformId: string, final: boolean, languages?: string[]): PublishedPlatform {
  const platform = store.getPlatform(platformId)
  if (!platform) throw notFound('platform')
  if (final && !platform.adopted) throw new ApiError(409, 'not_adopted', 'export.notAdopted')
  const shown = languages ?? [platform.languages.primary]
  const unknown = shown.find((lang) => !allLanguages(platform.languages).includes(lang))
  if (unknown !== undefined) throw invalid(['export.noLanguage', { lang: unknown, languages: allLanguages(platform.languages).join(', ') }])
  const sections = store.listSections(platformId)
  // One read of the live document for every section: the export shows one moment.
  const read = documents.withDocument(platformId, (doc) => ({
    contents: new Map(sections.map((s) => [s.id, readSection(doc, s.id)])),
    texts: new Map(
      sections.map((s) => [
        s.id,
        shown.map((lang) => {
          const root = lang === platform.languages.primary ? sectionRoot(s.id) : translationRoot(s.id, lang)
          const text = sectionDocument(existingXmlFragment(doc, root))
          return text.childCount > 0 ? text : null
        }),
      ]),
    ),
  }))
  if (!read) throw notFound('platform')
  const { contents, texts } = read
  const names = new Map(store.listMembers(platformId).map((m) => [m.personId, m.name]))
  const latest = store.latestSignoffs(platformId)
  const orgNames = new Map(store.listOrganizations(platformId).map((o) => [o.id, o.name]))
  // Names of sections in lists (amendments, endorsements): in the export's language.
  const titleIn = (s: (typeof sections)[number], lang: string | undefined) => sectionTitleIn(s, lang === platform.languages.primary ? null : lang)
  const titleOf = (s: (typeof sections)[number]) => titleIn(s, shown[0])
  const sectionTitles = new Map(sections.map((s) => [s.id, titleOf(s)]))
  const nameOf = (personId: string | null) => (personId === null ? null : (names.get(personId) ?? store.getPerson(personId)?.displayName ?? null))
  return {
    title: platform.title,
    draft: !platform.adopted,
    audit: platform.adopted ? { platformId, ...auditLogOf(store).head(platformId) } : null,
    generatedAt: new Date().toISOString(),
    languages: shown,
    sections: sections.map((s) => ({
      title: titleOf(s),
      texts: shown.map((lang, i) => ({ lang, title: titleIn(s, lang), doc: texts.get(s.id)![i]! })),
    })),
    amendments: store.listAmendments(platformId).map((a) => ({
      section: sectionTitles.get(a.sectionId) ?? store.getAnySection(platformId, a.sectionId)?.section.title ?? '',
      title: a.title,
      orgName: orgNames.get(a.orgId) ?? '',
      endorsedBy: a.endorsements.map((o) => orgNames.get(o) ?? o),
      status: a.status,
      decidedBy: nameOf(a.decidedBy),
      at: a.decidedAt,
      note: a.decisionNote,
    })),
    endorsements: store.listOrganizations(platformId).map((org) => ({
      orgName: org.name,
      rows: sections.map((s) => {
        const d = latest.find((l) => l.sectionId === s.id && l.orgId === org.id && l.decision === 'approve')
        return {
          section: titleOf(s),
          by: d ? (names.get(d.personId) ?? store.getPerson(d.personId)?.displayName ?? null) : null,
          at: d?.createdAt ?? null,
          current: d ? d.hash === contents.get(s.id)!.hash : false,
        }
      }),
    })),
  }
}

/** One amendment's outcome in words (every export says it the same way). */
export function amendmentOutcome(a: PublishedAmendment, w: ExportWords): string {
  const parts = [w.t('proposedBy', { org: a.orgName })]
  if (a.endorsedBy.length > 0) parts.push(w.t('endorsedBy', { orgs: w.list(a.endorsedBy) }))
  const decided =
    a.status !== 'open' && a.decidedBy && a.at ? w.t('decided', { status: a.status, name: a.decidedBy, at: w.date(a.at) }) : w.t('status', { status: a.status })
  return `${parts.join('; ')}; ${decided}${a.note ? ` (“${a.note}”)` : ''}`
}

/** A section's text in one language, or a line saying it has none yet. */
const sectionMarkdown = (t: PublishedText, w: ExportWords): string =>
  t.doc ? toMarkdown(t.doc, 2) : `_${escapeMarkdown(w.t('noTranslation', { language: w.language(t.lang) }))}_`

export function platformMarkdown(p: PublishedPlatform, w: ExportWords): string {
  const out: string[] = [`# ${escapeMarkdown(p.title)}`]
  const generated = w.t('generated', { at: w.date(p.generatedAt) })
  if (p.draft) out.push(`**${w.t('draftStatus')}** ${generated}`)
  else out.push(`${w.t('adoptedStatus')} ${generated}`)
  for (const s of p.sections) out.push(`## ${escapeMarkdown(s.title)}`, ...s.texts.map((t) => sectionMarkdown(t, w)))
  if (p.amendments.length > 0) {
    out.push(`## ${w.t('amendments')}`)
    out.push(
      p.amendments.map((a) => `- ${escapeMarkdown(w.t('amendmentLine', { section: a.section, title: a.title, outcome: amendmentOutcome(a, w) }))}`).join('\n'),
    )
  }
  out.push(`## ${w.t('endorsements')}`)
  for (const e of p.endorsements) {
    out.push(`### ${escapeMarkdown(e.orgName)}`)
    out.push(
      e.rows
        .map((r) =>
          r.by && r.at
            ? `- ${escapeMarkdown(w.t('approvedLine', { section: r.section, name: r.by, at: w.date(r.at) }))}${r.current ? '' : ` ${w.t('earlierVersion')}`}`
            : `- ${escapeMarkdown(w.t('notApprovedLine', { section: r.section }))}`,
        )
        .join('\n'),
    )
  }
  if (p.audit) out.push(w.t('auditLine', { count: p.audit.count, head: `\`${p.audit.count}:${p.audit.hash}\``, platformId: p.audit.platformId }))
  return `${out.join('\n\n')}\n`
}

/**
 * A section's headings renumbered to sit under its title's level: the highest
 * becomes level + 1 and the others keep their distance (capped at h6), so the
 * outline never skips a level (a section whose only heading is an h4 gets an h3).
 * Only our own markup has tags here: the section's words are escaped.
 */
function headingsUnder(html: string, shift: number): string {
  if (shift === 0) return html
  const to = (n: string) => String(Math.min(6, Math.max(1, Number(n) + shift)))
  return html.replace(/<(\/?)h([1-6])([\s>/])/g, (_all, close: string, n: string, after: string) => `<${close}h${to(n)}${after}`)
}

/**
 * A section's text in one language as HTML, marked with its language; a line
 * in the export's words when it has none yet. A column of the bilingual
 * edition starts with the section's title in its language.
 */
function sectionHtml(t: PublishedText, w: ExportWords, withTitle: boolean): string {
  const body = t.doc
    ? headingsUnder(toHtml(t.doc), headingShift(t.doc, 2))
    : `<p class="missing">${escapeHtml(w.t('noTranslation', { language: w.language(t.lang) }))}</p>`
  return `<div class="text" lang="${escapeHtml(t.lang)}">${withTitle ? `<h2>${escapeHtml(t.title)}</h2>` : ''}${body}</div>`
}

/**
 * A self-contained, print-ready page (the browser prints it to PDF). With two
 * languages it is the bilingual edition: each section's texts side by side,
 * each column marked with its language.
 */
export function platformHtml(p: PublishedPlatform, w: ExportWords): string {
  const columns = p.languages.length > 1
  const sections = p.sections
    .map((s) =>
      columns
        ? `<section><div class="columns">${s.texts.map((t) => sectionHtml(t, w, true)).join('')}</div></section>`
        : `<section><h2>${escapeHtml(s.title)}</h2>${sectionHtml(s.texts[0]!, w, false)}</section>`,
    )
    .join('\n')
  const endorsements = p.endorsements
    .map(
      (e) =>
        `<h3>${escapeHtml(e.orgName)}</h3><table><thead><tr><th scope="col">${escapeHtml(w.t('section'))}</th><th scope="col">${escapeHtml(w.t('approvedByColumn'))}</th><th scope="col">${escapeHtml(w.t('whenColumn'))}</th></tr></thead><tbody>${e.rows
          .map(
            (r) =>
              `<tr><td>${escapeHtml(r.section)}</td><td>${r.by ? escapeHtml(r.by) + (r.current ? '' : ` ${escapeHtml(w.t('earlierVersion'))}`) : escapeHtml(w.t('notApproved'))}</td><td>${r.at ? escapeHtml(w.date(r.at)) : '—'}</td></tr>`,
          )
          .join('')}</tbody></table>`,
    )
    .join('\n')
  const title = p.draft ? w.t('titleDraft', { title: p.title }) : p.title
  return `<!doctype html>
<html lang="${escapeHtml(p.languages[0]!)}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(title)}</title>
<style>
  body { font: 12pt/1.5 Georgia, 'Times New Roman', serif; color: #111; max-width: ${columns ? '64rem' : '42rem'}; margin: 2rem auto; padding: 0 1rem; }
  h1 { font-size: 2rem; margin-bottom: .25rem; } h2 { margin-top: 2rem; border-bottom: 1px solid #999; }
  .status { color: #444; } table { border-collapse: collapse; width: 100%; margin-bottom: 1rem; }
  th, td { border: 1px solid #999; padding: .25rem .5rem; text-align: left; vertical-align: top; }
  .columns { display: grid; grid-template-columns: 1fr 1fr; gap: 2rem; } .missing { font-style: italic; color: #444; }
  /* The editor's nodes (Tiptap writes a paragraph inside every list item and cell): spaced as the editor spaces them. */
  li > p, td > p, th > p { margin: .2rem 0; } blockquote { margin: 1rem 0; padding-left: 1rem; border-left: 3px solid #999; color: #333; }
  pre { background: #f4f4f4; padding: .5rem .75rem; white-space: pre-wrap; overflow-wrap: anywhere; } code { font-size: .95em; } hr { border: 0; border-top: 1px solid #999; margin: 1.5rem 0; }
${
  p.draft
    ? `  /* The watermark is drawn, not text: the status line says "Draft" in words (and a faint word would fail contrast checks). */
  body.draft::before { content: "${escapeHtml(w.t('watermark'))}"; position: fixed; top: 40%; left: 0; right: 0; text-align: center; font-size: 8rem; color: rgba(180, 0, 0, .12); transform: rotate(-30deg); pointer-events: none; }
`
    : ''
}  .endorsements { page-break-before: always; }
  @media print { body { margin: 0; } a { color: inherit; } .columns { gap: 1rem; } }
</style>
</head>
<body${p.draft ? ' class="draft"' : ''}>
<main>
<h1>${escapeHtml(p.title)}</h1>
<p class="status">${p.draft ? `<strong>${escapeHtml(w.t('draftStatus'))}</strong>` : escapeHtml(w.t('adoptedStatus'))} ${escapeHtml(w.t('generated', { at: w.date(p.generatedAt) }))}</p>
${sections}
${
  p.amendments.length > 0
    ? `<section class="amendments"><h2>${escapeHtml(w.t('amendments'))}</h2><ul>${p.amendments.map((a) => `<li>${escapeHtml(w.t('amendmentLine', { section: a.section, title: a.title, outcome: amendmentOutcome(a, w) }))}</li>`).join('')}</ul></section>`
    : ''
}
<section class="endorsements"><h2>${escapeHtml(w.t('endorsements'))}</h2>
${endorsements}
</section>
${p.audit ? `<p class="audit">${escapeHtml(w.t('auditLine', { count: p.audit.count, head: `${p.audit.count}:${p.audit.hash}`, platformId: p.audit.platformId })).replace(`${p.audit.count}:${p.audit.hash}`, `<code>${p.audit.count}:${escapeHtml(p.audit.hash)}</code>`)}</p>` : ''}
</main>
</body>
</html>
`
}
