import { useEffect, useState } from 'react'
import type * as Y from 'yjs'
import { commentRoot, type CommentPlace } from '../../../shared/documents.js'
import { govComments, govMap, type GovComment } from '../../../shared/gov.js'
import { layoutSection, resolveAnchor, type SectionLayout } from '../../../shared/section-text.js'
import { ApiError, NetworkError, api, enc } from '../api.js'
import type { TFunction } from '../i18n/index.js'

export interface AnchorInfo {
  id: string
  start: string
  end: string
  resolved: boolean
}

export function bytesFromBase64(value: string): Uint8Array {
  const binary = atob(value)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}

/** Whether a comment is in this place: the section's own text, one of its translations, or that amendment's. */
export const inPlace = (c: GovComment, place: CommentPlace): boolean =>
  c.sectionId === place.sectionId && (c.amendmentId ?? null) === (place.amendmentId ?? null) && (c.lang ?? null) === (place.lang ?? null)

/** The anchored threads of one place, in a stable order (for the highlights). */
export function placeThreads(doc: Y.Doc, place: CommentPlace): AnchorInfo[] {
  const list: AnchorInfo[] = []
  govComments(doc)?.forEach((c) => {
    if (inPlace(c, place) && c.parentId === null && c.start && c.end) {
      list.push({ id: c.id, start: c.start, end: c.end, resolved: c.resolved !== null })
    }
  })
  return list.sort((a, b) => (a.id < b.id ? -1 : 1))
}

export interface Thread {
  root: GovComment
  replies: GovComment[]
  /** Offset of the anchor in the section's text, for ordering; null when it cannot be resolved. */
  offset: number | null
  textRemoved: boolean
}

/** Every comment of the platform, re-read when `gov` changes. */
export function useGovComments(doc: Y.Doc): GovComment[] {
  const [comments, setComments] = useState<GovComment[]>(() => [...(govComments(doc)?.values() ?? [])])
  useEffect(() => {
    let last = ''
    const refresh = () => {
      const list = [...(govComments(doc)?.values() ?? [])]
      const key = JSON.stringify(list)
      if (key === last) return
      last = key
      setComments(list)
    }
    refresh()
    const gov = govMap(doc)
    gov.observeDeep(refresh)
    return () => gov.unobserveDeep(refresh)
  }, [doc])
  return comments
}

/** Changes of one root's text (a section's or an amendment's), as a counter (re-resolve anchors when it moves). */
export function useTextVersion(doc: Y.Doc | null, root: string): number {
  const [version, setVersion] = useState(0)
  useEffect(() => {
    if (!doc) return
    const fragment = doc.getXmlFragment(root)
    let timer: ReturnType<typeof setTimeout> | null = null
    const bump = () => {
      if (timer) return
      timer = setTimeout(() => {
        timer = null
        setVersion((v) => v + 1)
      }, 200)
    }
    fragment.observeDeep(bump)
    return () => {
      fragment.unobserveDeep(bump)
      if (timer) clearTimeout(timer)
    }
  }, [doc, root])
  return version
}

/**
 * Threads of a place with their replies, in the order of their anchors in its
 * text. `comments` are the screen's (CommentsProvider keeps only the
 * amendment's, or only the sections' own): here the section and the
 * language of its text are chosen (each translation has its own threads).
 */
export function buildThreads(doc: Y.Doc, place: CommentPlace, comments: GovComment[]): Thread[] {
  const fragment = doc.getXmlFragment(commentRoot(place))
  let layout: SectionLayout | null = null
  const lang = place.lang ?? null
  const roots = comments.filter((c) => c.sectionId === place.sectionId && c.parentId === null && (c.lang ?? null) === lang)
  const threads = roots.map((root): Thread => {
    let offset: number | null = null
    let textRemoved = false
    if (root.start && root.end) {
      layout ??= layoutSection(fragment)
      const r = resolveAnchor(doc, fragment, root.start, root.end, layout)
      if (r.ok) {
        offset = r.start
        textRemoved = r.removed
      } else {
        textRemoved = true
      }
    }
    const replies = comments.filter((c) => c.parentId === root.id).sort((a, b) => a.createdAt.localeCompare(b.createdAt))
    return { root, replies, offset, textRemoved }
  })
  return threads.sort((a, b) => (a.offset ?? Infinity) - (b.offset ?? Infinity) || a.root.createdAt.localeCompare(b.root.createdAt))
}

export interface Mentions {
  personIds: string[]
  orgIds: string[]
}

const base = (platformId: string) => `/api/platforms/${enc(platformId)}`

export const commentsApi = {
  create: (
    platformId: string,
    body: { sectionId: string; amendmentId?: string; lang?: string; start: string; end: string; body: string; mentions: Mentions },
  ) => api<{ id: string }>('POST', `${base(platformId)}/comments`, body),
  reply: (platformId: string, body: { parentId: string; body: string; mentions: Mentions }) =>
    api<{ id: string }>('POST', `${base(platformId)}/comments`, body),
  edit: (platformId: string, id: string, body: { body: string; mentions: Mentions }) => api('PATCH', `${base(platformId)}/comments/${enc(id)}`, body),
  remove: (platformId: string, id: string) => api('DELETE', `${base(platformId)}/comments/${enc(id)}`),
  resolve: (platformId: string, id: string, resolved: boolean) => api('POST', `${base(platformId)}/comments/${enc(id)}/${resolved ? 'resolve' : 'reopen'}`),
  hide: (platformId: string, id: string, reason: string) => api('POST', `${base(platformId)}/comments/${enc(id)}/hide`, { reason }),
}

export const COMMENT_MAX_CHARS = 10_000

/** A clear message from the catalog for a refused or failed request. */
export function commentErrorText(t: TFunction, error: unknown): string {
  if (error instanceof NetworkError) return t('comments.error.offline')
  if (error instanceof ApiError) {
    const detail = (error.body as { error?: { retryAfterMs?: unknown; maxChars?: unknown } } | null)?.error
    switch (error.status) {
      // The limit comes as a field: the message is in the reader's language, not one to read numbers from.
      case 413:
        return t('comments.error.tooLong', { max: typeof detail?.maxChars === 'number' ? detail.maxChars : COMMENT_MAX_CHARS })
      case 429: {
        const ms = typeof detail?.retryAfterMs === 'number' ? detail.retryAfterMs : 60_000
        return t('comments.error.rateLimited', { seconds: Math.max(1, Math.ceil(ms / 1000)) })
      }
      case 400:
        return t('comments.error.invalid', { message: error.message })
      case 403:
        return t('comments.error.forbidden')
      case 404:
        return t('comments.error.notFound')
    }
    return t('comments.error.other', { message: error.message })
  }
  return t('comments.error.other', { message: error instanceof Error ? error.message : String(error) })
}
