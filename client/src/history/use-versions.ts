import { useCallback, useEffect, useRef, useState } from 'react'
import type { VersionEntry } from '../../../shared/versions.js'
import { errorText } from '../api.js'

/** New versions are kept by the server (a pause, a sign-off elsewhere): the list is asked again this often while the page is seen. */
const REFRESH_MS = 10_000

export type VersionsLoad = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; versions: VersionEntry[] }

/**
 * A timeline (a section's or the platform's), fetched, then fetched again
 * every few seconds while the page is visible and whenever `reload` is
 * called. A failed refresh keeps the list already shown.
 */
export function useVersions(fetcher: (signal: AbortSignal) => Promise<VersionEntry[]>): { load: VersionsLoad; reload: () => void } {
  const [load, setLoad] = useState<VersionsLoad>({ kind: 'loading' })
  const [generation, setGeneration] = useState(0)
  const fetcherRef = useRef(fetcher)
  fetcherRef.current = fetcher
  // biome-ignore lint/correctness/useExhaustiveDependencies: generation is the trigger of a reload
  useEffect(() => {
    const abort = new AbortController()
    setLoad((prev) => (prev.kind === 'error' ? { kind: 'loading' } : prev))
    const run = () =>
      fetcherRef.current(abort.signal).then(
        (versions) => setLoad({ kind: 'ready', versions }),
        (error: unknown) => {
          if (abort.signal.aborted) return
          setLoad((prev) => (prev.kind === 'ready' ? prev : { kind: 'error', message: errorText(error) }))
        },
      )
    void run()
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') void run()
    }, REFRESH_MS)
    return () => {
      abort.abort()
      clearInterval(timer)
    }
  }, [generation])
  const reload = useCallback(() => setGeneration((g) => g + 1), [])
  return { load, reload }
}
