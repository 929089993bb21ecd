import { notFound } from '../errors.js'
import type { ExportWord, ExportWords, Values } from '../publish/export-words.js'
import { escapeHtml, escapeMarkdown } from '../publish/render.js'
import type { Store } from '../store/store.js'

/** One line of what happened: a message of the minutes' catalog and its values (names, titles), worded when rendered. */
interface MinutesLine {
  at: number
  key: ExportWord
  values: Values
  /** A closed poll's answers by organization (its `{results}`), worded when rendered: consent answers are ids (support, concerns, block). */
  results?: Array<{ org: string; answers: Array<{ value: string; count: number }> }>
}

export interface Minutes {
  title: string
  platformTitle: string
  startedAt: number | null
  endedAt: number | null
  agenda: Array<{ title: string; plannedMinutes: number; actualMinutes: number | null }>
  lines: MinutesLine[]
  notes: string
}

/**
 * What happened in a session, gathered from its event log, its polls, and
 * the sign-offs and locks recorded while it ran. Words come later
 * (minutesMarkdown, minutesHtml), in the language asked for.
 */
export function gatherMinutes(store: Store, platformId: string, sessionId: string): Minutes {
  const row = store.getDraftingSession(platformId, sessionId)
  if (!row) throw notFound('session')
  const events = store.sessionEvents(sessionId)
  const orgName = new Map(store.listOrganizations(platformId).map((o) => [o.id, o.name]))
  const sectionTitle = new Map(store.listSections(platformId).map((s) => [s.id, s.title]))
  // An empty value is worded by the catalog ("someone", "a section").
  const personName = (id: unknown): string => (typeof id === 'string' ? (store.getPerson(id)?.displayName ?? '') : '')
  const text = (v: unknown): string => (typeof v === 'string' ? v : '')

  // Agenda timings from item changes.
  const starts: Array<{ item: number; at: number }> = []
  for (const e of events) {
    if (e.kind === 'start' || e.kind === 'item') starts.push({ item: Number(e.detail.item), at: e.at })
  }
  const endAt = row.endedAt ?? null
  const agenda = store.agenda(sessionId).map((item, i) => {
    const began = starts.find((s) => s.item === i)
    const nextStart = starts.find((s) => s.item > i && began && s.at >= began.at)
    const finished = nextStart?.at ?? (began ? endAt : null)
    return {
      title: item.title,
      plannedMinutes: Math.round(item.timeBoxMs / 60_000),
      actualMinutes: began && finished ? Math.round((finished - began.at) / 60_000) : null,
    }
  })

  const lines: MinutesLine[] = []
  const line = (at: number, key: ExportWord, values: Values = {}) => lines.push({ at, key, values })
  for (const e of events) {
    const d = e.detail
    switch (e.kind) {
      case 'start':
        line(e.at, 'minutes.started', { title: text(d.title) })
        break
      case 'item':
        line(e.at, 'minutes.nextItem', { title: text(d.title) })
        break
      case 'end':
        line(e.at, 'minutes.ended')
        break
      case 'pause':
      case 'resume':
        line(e.at, e.kind === 'pause' ? 'minutes.paused' : 'minutes.resumed')
        break
      case 'extend':
        line(e.at, 'minutes.extended', { minutes: Number(d.minutes) || 0 })
        break
      case 'speaker':
        line(e.at, 'minutes.floor', { name: text(d.name) })
        break
      case 'pen.hand':
        line(e.at, 'minutes.penHanded', { section: sectionTitle.get(String(d.sectionId)) ?? '', name: text(d.name) })
        break
      case 'pen.return':
        line(e.at, 'minutes.penReturned')
        break
      case 'poll.open':
        line(e.at, 'minutes.pollOpened', { question: text(d.question) })
        break
      case 'poll.close': {
        const results = d.results as Record<string, Record<string, number>>
        // Organizations by name; answers by value, worded in the minutes' language when rendered.
        lines.push({
          at: e.at,
          key: 'minutes.pollClosed',
          values: { question: text(d.question) },
          results: Object.entries(results).map(([org, counts]) => ({
            org: orgName.get(org) ?? '',
            answers: Object.entries(counts).map(([value, count]) => ({ value, count })),
          })),
        })
        break
      }
      default:
        break
    }
  }
  // Polls still open when the minutes are read show their current results.
  for (const poll of store.polls(sessionId).filter((p) => p.closedAt === null)) {
    const orgs = new Set(poll.answers.map((a) => a.orgId ?? ''))
    line(poll.openedAt, 'minutes.pollStillOpen', { question: poll.question, count: orgs.size })
  }
  if (row.startedAt !== null) {
    const until = row.endedAt ?? Number.MAX_SAFE_INTEGER
    const during = (iso: string): boolean => Date.parse(iso) >= row.startedAt! && Date.parse(iso) <= until
    for (const s of store.listSignoffs(platformId).filter((s) => during(s.createdAt))) {
      line(Date.parse(s.createdAt), s.note ? 'minutes.signoffWithNote' : 'minutes.signoff', {
        name: personName(s.personId),
        org: orgName.get(s.orgId) ?? '',
        decision: s.decision,
        section: sectionTitle.get(s.sectionId) ?? '',
        note: s.note,
      })
    }
    for (const a of store.listAudit(platformId).filter((a) => (a.action === 'section.lock' || a.action === 'section.unlock') && during(a.createdAt))) {
      const detail = JSON.parse(a.detail) as { sectionId?: string }
      line(Date.parse(a.createdAt), a.action === 'section.lock' ? 'minutes.locked' : 'minutes.unlocked', {
        section: sectionTitle.get(detail.sectionId ?? '') ?? '',
      })
    }
  }
  lines.sort((a, b) => a.at - b.at)
  return {
    title: row.title,
    platformTitle: store.getPlatform(platformId)?.title ?? '',
    startedAt: row.startedAt,
    endedAt: row.endedAt,
    agenda,
    lines,
    notes: row.notes,
  }
}

/** A line in words; a name, section or organization the store no longer knows is worded by the catalog ("someone"). */
function lineText(l: MinutesLine, w: ExportWords): string {
  const fallbacks: Values = { name: w.t('minutes.someone'), section: w.t('minutes.aSection'), org: w.t('minutes.anOrganization') }
  const values: Values = { ...l.values }
  for (const [k, v] of Object.entries(fallbacks)) if (values[k] === '') values[k] = v
  if (l.results) {
    values.results = l.results
      .map((r) =>
        w.t('minutes.pollOrgResults', {
          org: r.org || w.t('minutes.anOrganization'),
          answers: w.list(r.answers.map((a) => w.t('minutes.pollAnswer', a))),
        }),
      )
      .join('; ')
  }
  return w.t(l.key, values)
}

const agendaLine = (a: Minutes['agenda'][number], w: ExportWords): string =>
  w.t('minutes.agendaItem', { title: a.title, planned: a.plannedMinutes, took: a.actualMinutes ?? 'none' })

export function minutesMarkdown(m: Minutes, w: ExportWords): string {
  const out = [
    `# ${escapeMarkdown(w.t('minutes.title', { title: m.title }))}`,
    `${escapeMarkdown(m.platformTitle)}${m.startedAt ? ` — ${w.day(m.startedAt)}` : ''}`,
  ]
  out.push(`## ${w.t('minutes.agenda')}`, m.agenda.map((a, i) => `${i + 1}. ${escapeMarkdown(agendaLine(a, w))}`).join('\n'))
  out.push(`## ${w.t('minutes.whatHappened')}`, m.lines.map((l) => `- ${w.time(l.at)} ${escapeMarkdown(lineText(l, w))}`).join('\n') || w.t('minutes.nothing'))
  if (m.notes.trim()) out.push(`## ${w.t('minutes.notes')}`, escapeMarkdown(m.notes))
  return `${out.join('\n\n')}\n`
}

export function minutesHtml(m: Minutes, w: ExportWords): string {
  const title = escapeHtml(w.t('minutes.title', { title: m.title }))
  return `<!doctype html>
<html lang="${escapeHtml(w.lang)}"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${title}</title>
<style>body{font:12pt/1.5 Georgia,serif;max-width:42rem;margin:2rem auto;padding:0 1rem;color:#111}h1{margin-bottom:.25rem}li{margin:.25rem 0}.notes{white-space:pre-wrap}</style>
</head><body><main>
<h1>${title}</h1>
<p>${escapeHtml(m.platformTitle)}${m.startedAt ? ` — ${escapeHtml(w.day(m.startedAt))}` : ''}</p>
<h2>${escapeHtml(w.t('minutes.agenda'))}</h2><ol>${m.agenda.map((a) => `<li>${escapeHtml(agendaLine(a, w))}</li>`).join('')}</ol>
<h2>${escapeHtml(w.t('minutes.whatHappened'))}</h2><ul>${m.lines.map((l) => `<li><time datetime="${new Date(l.at).toISOString()}">${escapeHtml(w.time(l.at))}</time> ${escapeHtml(lineText(l, w))}</li>`).join('') || `<li>${escapeHtml(w.t('minutes.nothing'))}</li>`}</ul>
${m.notes.trim() ? `<h2>${escapeHtml(w.t('minutes.notes'))}</h2><p class="notes">${escapeHtml(m.notes)}</p>` : ''}
</main></body></html>
`
}
