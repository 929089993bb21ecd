import { useEffect, useState } from 'react'
import type * as Y from 'yjs'
import { sectionHash } from '../../../shared/content-hash.js'
import { sectionRoot } from '../../../shared/documents.js'

/** Wait this long after the last edit of a primary text before hashing it again. */
const HASH_DEBOUNCE_MS = 250

/**
 * The content hash of each listed section's primary text, live: what a
 * translation is brought up to date with (issue 15), computed with the code
 * the server uses. A section appears once its text has been hashed.
 */
export function usePrimaryHashes(doc: Y.Doc, sectionIds: readonly string[]): Record<string, string> {
  const [hashes, setHashes] = useState<Record<string, string>>({})
  const idsKey = sectionIds.join('\n')
  useEffect(() => {
    let alive = true
    const stops = (idsKey === '' ? [] : idsKey.split('\n')).map((id) => {
      const fragment = doc.getXmlFragment(sectionRoot(id))
      let timer: ReturnType<typeof setTimeout> | null = null
      const compute = () =>
        void sectionHash(fragment).then((hash) => {
          if (alive) setHashes((prev) => (prev[id] === hash ? prev : { ...prev, [id]: hash }))
        })
      const schedule = () => {
        if (timer) clearTimeout(timer)
        timer = setTimeout(compute, HASH_DEBOUNCE_MS)
      }
      compute()
      fragment.observeDeep(schedule)
      return () => {
        if (timer) clearTimeout(timer)
        fragment.unobserveDeep(schedule)
      }
    })
    return () => {
      alive = false
      for (const stop of stops) stop()
    }
  }, [doc, idsKey])
  return hashes
}
