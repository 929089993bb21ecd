import { useSyncExternalStore } from 'react'
import type * as Y from 'yjs'
import type { GovAmendment } from '../../../shared/amendments.js'
import { GovKey, govAmendments, govMap } from '../../../shared/gov.js'
import { amendmentFacts, type AmendmentTarget, type PlatformFacts, type SectionFacts } from '../../../shared/policy.js'

interface AmendmentsStore {
  subscribe: (onChange: () => void) => () => void
  get: () => readonly GovAmendment[]
}

const stores = new WeakMap<Y.Doc, AmendmentsStore>()
const NONE: readonly GovAmendment[] = []

/** True when a `gov` deep event batch touched the amendments. */
const touchesAmendments = (events: Array<Y.YEvent<Y.AbstractType<unknown>>>, gov: Y.Map<unknown>): boolean =>
  events.some((e) => (e.target === gov ? (e as Y.YMapEvent<unknown>).keysChanged.has(GovKey.Amendments) : e.path[0] === GovKey.Amendments))

/**
 * One store per document, so that 150 section cards share one observer of
 * `gov` and one list (a stable array until an amendment changes).
 */
function storeOf(doc: Y.Doc): AmendmentsStore {
  const existing = stores.get(doc)
  if (existing) return existing
  let list: readonly GovAmendment[] = NONE
  let read = false
  const listeners = new Set<() => void>()
  const gov = govMap(doc)
  const reread = () => {
    const values = [...(govAmendments(doc)?.values() ?? [])]
    list = values.length === 0 ? NONE : values.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id))
    read = true
  }
  const onChange = (events: Array<Y.YEvent<Y.AbstractType<unknown>>>) => {
    if (!touchesAmendments(events, gov)) return
    reread()
    for (const l of listeners) l()
  }
  const store: AmendmentsStore = {
    subscribe: (listener) => {
      if (listeners.size === 0) {
        gov.observeDeep(onChange)
        // Changes while nobody listened are read again now.
        reread()
      }
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
        if (listeners.size === 0) gov.unobserveDeep(onChange)
      }
    },
    get: () => {
      if (!read) reread()
      return list
    },
  }
  stores.set(doc, store)
  return store
}

/** Every amendment of the platform, live from `gov`, oldest first. */
export function useGovAmendments(doc: Y.Doc): readonly GovAmendment[] {
  const store = storeOf(doc)
  return useSyncExternalStore(store.subscribe, store.get)
}

/** What the policy table reads of an amendment on its section (shared/policy.ts AmendmentTarget). */
export const amendmentTarget = (amendment: GovAmendment, section: SectionFacts, platform: PlatformFacts | null): AmendmentTarget => ({
  amendment: amendmentFacts(amendment),
  section,
  platform,
})

/** Open ones first, then the decided, each oldest first. */
export const byOpenFirst = (list: readonly GovAmendment[]): GovAmendment[] =>
  [...list].sort((a, b) => Number(b.status === 'open') - Number(a.status === 'open'))
