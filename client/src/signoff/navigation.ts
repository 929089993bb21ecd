import { useEffect, useState, type MouseEvent } from 'react'

const NAVIGATE_EVENT = 'plank:navigate'

/**
 * Re-renders the caller when the address changes without a page load (a
 * link followed in the page, or back and forward). The app routes on
 * `location.pathname` at render, so this is all it needs.
 */
export function useInAppNavigation(): string {
  const [path, setPath] = useState(location.pathname)
  useEffect(() => {
    const update = () => setPath(location.pathname)
    window.addEventListener('popstate', update)
    window.addEventListener(NAVIGATE_EVENT, update)
    return () => {
      window.removeEventListener('popstate', update)
      window.removeEventListener(NAVIGATE_EVENT, update)
    }
  }, [])
  return path
}

/**
 * Follows a same-origin link in the page (no reload), unless the person
 * asked for a new tab or window. The server only answers `/` and
 * `/p/<id>` with the app, so screens below `/p/<id>/` are reached this way.
 */
export function followInApp(event: MouseEvent<HTMLAnchorElement>): void {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return
  const href = event.currentTarget.getAttribute('href')
  if (!href) return
  event.preventDefault()
  navigateInApp(href)
}

/** Goes to a path of this site in the page (no reload), as a followed link does. */
export function navigateInApp(path: string): void {
  history.pushState(null, '', path)
  window.dispatchEvent(new Event(NAVIGATE_EVENT))
  window.scrollTo(0, 0)
}
