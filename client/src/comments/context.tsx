import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react'
import type * as Y from 'yjs'
import type { GovComment, GovOrganization, GovPerson, GovSection } from '../../../shared/gov.js'
import type { Principal } from '../../../shared/policy.js'
import { useCan, type Can } from '../policy.js'
import { ACTIVATE_EVENT, ACTIVE_EVENT, type ActivateDetail } from './highlights.js'
import { useGovComments } from './model.js'

export interface PendingAnchor {
  sectionId: string
  /** A thread on an amendment's proposed text. */
  amendmentId: string | null
  /** A thread on one of the section's translations (issue 15). */
  lang: string | null
  start: string
  end: string
  quote: string
}

export type ActivationSource = 'text' | 'thread' | 'inbox' | 'margin'

export interface CommentFilters {
  sectionId: string
  orgId: string
  status: 'all' | 'open' | 'resolved'
}

export interface CommentsValue {
  platformId: string
  doc: Y.Doc
  principal: Principal | null
  /** The policy table for this person: `can('comment.create')`, `can('comment.hide', comment)`… */
  can: Can
  people: GovPerson[]
  organizations: GovOrganization[]
  sections: GovSection[]
  /** The threads of this screen: the sections' own on the platform page, one amendment's on its page. */
  comments: GovComment[]
  /** Every comment of the platform (the inbox names any of them). */
  allComments: GovComment[]
  /** The amendment whose text this screen comments on; null on the platform page. */
  amendmentId: string | null
  pending: PendingAnchor | null
  startThread: (anchor: PendingAnchor) => void
  cancelThread: () => void
  active: string | null
  /** Which side asked: 'text' focuses the thread, 'thread' selects the text. */
  /** 'text': a highlight was clicked; 'thread': select the thread's text; 'inbox': show and focus it; 'margin': only mark it active. */
  activation: { threadId: string; from: ActivationSource; at: number; focus: boolean } | null
  activate: (threadId: string | null, from?: ActivationSource) => void
  filters: CommentFilters
  setFilters: (f: CommentFilters) => void
  personName: (id: string) => string
}

const CommentsContext = createContext<CommentsValue | null>(null)

/**
 * Threads waiting for a screen that mounts later: `threadId`, whose text an
 * editor selects once it mounts; `openThread`, which the next provider to
 * have it opens (the inbox followed to another screen).
 */
export const pendingShow = { threadId: null as string | null, openThread: null as string | null }

export function CommentsProvider(props: {
  platformId: string
  doc: Y.Doc
  principal: Principal | null
  people: GovPerson[]
  organizations: GovOrganization[]
  sections: GovSection[]
  /** Comments on this amendment's text only (its page); without it, the sections' own. */
  amendmentId?: string
  children: ReactNode
}) {
  const { platformId, doc, people, organizations, sections } = props
  const amendmentId = props.amendmentId ?? null
  // The page makes a new principal object on every render: keep one per identity.
  const { personId, role, orgId } = props.principal ?? { personId: null, role: null, orgId: null }
  const principal = useMemo<Principal | null>(() => (personId && role ? { personId, role, orgId } : null), [personId, role, orgId])
  const can = useCan(principal)
  const allComments = useGovComments(doc)
  const comments = useMemo(() => allComments.filter((c) => (c.amendmentId ?? null) === amendmentId), [allComments, amendmentId])
  const [pending, setPending] = useState<PendingAnchor | null>(null)
  const [activation, setActivation] = useState<CommentsValue['activation']>(null)
  const [filters, setFilters] = useState<CommentFilters>({ sectionId: '', orgId: '', status: 'all' })
  const active = activation?.threadId ?? null

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new document (a fresh copy after a refusal) must drop the callbacks bound to the old one
  const activate = useCallback(
    (threadId: string | null, from: ActivationSource = 'thread') => {
      setActivation(threadId ? { threadId, from, at: Date.now(), focus: from === 'inbox' } : null)
      if (!threadId || from === 'text' || from === 'margin') return
      const root = comments.find((c) => c.id === threadId)
      if (!root) return
      pendingShow.threadId = threadId
      document.getElementById(root.sectionId)?.scrollIntoView({ block: 'nearest' })
      window.dispatchEvent(new CustomEvent<ActivateDetail>(ACTIVATE_EVENT, { detail: { threadId, sectionId: root.sectionId, from: 'thread' } }))
    },
    [comments, doc],
  )

  // Arrived from the inbox of another screen: open the thread once it is here.
  useEffect(() => {
    const wanted = pendingShow.openThread
    if (!wanted || !comments.some((c) => c.id === wanted)) return
    pendingShow.openThread = null
    setActivation({ threadId: wanted, from: 'inbox', at: Date.now(), focus: true })
  }, [comments])

  // A click on a highlighted text in any editor.
  useEffect(() => {
    const onActivate = (e: Event) => {
      const detail = (e as CustomEvent<ActivateDetail>).detail
      if (detail.from === 'text') setActivation({ threadId: detail.threadId, from: 'text', at: Date.now(), focus: detail.focus === true })
    }
    window.addEventListener(ACTIVATE_EVENT, onActivate)
    return () => window.removeEventListener(ACTIVATE_EVENT, onActivate)
  }, [])

  // Editors mark the active thread's text.
  useEffect(() => {
    window.dispatchEvent(new CustomEvent(ACTIVE_EVENT, { detail: { threadId: active } }))
  }, [active])

  const personName = useCallback((id: string) => people.find((p) => p.id === id)?.name ?? '', [people])

  const value = useMemo<CommentsValue>(
    () => ({
      platformId,
      doc,
      principal,
      can,
      people,
      organizations,
      sections,
      comments,
      allComments,
      amendmentId,
      pending,
      startThread: (anchor) => setPending(anchor),
      cancelThread: () => setPending(null),
      active,
      activation,
      activate,
      filters,
      setFilters,
      personName,
    }),
    [
      platformId,
      doc,
      principal,
      can,
      people,
      organizations,
      sections,
      comments,
      allComments,
      amendmentId,
      pending,
      active,
      activation,
      activate,
      filters,
      personName,
    ],
  )
  return <CommentsContext.Provider value={value}>{props.children}</CommentsContext.Provider>
}

export function useComments(): CommentsValue | null {
  return useContext(CommentsContext)
}
