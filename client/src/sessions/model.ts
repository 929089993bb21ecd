import { useEffect, useState, useSyncExternalStore } from 'react'
import type * as Y from 'yjs'
import { govMap, readDraftingSessions } from '../../../shared/gov.js'
import { serverClockOffset, type DraftingSession, type PollKind } from '../../../shared/drafting.js'
import { api } from '../api.js'
import { documentQuery } from '../signoff/PublishLinks.js'
import type { Locale } from '../i18n/index.js'

/**
 * The drafting sessions of one platform document, put together from their
 * gov entries (sessions, pastSessions, hands, polls, pollAnswers: see
 * shared/drafting.ts) with one observer per document however many
 * components ask.
 */
interface SessionsStore {
  subscribe: (listener: () => void) => () => void
  get: () => DraftingSession[]
}

const STATUS_ORDER: Record<DraftingSession['status'], number> = { running: 0, planned: 1, ended: 2 }

function readSessions(doc: Y.Doc): DraftingSession[] {
  return readDraftingSessions(doc).sort(
    (a, b) =>
      STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
      (a.status === 'ended' ? (b.endedAt ?? 0) - (a.endedAt ?? 0) : (a.scheduledStart ?? '').localeCompare(b.scheduledStart ?? '')) ||
      a.title.localeCompare(b.title),
  )
}

const stores = new WeakMap<Y.Doc, SessionsStore>()

function storeFor(doc: Y.Doc): SessionsStore {
  let store = stores.get(doc)
  if (store) return store
  const listeners = new Set<() => void>()
  let value = readSessions(doc)
  let key = JSON.stringify(value)
  const refresh = () => {
    const next = readSessions(doc)
    const nextKey = JSON.stringify(next)
    if (nextKey === key) return
    key = nextKey
    value = next
    for (const l of listeners) l()
  }
  store = {
    subscribe(listener) {
      if (listeners.size === 0) {
        refresh()
        govMap(doc).observeDeep(refresh)
      }
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
        if (listeners.size === 0) govMap(doc).unobserveDeep(refresh)
      }
    },
    get: () => value,
  }
  stores.set(doc, store)
  return store
}

/** Every drafting session of the platform, running first, then planned, then ended (newest first). */
export function useSessions(doc: Y.Doc): DraftingSession[] {
  const store = storeFor(doc)
  return useSyncExternalStore(store.subscribe, store.get)
}

export const runningSession = (sessions: DraftingSession[]): DraftingSession | null => sessions.find((s) => s.status === 'running') ?? null

/**
 * How far the server's clock is ahead of this device's, from `GET /api/time`
 * (the best of three round trips, measured again every minute).
 */
export function useServerOffset(): number {
  const [offset, setOffset] = useState(0)
  useEffect(() => {
    let stopped = false
    const measure = async () => {
      let best: { rtt: number; offset: number } | null = null
      for (let i = 0; i < 3 && !stopped; i++) {
        const sent = Date.now()
        try {
          const { now } = await api<{ now: number }>('GET', '/api/time')
          const received = Date.now()
          const rtt = received - sent
          if (!best || rtt < best.rtt) best = { rtt, offset: serverClockOffset(sent, received, now) }
        } catch {
          // offline: keep the last estimate
        }
      }
      if (best && !stopped) setOffset(best.offset)
    }
    void measure()
    const id = setInterval(() => void measure(), 60_000)
    return () => {
      stopped = true
      clearInterval(id)
    }
  }, [])
  return offset
}

/** The HTTP actions of one session. */
export function sessionApi(platformId: string, sessionId: string) {
  const base = `/api/platforms/${encodeURIComponent(platformId)}/sessions/${encodeURIComponent(sessionId)}`
  return {
    base,
    start: () => api('POST', `${base}/start`),
    pause: () => api('POST', `${base}/pause`),
    resume: () => api('POST', `${base}/resume`),
    next: () => api('POST', `${base}/next`),
    end: () => api('POST', `${base}/end`),
    extend: (minutes: number) => api('POST', `${base}/extend`, { minutes }),
    follow: (sectionId: string) => api('POST', `${base}/follow`, { sectionId }),
    hand: (raised: boolean) => api('POST', `${base}/hand`, { raised }),
    callNext: () => api('POST', `${base}/call-next`),
    openPoll: (kind: PollKind, question: string) => api<{ id: string }>('POST', `${base}/polls`, { kind, question }),
    answer: (pollId: string, value: string) => api('POST', `${base}/polls/${encodeURIComponent(pollId)}/answer`, { value }),
    closePoll: (pollId: string) => api('POST', `${base}/polls/${encodeURIComponent(pollId)}/close`),
    pen: (personId: string | null) => api('POST', `${base}/pen`, { personId }),
    notes: (notes: string) => api('PUT', `${base}/notes`, { notes }),
    /** The minutes in the interface's language, dates in the reader's time zone. */
    minutesMd: (locale: string) => `${base}/minutes.md${documentQuery([locale])}`,
    minutesHtml: (locale: string) => `${base}/minutes.html${documentQuery([locale])}`,
  }
}

/** The settings screens' action runner: one action at a time, its error kept for display. */
export { useAction } from '../settings/common.js'

/** A countdown as h:mm:ss or m:ss, digits through Intl. */
export function formatDuration(ms: number, locale: Locale): string {
  const total = ms >= 0 ? Math.ceil(ms / 1000) : Math.floor(-ms / 1000)
  const two = new Intl.NumberFormat(locale, { minimumIntegerDigits: 2, useGrouping: false })
  const one = new Intl.NumberFormat(locale, { useGrouping: false })
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = total % 60
  return h > 0 ? `${one.format(h)}:${two.format(m)}:${two.format(s)}` : `${one.format(m)}:${two.format(s)}`
}

export function formatWhen(at: number | string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(at))
}
