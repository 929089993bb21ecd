import { notFound } from '../errors.js'
import { escapeHtml, escapeMarkdown } from '../publish/render.js'
import type { Store } from '../store/store.js'

interface MinutesLine {
  at: number
  text: string
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

const time = (ms: number): string => `${new Date(ms).toISOString().slice(11, 16)} UTC`

/**
 * What happened in a session, gathered from its event log, its polls, and
 * the sign-offs and locks recorded while it ran.
 */
export function gatherMinutes(store: Store, platformId: string, sessionId: string): Minutes {
  const row = store.getDraftingSession(platformId, sessionId)
  if (!row) throw notFound('session')
  const events = store.sessionEvents(sessionId)
  const orgName = new Map(store.listOrganizations(platformId).map((o) => [o.id, o.name]))
  const sectionTitle = new Map(store.listSections(platformId).map((s) => [s.id, s.title]))
  const personName = (id: unknown): string => (typeof id === 'string' ? (store.getPerson(id)?.displayName ?? 'someone') : 'someone')

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
  for (const e of events) {
    const d = e.detail
    switch (e.kind) {
      case 'start':
        lines.push({ at: e.at, text: `Session started with “${String(d.title)}”.` })
        break
      case 'item':
        lines.push({ at: e.at, text: `Next item: “${String(d.title)}”.` })
        break
      case 'end':
        lines.push({ at: e.at, text: 'Session ended.' })
        break
      case 'pause':
      case 'resume':
        lines.push({ at: e.at, text: e.kind === 'pause' ? 'Timer paused.' : 'Timer resumed.' })
        break
      case 'extend':
        lines.push({ at: e.at, text: `Item extended by ${String(d.minutes)} minutes.` })
        break
      case 'speaker':
        lines.push({ at: e.at, text: `${String(d.name ?? 'Someone')} was given the floor.` })
        break
      case 'pen.hand':
        lines.push({ at: e.at, text: `The pen for “${sectionTitle.get(String(d.sectionId)) ?? 'a section'}” went to ${String(d.name ?? 'someone')}.` })
        break
      case 'pen.return':
        lines.push({ at: e.at, text: 'The pen was taken back.' })
        break
      case 'poll.open':
        lines.push({ at: e.at, text: `Temperature check opened: “${String(d.question)}”.` })
        break
      case 'poll.close': {
        const results = d.results as Record<string, Record<string, number>>
        const byOrg = Object.entries(results)
          .map(
            ([org, counts]) =>
              `${orgName.get(org) ?? 'No organization'}: ${Object.entries(counts)
                .map(([v, n]) => `${v} ${n}`)
                .join(', ')}`,
          )
          .join('; ')
        lines.push({ at: e.at, text: `Temperature check closed: “${String(d.question)}” — ${byOrg || 'no answers'}.` })
        break
      }
      default:
        break
    }
  }
  // Polls still open when the minutes are read show their current results.
  for (const poll of store.polls(sessionId).filter((p) => p.closedAt === null)) {
    const orgs = new Set(poll.answers.map((a) => a.orgId ?? ''))
    lines.push({ at: poll.openedAt, text: `Temperature check “${poll.question}” (still open): ${orgs.size} organizations answered.` })
  }
  if (row.startedAt !== null) {
    const until = row.endedAt ?? Number.MAX_SAFE_INTEGER
    const during = (iso: string): boolean => Date.parse(iso) >= row.startedAt! && Date.parse(iso) <= until
    for (const s of store.listSignoffs(platformId).filter((s) => during(s.createdAt))) {
      lines.push({
        at: Date.parse(s.createdAt),
        text: `${personName(s.personId)} (${orgName.get(s.orgId) ?? 'an organization'}) ${s.decision === 'approve' ? 'approved' : 'requested changes to'} “${sectionTitle.get(s.sectionId) ?? 'a section'}”${s.note ? `: ${s.note}` : ''}.`,
      })
    }
    for (const a of store.listAudit(platformId).filter((a) => (a.action === 'section.lock' || a.action === 'section.unlock') && during(a.createdAt))) {
      const detail = JSON.parse(a.detail) as { sectionId?: string }
      lines.push({
        at: Date.parse(a.createdAt),
        text: `“${sectionTitle.get(detail.sectionId ?? '') ?? 'A section'}” was ${a.action === 'section.lock' ? 'locked' : 'unlocked'}.`,
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

export function minutesMarkdown(m: Minutes): string {
  const out = [
    `# Minutes: ${escapeMarkdown(m.title)}`,
    `${escapeMarkdown(m.platformTitle)}${m.startedAt ? ` — ${new Date(m.startedAt).toISOString().slice(0, 10)}` : ''}`,
  ]
  out.push(
    '## Agenda',
    m.agenda
      .map((a, i) => `${i + 1}. ${escapeMarkdown(a.title)} — planned ${a.plannedMinutes} min${a.actualMinutes !== null ? `, took ${a.actualMinutes} min` : ''}`)
      .join('\n'),
  )
  out.push('## What happened', m.lines.map((l) => `- ${time(l.at)} ${escapeMarkdown(l.text)}`).join('\n') || 'Nothing was recorded.')
  if (m.notes.trim()) out.push("## Facilitator's notes", escapeMarkdown(m.notes))
  return `${out.join('\n\n')}\n`
}

export function minutesHtml(m: Minutes): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Minutes: ${escapeHtml(m.title)}</title>
<style>body{font:12pt/1.5 Georgia,serif;max-width:42rem;margin:2rem auto;padding:0 1rem;color:#111}h1{margin-bottom:.25rem}li{margin:.25rem 0}.notes{white-space:pre-wrap}</style>
</head><body><main>
<h1>Minutes: ${escapeHtml(m.title)}</h1>
<p>${escapeHtml(m.platformTitle)}${m.startedAt ? ` — ${escapeHtml(new Date(m.startedAt).toISOString().slice(0, 10))}` : ''}</p>
<h2>Agenda</h2><ol>${m.agenda.map((a) => `<li>${escapeHtml(a.title)} — planned ${a.plannedMinutes} min${a.actualMinutes !== null ? `, took ${a.actualMinutes} min` : ''}</li>`).join('')}</ol>
<h2>What happened</h2><ul>${m.lines.map((l) => `<li><time>${escapeHtml(time(l.at))}</time> ${escapeHtml(l.text)}</li>`).join('') || '<li>Nothing was recorded.</li>'}</ul>
${m.notes.trim() ? `<h2>Facilitator's notes</h2><p class="notes">${escapeHtml(m.notes)}</p>` : ''}
</main></body></html>
`
}
