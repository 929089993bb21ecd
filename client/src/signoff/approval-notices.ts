import { useCallback, useEffect, useState } from 'react'
import type * as Y from 'yjs'
import type { ApprovalNotice } from '../../../shared/api.js'
import { sectionRoot } from '../../../shared/documents.js'
import { GovKey, govMap, govSignoffs, type GovSignoff } from '../../../shared/gov.js'
import { STALE_APPROVAL_CHECK_MS } from '../../../shared/limits.js'
import { api, enc } from '../api.js'

/** Sent by the inbox to open a section's review (SectionSignoff listens). */
export const REVIEW_SECTION_EVENT = 'plank:review-section'

export const requestReview = (sectionId: string): void => {
  window.dispatchEvent(new CustomEvent<string>(REVIEW_SECTION_EVENT, { detail: sectionId }))
}

/** True when a `gov` deep event batch touched the sign-offs. */
export const touchesSignoffs = (events: Array<Y.YEvent<Y.AbstractType<unknown>>>, gov: Y.Map<unknown>): boolean =>
  events.some((e) => (e.target === gov ? (e as Y.YMapEvent<unknown>).keysChanged.has(GovKey.Signoffs) : e.path[0] === GovKey.Signoffs))

/** The latest sign-offs, re-read only when they change. */
export function useGovSignoffs(doc: Y.Doc | null): GovSignoff[] {
  const [list, setList] = useState<GovSignoff[]>(() => (doc ? [...(govSignoffs(doc)?.values() ?? [])] : []))
  useEffect(() => {
    if (!doc) return
    const gov = govMap(doc)
    const refresh = () => setList([...(govSignoffs(doc)?.values() ?? [])])
    refresh()
    const onChange = (events: Array<Y.YEvent<Y.AbstractType<unknown>>>) => {
      if (touchesSignoffs(events, gov)) refresh()
    }
    gov.observeDeep(onChange)
    return () => gov.unobserveDeep(onChange)
  }, [doc])
  return list
}

/**
 * This person's notices of approvals gone stale. Fetched at first, and
 * again shortly after an edit of a section their organization approved
 * (once the server has had time to notice it), unless that approval has
 * given its notice already.
 */
export function useApprovalNotices(doc: Y.Doc | null, platformId: string, orgId: string | null) {
  const [notices, setNotices] = useState<ApprovalNotice[]>([])
  const [unread, setUnread] = useState(0)
  const [error, setError] = useState<unknown>(null)
  const signoffs = useGovSignoffs(doc)

  const take = useCallback((res: { notices: ApprovalNotice[]; unread: number }) => {
    setNotices(res.notices)
    setUnread(res.unread)
    setError(null)
  }, [])
  const load = useCallback(async () => {
    if (!platformId) return
    try {
      take(await api<{ notices: ApprovalNotice[]; unread: number }>('GET', `/api/platforms/${enc(platformId)}/approval-notices`))
    } catch (e) {
      setError(e)
    }
  }, [platformId, take])
  const markRead = useCallback(
    async (ids?: number[]) => {
      try {
        take(await api<{ notices: ApprovalNotice[]; unread: number }>('POST', `/api/platforms/${enc(platformId)}/approval-notices/read`, ids ? { ids } : {}))
      } catch (e) {
        setError(e)
      }
    },
    [platformId, take],
  )

  useEffect(() => {
    void load()
  }, [load])

  // The sections whose text, when it changes, can give this person a notice.
  const watched = orgId
    ? signoffs
        .filter((s) => s.orgId === orgId && s.decision === 'approve')
        .filter((s) => !notices.some((n) => n.sectionId === s.sectionId && n.approvedAt === s.at))
        .map((s) => s.sectionId)
        .sort()
        .join('\n')
    : ''
  useEffect(() => {
    if (!watched || !doc) return
    let timer: ReturnType<typeof setTimeout> | null = null
    const schedule = () => {
      if (timer) clearTimeout(timer)
      // After the server's own pause, with room for the edit to reach it.
      timer = setTimeout(() => void load(), STALE_APPROVAL_CHECK_MS * 3)
    }
    const fragments = watched.split('\n').map((id) => doc.getXmlFragment(sectionRoot(id)))
    for (const f of fragments) f.observeDeep(schedule)
    return () => {
      if (timer) clearTimeout(timer)
      for (const f of fragments) f.unobserveDeep(schedule)
    }
  }, [doc, watched, load])

  return { notices, unread, error, load, markRead }
}
