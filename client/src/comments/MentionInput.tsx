import { useId, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react'
import type { GovOrganization, GovPerson } from '../../../shared/gov.js'
import { useI18n } from '../i18n/index.js'
import type { Mentions } from './model.js'

export interface MentionTarget {
  kind: 'person' | 'org'
  id: string
  name: string
}

/** Mentions still present in the text as `@Name`. */
export function mentionsIn(body: string, chosen: MentionTarget[]): Mentions {
  const personIds = new Set<string>()
  const orgIds = new Set<string>()
  for (const m of chosen) {
    if (!body.includes(`@${m.name}`)) continue
    if (m.kind === 'person') personIds.add(m.id)
    else orgIds.add(m.id)
  }
  return { personIds: [...personIds], orgIds: [...orgIds] }
}

/** The `@word` being typed just before the caret, if any. */
function mentionQuery(value: string, caret: number): { start: number; query: string } | null {
  const before = value.slice(0, caret)
  const match = /(^|\s)@([^\s@]{0,30}(?: [^\s@]{0,30})?)$/.exec(before)
  if (!match) return null
  return { start: caret - match[2]!.length - 1, query: match[2]! }
}

/**
 * A plain-text box with @mention suggestions for people and organizations:
 * arrows choose, Enter or Tab inserts, Escape closes. Ctrl+Enter submits.
 */
export function MentionInput(props: {
  value: string
  onChange: (value: string) => void
  chosen: MentionTarget[]
  onChoose: (target: MentionTarget) => void
  people: GovPerson[]
  organizations: GovOrganization[]
  label: string
  onSubmit: () => void
  autoFocus?: boolean
  className?: string
  rows?: number
}) {
  const { t } = useI18n()
  const id = useId()
  const ref = useRef<HTMLTextAreaElement>(null)
  const [caret, setCaret] = useState(0)
  const [index, setIndex] = useState(0)
  const [closedAt, setClosedAt] = useState<number | null>(null)
  const query = mentionQuery(props.value, caret)
  // biome-ignore lint/correctness/useExhaustiveDependencies: only the query's text decides the suggestions, not the object made on each render
  const suggestions = useMemo<MentionTarget[]>(() => {
    if (!query) return []
    const q = query.query.toLowerCase()
    const all: MentionTarget[] = [
      ...props.people.map((p) => ({ kind: 'person' as const, id: p.id, name: p.name })),
      ...props.organizations.map((o) => ({ kind: 'org' as const, id: o.id, name: o.name })),
    ]
    return all.filter((m) => m.name.toLowerCase().includes(q) || q.length === 0).slice(0, 8)
  }, [query?.query, props.people, props.organizations]) // eslint-disable-line react-hooks/exhaustive-deps
  const open = query !== null && suggestions.length > 0 && closedAt !== query.start
  const current = open ? suggestions[Math.min(index, suggestions.length - 1)] : undefined

  const insert = (target: MentionTarget) => {
    if (!query) return
    const before = props.value.slice(0, query.start)
    const after = props.value.slice(caret)
    const text = `${before}@${target.name} ${after}`
    props.onChoose(target)
    props.onChange(text)
    const nextCaret = before.length + target.name.length + 2
    setCaret(nextCaret)
    setIndex(0)
    setPlaceCaret(nextCaret)
  }
  // The caret goes after the inserted mention in the same commit as the new text, before the
  // next key is handled: placed a frame later, keys typed meanwhile (a slow frame, a fast
  // typist) went to the end of the text and the caret then jumped back before them.
  const [placeCaret, setPlaceCaret] = useState<number | null>(null)
  useLayoutEffect(() => {
    if (placeCaret === null) return
    ref.current?.focus()
    ref.current?.setSelectionRange(placeCaret, placeCaret)
    setPlaceCaret(null)
  }, [placeCaret])

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault()
      props.onSubmit()
      return
    }
    if (!open) return
    if (e.key === 'ArrowDown') {
      e.preventDefault()
      setIndex((i) => (i + 1) % suggestions.length)
    } else if (e.key === 'ArrowUp') {
      e.preventDefault()
      setIndex((i) => (i - 1 + suggestions.length) % suggestions.length)
    } else if ((e.key === 'Enter' || e.key === 'Tab') && current) {
      e.preventDefault()
      insert(current)
    } else if (e.key === 'Escape') {
      e.preventDefault()
      e.stopPropagation()
      setClosedAt(query?.start ?? null)
    }
  }

  return (
    <div className="mention-input">
      <label className="visually-hidden" htmlFor={`${id}-text`}>
        {props.label}
      </label>
      <textarea
        id={`${id}-text`}
        ref={ref}
        className={props.className ?? 'comment-textarea'}
        value={props.value}
        rows={props.rows ?? 3}
        // biome-ignore lint/a11y/noAutofocus: the box opens on the person's own click (reply, edit), so focus follows it
        autoFocus={props.autoFocus}
        aria-describedby={`${id}-hint`}
        aria-controls={open ? `${id}-list` : undefined}
        aria-activedescendant={current ? `${id}-opt-${current.kind}-${current.id}` : undefined}
        placeholder={props.label}
        onChange={(e) => {
          props.onChange(e.target.value)
          setCaret(e.target.selectionStart)
          setIndex(0)
        }}
        onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
        onKeyDown={onKeyDown}
      />
      <p id={`${id}-hint`} className="visually-hidden">
        {t('comments.mentionHint')}
      </p>
      {open ? (
        <ul id={`${id}-list`} role="listbox" aria-label={t('comments.mentionsLabel')} className="mention-list">
          {suggestions.map((s) => (
            // biome-ignore lint/a11y/useFocusableInteractive: focus stays in the text box; options are announced through aria-activedescendant (the combobox pattern)
            <li
              key={`${s.kind}-${s.id}`}
              id={`${id}-opt-${s.kind}-${s.id}`}
              role="option"
              aria-selected={s === current}
              className={s === current ? 'mention-option current' : 'mention-option'}
              onMouseDown={(e) => {
                e.preventDefault()
                insert(s)
              }}
            >
              {s.name}
              {s.kind === 'org' ? <span className="muted small"> · {t('comments.mentionOrg')}</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  )
}
