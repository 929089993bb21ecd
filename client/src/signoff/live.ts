import { useEffect, useState } from 'react'
import type * as Y from 'yjs'
import { platformLanguagesOf, sectionVersionHash, sectionVersionRoots, sectionVersionText } from '../../../shared/section-version.js'
import { govMap, govPeople, govSignoffs, signoffKey, type GovPlatform, type GovSignoff, govPlatform } from '../../../shared/gov.js'
import { sectionApproval, sectionStatus, type OrgStanding, type SectionApproval, type SectionStatus } from '../../../shared/signoff-rules.js'
import type { Principal } from '../../../shared/policy.js'
import { useSession } from '../session.js'

/** Wait this long after the last edit before hashing a section again. */
const HASH_DEBOUNCE_MS = 250

/** The sign-off part of `gov`, re-read (and re-rendered) only when it changes. */
export interface SignoffGov {
  platform: GovPlatform | null
  signoffs: Map<string, GovSignoff>
  me: Principal | null
}

function readSignoffGov(doc: Y.Doc, personId: string | null): { value: SignoffGov; key: string } {
  const platform = govPlatform(doc)
  const signoffs = new Map<string, GovSignoff>()
  govSignoffs(doc)?.forEach((s, k) => {
    signoffs.set(k, s)
  })
  const person = personId ? (govPeople(doc)?.get(personId) ?? null) : null
  const me: Principal | null = person ? { personId: person.id, role: person.role, orgId: person.orgId } : null
  const key = JSON.stringify([platform, [...signoffs.entries()].sort(([a], [b]) => a.localeCompare(b)), me])
  return { value: { platform, signoffs, me }, key }
}

/** Platform settings, sign-offs and this person's role, live from `gov`. */
export function useSignoffGov(doc: Y.Doc): SignoffGov {
  const { session } = useSession()
  const personId = session.kind === 'signedIn' ? session.info.person.id : null
  const [state, setState] = useState(() => readSignoffGov(doc, personId))
  useEffect(() => {
    const gov = govMap(doc)
    const refresh = () => {
      const next = readSignoffGov(doc, personId)
      setState((prev) => (prev.key === next.key ? prev : next))
    }
    refresh()
    gov.observeDeep(refresh)
    return () => gov.unobserveDeep(refresh)
  }, [doc, personId])
  return state.value
}

/**
 * Calls `onChange` (debounced) whenever the section's text changes in any of
 * the platform's languages, and once at first. A change of the languages
 * themselves (gov's platform entry) re-subscribes and counts as a change.
 */
function watchSectionTexts(doc: Y.Doc, sectionId: string, onChange: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null
  const schedule = () => {
    if (timer) clearTimeout(timer)
    timer = setTimeout(() => {
      timer = null
      onChange()
    }, HASH_DEBOUNCE_MS)
  }
  let watched: Y.XmlFragment[] = []
  let languagesKey = ''
  const subscribe = () => {
    const languages = platformLanguagesOf(doc)
    const key = JSON.stringify(languages)
    if (key === languagesKey) return
    languagesKey = key
    for (const f of watched) f.unobserveDeep(schedule)
    watched = sectionVersionRoots(sectionId, languages).map((root) => doc.getXmlFragment(root))
    for (const f of watched) f.observeDeep(schedule)
    schedule()
  }
  const gov = govMap(doc)
  const onGov = () => subscribe()
  gov.observe(onGov)
  subscribe()
  onChange()
  return () => {
    if (timer) clearTimeout(timer)
    gov.unobserve(onGov)
    for (const f of watched) f.unobserveDeep(schedule)
  }
}

/**
 * The content hash of each listed section, computed from the live document
 * with the same code the server uses, recomputed shortly after each edit.
 */
export function useSectionHashes(doc: Y.Doc, sectionIds: string[]): Record<string, string> {
  const [hashes, setHashes] = useState<Record<string, string>>({})
  const idsKey = sectionIds.join('\n')
  useEffect(() => {
    let alive = true
    const stops = (idsKey === '' ? [] : idsKey.split('\n')).map((id) =>
      watchSectionTexts(doc, id, () => {
        void sectionVersionHash(doc, id).then((hash) => {
          if (alive) setHashes((prev) => (prev[id] === hash ? prev : { ...prev, [id]: hash }))
        })
      }),
    )
    return () => {
      alive = false
      for (const stop of stops) stop()
    }
  }, [doc, idsKey])
  return hashes
}

/** The plain text of a section (every language, as a sign-off's snapshot holds it), live. */
export function useSectionText(doc: Y.Doc, sectionId: string, enabled = true): string {
  const [text, setText] = useState(() => (enabled ? sectionVersionText(doc, sectionId) : ''))
  useEffect(() => {
    if (!enabled) return
    return watchSectionTexts(doc, sectionId, () => setText(sectionVersionText(doc, sectionId)))
  }, [doc, sectionId, enabled])
  return text
}

/** One organization's standing, with the decision behind it. */
export interface Standing extends OrgStanding {
  signoff: GovSignoff | null
}

/**
 * Each organization's standing on a section. While the current hash is not
 * yet known (first computation pending), decisions count as current.
 */
export function standingsOf(sectionId: string, orgIds: string[], signoffs: Map<string, GovSignoff>, currentHash: string | undefined): Standing[] {
  return orgIds.map((orgId) => {
    const signoff = signoffs.get(signoffKey(sectionId, orgId)) ?? null
    return {
      orgId,
      signoff,
      decision: signoff?.decision ?? null,
      current: signoff ? currentHash === undefined || signoff.hash === currentHash : false,
    }
  })
}

export interface SectionSignoffState {
  standings: Standing[]
  approval: SectionApproval
  status: SectionStatus
}

export function sectionSignoffState(
  section: { id: string; locked: boolean },
  orgIds: string[],
  signoffs: Map<string, GovSignoff>,
  currentHash: string | undefined,
  threshold: number | null,
): SectionSignoffState {
  const standings = standingsOf(section.id, orgIds, signoffs, currentHash)
  return { standings, approval: sectionApproval(standings, threshold), status: sectionStatus(section, standings, threshold) }
}

/** What one matrix cell shows. */
export type CellState = 'approved' | 'stale' | 'changes' | 'staleChanges' | 'none'

export function cellState(standing: OrgStanding): CellState {
  if (standing.decision === 'approve') return standing.current ? 'approved' : 'stale'
  if (standing.decision === 'changes') return standing.current ? 'changes' : 'staleChanges'
  return 'none'
}
