import { useEffect, useState, type ComponentProps } from 'react'
import { useLazyPart } from '../shell/lazy-part.js'
import { isFindShortcut } from './find-shortcut.js'
import { findBarPart } from './lazy-parts.js'
import type { FindReplace, FindRequest } from './FindReplace.js'

type FindProps = Omit<ComponentProps<typeof FindReplace>, 'openRequest'>

/**
 * Ctrl/Cmd+F and the find bar (FindReplace.tsx), whose code is fetched on
 * first use (or when the page is idle). The shortcut is answered here, from
 * the page's first paint: a press before the bar's code has arrived does not
 * open the browser's find instead, and the bar opens as soon as it is there.
 */
export function FindLauncher(props: FindProps) {
  const [request, setRequest] = useState<FindRequest | null>(null)
  const find = useLazyPart(findBarPart, request !== null)
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!isFindShortcut(e)) return
      e.preventDefault()
      const focused = document.activeElement instanceof HTMLElement ? document.activeElement : null
      setRequest((r) => ({ focused, seq: (r?.seq ?? 0) + 1 }))
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])
  return find ? <find.FindReplace {...props} openRequest={request} /> : null
}
