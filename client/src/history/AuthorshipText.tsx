import type { CSSProperties } from 'react'
import type { AuthorRuns } from '../../../shared/versions.js'
import { tintOf } from '../amendments/tint.js'
import { NEUTRAL_COLOR } from '../badges.js'
import { toHexColor } from '../colors.js'
import { useI18n, type TFunction } from '../i18n/index.js'
import type { Members } from './labels.js'

/** Whose words a run is, as the colouring groups them: an organization, or one of the groups without one. */
interface Author {
  key: string
  label: string
  color: string
  /** The line under the words: a second cue besides colour, different for neighbouring organizations. */
  line: 'solid' | 'dashed' | 'dotted' | 'double' | 'none'
}

const LINES = ['solid', 'dashed', 'dotted', 'double'] as const
/** People without an organization (facilitators): a colour no organization is given by default. */
const NO_ORG_COLOR = '#5b4b8a'

function authorsOf(members: Members, t: TFunction): { of: (personId: string | null) => Author; personName: (personId: string | null) => string } {
  const server: Author = { key: 'server', label: t('history.authors.server'), color: NEUTRAL_COLOR, line: 'none' }
  const noOrg: Author = { key: 'noOrg', label: t('history.authors.noOrg'), color: NO_ORG_COLOR, line: 'solid' }
  const unknown: Author = { key: 'unknown', label: t('history.authors.unknown'), color: NEUTRAL_COLOR, line: 'dotted' }
  const byOrg = new Map<string, Author>(
    members.organizations.map((o, i) => [o.id, { key: o.id, label: o.name, color: toHexColor(o.color, o.id), line: LINES[i % LINES.length] ?? 'solid' }]),
  )
  return {
    of(personId) {
      if (personId === null) return server
      const person = members.people.find((p) => p.id === personId)
      if (!person) return unknown
      return person.orgId === null ? noOrg : (byOrg.get(person.orgId) ?? unknown)
    },
    personName(personId) {
      if (personId === null) return t('app.name')
      return members.people.find((p) => p.id === personId)?.name ?? t('history.unknownPerson')
    },
  }
}

const runStyle = (author: Author): CSSProperties =>
  ({ '--author-color': author.color, '--author-tint': tintOf(author.color, 0.2), '--author-line': author.line }) as CSSProperties

/** Neighbouring runs of the same person are one run. */
function mergedBlocks(authors: AuthorRuns): Array<Array<[string, string | null]>> {
  return authors.map((block) => {
    const merged: Array<[string, string | null]> = []
    for (const [text, personId] of block) {
      const last = merged[merged.length - 1]
      if (last && last[1] === personId) last[0] += text
      else merged.push([text, personId])
    }
    return merged
  })
}

/** The legend of the colours: every author group the version's texts (all their languages) show, with its colour and line. */
export function AuthorLegend({ texts, members }: { texts: readonly AuthorRuns[]; members: Members }) {
  const { t } = useI18n()
  const { of } = authorsOf(members, t)
  const shown = new Map<string, Author>()
  for (const authors of texts) for (const block of authors) for (const [, personId] of block) shown.set(of(personId).key, of(personId))
  return (
    <div className="history-legend">
      <p className="history-legend-title">{t('history.authors.legend')}</p>
      <ul>
        {[...shown.values()].map((a) => (
          <li key={a.key} data-author={a.key}>
            <span className="history-swatch author-run" style={runStyle(a)} aria-hidden="true" />
            {a.label}
          </li>
        ))}
      </ul>
      <p className="muted small">{t('history.authors.plainNote')}</p>
    </div>
  )
}

/**
 * A version's text coloured by the organization that wrote each run: a light
 * tint of its colour behind dark text (contrast holds for any colour), a line
 * of its own style under it, its name in the run's title and, for screen
 * readers, in hidden words around it. AuthorLegend names every colour shown.
 */
export function AuthorshipText({ authors, members, emptyText, lang }: { authors: AuthorRuns; members: Members; emptyText: string; lang: string }) {
  const { t } = useI18n()
  const { of, personName } = authorsOf(members, t)
  const blocks = mergedBlocks(authors)
  const empty = blocks.every((b) => b.length === 0)
  return (
    <div className="section-text static-text history-text history-authorship" lang={lang}>
      {empty ? (
        <p className="empty">{emptyText}</p>
      ) : (
        blocks.map((block, i) => (
          <p key={i}>
            {block.map(([text, personId], j) => {
              const author = of(personId)
              const who = personId === null ? author.label : `${personName(personId)} (${author.label})`
              return (
                <span key={j} className="author-run" data-author={author.key} title={t('history.authors.runTitle', { who })} style={runStyle(author)}>
                  <span className="visually-hidden">{t('history.authors.runStart', { org: author.label })} </span>
                  {text}
                  <span className="visually-hidden">{t('history.authors.runEnd')}</span>
                </span>
              )
            })}
          </p>
        ))
      )}
    </div>
  )
}
