import type { SectionNode } from '../../shared/content-hash.js'
import { auditLogOf } from '../audit/audit-log.js'
import { ApiError, notFound } from '../errors.js'
import { readSection, type DocumentReader } from '../documents/documents.js'
import type { Store } from '../store/store.js'
import { escapeHtml, escapeMarkdown, toHtml, toMarkdown } from './render.js'

interface Endorsement {
  orgName: string
  rows: Array<{ section: string; by: string | null; at: string | null; current: boolean }>
}

/** An amendment as the export lists it: what was proposed, by whom, supported by whom, and its outcome. */
interface PublishedAmendment {
  section: string
  title: string
  orgName: string
  endorsedBy: string[]
  status: 'open' | 'accepted' | 'declined' | 'withdrawn'
  decidedBy: string | null
  at: string | null
  note: string
}

export interface PublishedPlatform {
  title: string
  draft: boolean
  generatedAt: string
  sections: Array<{ title: string; content: SectionNode[] }>
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
export function gatherPlatform(store: Store, documents: DocumentReader, platformId: string, final: boolean): PublishedPlatform {
  const platform = store.getPlatform(platformId)
  if (!platform) throw notFound('platform')
  if (final && !platform.adopted) throw new ApiError(409, 'not_adopted', 'The final version exists once the platform is adopted.')
  const sections = store.listSections(platformId)
  // One read of the live document for every section: the export shows one moment.
  const contents = documents.withDocument(platformId, (doc) => new Map(sections.map((s) => [s.id, readSection(doc, s.id)])))
  if (!contents) throw notFound('platform')
  const names = new Map(store.listMembers(platformId).map((m) => [m.personId, m.name]))
  const latest = store.latestSignoffs(platformId)
  const orgNames = new Map(store.listOrganizations(platformId).map((o) => [o.id, o.name]))
  const sectionTitles = new Map(sections.map((s) => [s.id, s.title]))
  const nameOf = (personId: string | null) => (personId === null ? null : (names.get(personId) ?? store.getPerson(personId)?.displayName ?? null))
  return {
    title: platform.title,
    draft: !platform.adopted,
    audit: platform.adopted ? { platformId, ...auditLogOf(store).head(platformId) } : null,
    generatedAt: new Date().toISOString(),
    sections: sections.map((s) => ({ title: s.title, content: contents.get(s.id)!.nodes })),
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
          section: s.title,
          by: d ? (names.get(d.personId) ?? store.getPerson(d.personId)?.displayName ?? null) : null,
          at: d?.createdAt ?? null,
          current: d ? d.hash === contents.get(s.id)!.hash : false,
        }
      }),
    })),
  }
}

/** One amendment's outcome in words (English, as the rest of the export). */
function outcome(a: PublishedAmendment): string {
  const by = a.decidedBy && a.at ? ` by ${a.decidedBy} on ${when(a.at)}` : ''
  const note = a.note ? ` (“${a.note}”)` : ''
  const support = a.endorsedBy.length > 0 ? `; endorsed by ${a.endorsedBy.join(', ')}` : ''
  const status = a.status === 'open' ? 'open' : `${a.status}${by}${note}`
  return `proposed by ${a.orgName}${support}; ${status}`
}

const when = (iso: string): string => `${new Date(iso).toISOString().slice(0, 16).replace('T', ' ')} UTC`

export function platformMarkdown(p: PublishedPlatform): string {
  const out: string[] = [`# ${escapeMarkdown(p.title)}`]
  if (p.draft) out.push(`**DRAFT — not adopted.** Generated ${when(p.generatedAt)}.`)
  else out.push(`Adopted platform. Generated ${when(p.generatedAt)}.`)
  for (const s of p.sections) out.push(`## ${escapeMarkdown(s.title)}`, toMarkdown(s.content))
  if (p.amendments.length > 0) {
    out.push('## Amendments')
    out.push(p.amendments.map((a) => `- ${escapeMarkdown(a.section)}: “${escapeMarkdown(a.title)}”, ${escapeMarkdown(outcome(a))}`).join('\n'))
  }
  out.push('## Endorsements')
  for (const e of p.endorsements) {
    out.push(`### ${escapeMarkdown(e.orgName)}`)
    out.push(
      e.rows
        .map((r) =>
          r.by && r.at
            ? `- ${escapeMarkdown(r.section)}: approved by ${escapeMarkdown(r.by)} on ${when(r.at)}${r.current ? '' : ' (an earlier version)'}`
            : `- ${escapeMarkdown(r.section)}: not approved`,
        )
        .join('\n'),
    )
  }
  if (p.audit) out.push(`Audit log: ${p.audit.count} entries; head \`${p.audit.count}:${p.audit.hash}\` (platform ${p.audit.platformId}).`)
  return `${out.join('\n\n')}\n`
}

/**
 * A section's headings renumbered to sit under its title's level: the highest
 * becomes level + 1 and the others keep their distance (capped at h6), so the
 * outline never skips a level (a section whose only heading is an h4 gets an h3).
 * Only our own markup has tags here: the section's words are escaped.
 */
function headingsUnder(html: string, level: number): string {
  const levels = [...html.matchAll(/<h([1-6])[\s>]/g)].map((m) => Number(m[1]))
  if (levels.length === 0) return html
  const shift = level + 1 - Math.min(...levels)
  const to = (n: string) => String(Math.min(6, Number(n) + shift))
  return html.replace(/<(\/?)h([1-6])([\s>])/g, (_all, close: string, n: string, after: string) => `<${close}h${to(n)}${after}`)
}

/** A self-contained, print-ready page (the browser prints it to PDF). */
export function platformHtml(p: PublishedPlatform): string {
  const sections = p.sections.map((s) => `<section><h2>${escapeHtml(s.title)}</h2>${headingsUnder(toHtml(s.content), 2)}</section>`).join('\n')
  const endorsements = p.endorsements
    .map(
      (e) =>
        `<h3>${escapeHtml(e.orgName)}</h3><table><thead><tr><th scope="col">Section</th><th scope="col">Approved by</th><th scope="col">When</th></tr></thead><tbody>${e.rows
          .map(
            (r) =>
              `<tr><td>${escapeHtml(r.section)}</td><td>${r.by ? escapeHtml(r.by) + (r.current ? '' : ' (an earlier version)') : 'Not approved'}</td><td>${r.at ? escapeHtml(when(r.at)) : '—'}</td></tr>`,
          )
          .join('')}</tbody></table>`,
    )
    .join('\n')
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(p.title)}${p.draft ? ' (draft)' : ''}</title>
<style>
  body { font: 12pt/1.5 Georgia, 'Times New Roman', serif; color: #111; max-width: 42rem; margin: 2rem auto; padding: 0 1rem; }
  h1 { font-size: 2rem; margin-bottom: .25rem; } h2 { margin-top: 2rem; border-bottom: 1px solid #999; }
  .status { color: #444; } table { border-collapse: collapse; width: 100%; margin-bottom: 1rem; }
  th, td { border: 1px solid #999; padding: .25rem .5rem; text-align: left; vertical-align: top; }
${
  p.draft
    ? `  /* The watermark is drawn, not text: the status line says "Draft" in words (and a faint word would fail contrast checks). */
  body.draft::before { content: "DRAFT"; position: fixed; top: 40%; left: 0; right: 0; text-align: center; font-size: 8rem; color: rgba(180, 0, 0, .12); transform: rotate(-30deg); pointer-events: none; }
`
    : ''
}  .endorsements { page-break-before: always; }
  @media print { body { margin: 0; } a { color: inherit; } }
</style>
</head>
<body${p.draft ? ' class="draft"' : ''}>
<main>
<h1>${escapeHtml(p.title)}</h1>
<p class="status">${p.draft ? '<strong>Draft — not adopted.</strong>' : 'Adopted platform.'} Generated ${escapeHtml(when(p.generatedAt))}.</p>
${sections}
${
  p.amendments.length > 0
    ? `<section class="amendments"><h2>Amendments</h2><ul>${p.amendments.map((a) => `<li>${escapeHtml(a.section)}: “${escapeHtml(a.title)}”, ${escapeHtml(outcome(a))}</li>`).join('')}</ul></section>`
    : ''
}
<section class="endorsements"><h2>Endorsements</h2>
${endorsements}
</section>
${p.audit ? `<p class="audit">Audit log: ${p.audit.count} entries; head <code>${p.audit.count}:${escapeHtml(p.audit.hash)}</code> (platform ${escapeHtml(p.audit.platformId)}).</p>` : ''}
</main>
</body>
</html>
`
}
