import { useEffect, useState } from 'react'

/**
 * A piece of a screen that is not needed to read and type (the find bar, the
 * link editor, the review panel…): its code is a chunk of its own, fetched on
 * first use, or before that when the browser is idle (preloadWhenIdle), so
 * that the first load stays small and opening the piece is still instant.
 * Unlike React.lazy, a piece already fetched renders synchronously: no
 * Suspense fallback, no frame without it.
 */
export interface LazyPart<Module> {
  /** The module once fetched (null before). */
  readonly current: Module | null
  /** Fetches it, once; after a failed fetch (offline) the next call tries again. */
  load(): Promise<Module>
}

export function lazyPart<Module>(importer: () => Promise<Module>): LazyPart<Module> {
  let pending: Promise<Module> | null = null
  let current: Module | null = null
  return {
    get current() {
      return current
    },
    load() {
      pending ??= importer().then(
        (module) => {
          current = module
          return module
        },
        (error: unknown) => {
          pending = null
          throw error
        },
      )
      return pending
    },
  }
}

/** The piece's module, fetched once `wanted` is true; null until it has arrived. */
export function useLazyPart<Module>(part: LazyPart<Module>, wanted = true): Module | null {
  const [, setArrived] = useState(part.current !== null)
  const module = part.current
  useEffect(() => {
    if (module !== null || !wanted) return
    let live = true
    part.load().then(
      () => {
        if (live) setArrived(true)
      },
      (error: unknown) => console.warn('Plank: part of the page could not be loaded', error),
    )
    return () => {
      live = false
    }
  }, [part, wanted, module])
  return module
}

interface NetworkInformationLike {
  saveData?: boolean
}

/**
 * Fetches the pieces once the page has painted and the browser is idle, one
 * after the other (they never compete with the page's own requests), unless
 * the person asked the browser to save data. Returns a cancel function.
 */
export function preloadWhenIdle(parts: readonly LazyPart<unknown>[]): () => void {
  const connection = (navigator as Navigator & { connection?: NetworkInformationLike }).connection
  if (connection?.saveData === true) return () => {}
  let cancelled = false
  let idleHandle: number | null = null
  let timer: ReturnType<typeof setTimeout> | null = null
  const whenIdle = (run: () => void) => {
    if (typeof requestIdleCallback === 'function') idleHandle = requestIdleCallback(run, { timeout: IDLE_TIMEOUT_MS })
    else timer = setTimeout(run, IDLE_FALLBACK_MS)
  }
  const next = (index: number) => {
    const part = parts[index]
    if (cancelled || !part) return
    // A failed fetch is left for first use, which tries again.
    part.load().then(
      () => whenIdle(() => next(index + 1)),
      () => whenIdle(() => next(index + 1)),
    )
  }
  // After the next frame: the first paint of what the person came for goes first.
  const frame = requestAnimationFrame(() => whenIdle(() => next(0)))
  return () => {
    cancelled = true
    cancelAnimationFrame(frame)
    if (idleHandle !== null) cancelIdleCallback(idleHandle)
    if (timer !== null) clearTimeout(timer)
  }
}

/** The longest a preload waits for an idle moment (a page that is never idle still gets its pieces). */
const IDLE_TIMEOUT_MS = 3000
/** Where there is no requestIdleCallback (Safari): a moment after the first paint. */
const IDLE_FALLBACK_MS = 500
