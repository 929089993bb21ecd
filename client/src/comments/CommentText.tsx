import { isAllowedHref, LINK_REL, LINK_TARGET } from '../../../shared/editor-schema.js'
import type { ReactNode } from 'react'

/** http(s) and mailto only: anything else (javascript:, data:, …) stays plain text. */
const URL_PATTERN = /\b(?:https?:\/\/|mailto:)[^\s<>"'`]+/gi
const TRAILING = /[.,;:!?)\]}»”’]+$/

export type Run = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string } | { kind: 'mention'; text: string }

export const isSafeHref = (href: string): boolean => {
  try {
    const url = new URL(href)
    return url.protocol === 'http:' || url.protocol === 'https:' || url.protocol === 'mailto:'
  } catch {
    return false
  }
}

/** Splits a comment into text, links and mentions (`@Name` of a mentioned person or organization). */
export function splitRuns(body: string, mentionNames: string[]): Run[] {
  const runs: Run[] = []
  const names = [...new Set(mentionNames.filter((n) => n.length > 0))].sort((a, b) => b.length - a.length)
  const pushText = (text: string) => {
    if (!text) return
    if (names.length === 0) {
      runs.push({ kind: 'text', text })
      return
    }
    let rest = text
    while (rest) {
      let best: { index: number; name: string } | null = null
      for (const name of names) {
        const index = rest.indexOf(`@${name}`)
        if (index >= 0 && (best === null || index < best.index)) best = { index, name }
      }
      if (!best) {
        runs.push({ kind: 'text', text: rest })
        break
      }
      if (best.index > 0) runs.push({ kind: 'text', text: rest.slice(0, best.index) })
      runs.push({ kind: 'mention', text: `@${best.name}` })
      rest = rest.slice(best.index + best.name.length + 1)
    }
  }
  let last = 0
  for (const match of body.matchAll(URL_PATTERN)) {
    let url = match[0]
    const trailing = TRAILING.exec(url)
    if (trailing) url = url.slice(0, -trailing[0].length)
    const index = match.index ?? 0
    if (!isSafeHref(url) || !isAllowedHref(url)) continue
    pushText(body.slice(last, index))
    runs.push({ kind: 'link', text: url, href: url })
    last = index + url.length
  }
  pushText(body.slice(last))
  return runs
}

/** A comment body as React text nodes: never HTML. */
export function CommentText({ body, mentionNames }: { body: string; mentionNames: string[] }) {
  const out: ReactNode[] = splitRuns(body, mentionNames).map((run, i) => {
    if (run.kind === 'link') {
      return (
        <a key={i} href={run.href} rel={LINK_REL} target={LINK_TARGET}>
          {run.text}
        </a>
      )
    }
    if (run.kind === 'mention') {
      return (
        <span key={i} className="comment-mention">
          {run.text}
        </span>
      )
    }
    return run.text
  })
  return <p className="comment-body">{out}</p>
}
