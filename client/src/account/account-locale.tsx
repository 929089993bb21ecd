import { useCallback, useEffect, useRef, type ReactNode } from 'react'
import type { SessionInfo } from '../../../shared/api.js'
import { api } from '../api.js'
import { type Locale, useI18n } from '../i18n/index.js'
import { useSession } from '../session.js'

/**
 * The interface language follows the person, not the device (issue 15): once
 * the server says who is signed in, the language they chose last (on any
 * device) is applied; with none chosen yet, the device's (or the browser's)
 * stays. Applied once per signed-in person, so a choice made on this page is
 * not undone by the session answer that was already on its way.
 */
export function AccountLocale({ children }: { children: ReactNode }) {
  const { session } = useSession()
  const { chosenLocale, setLocale } = useI18n()
  const appliedFor = useRef<string | null>(null)
  useEffect(() => {
    if (session.kind !== 'signedIn' || session.offline) return
    const { id, locale } = session.info.person
    if (appliedFor.current === id) return
    appliedFor.current = id
    if (locale && locale !== chosenLocale) setLocale(locale)
  }, [session, chosenLocale, setLocale])
  return children
}

/**
 * Chooses the interface language: on this device at once, and with the
 * account when someone is signed in. Not remembered with the account when the
 * server cannot be reached: the device keeps it, and the next choice online
 * is remembered.
 */
export function useChooseLocale(): (locale: Locale) => void {
  const { session } = useSession()
  const { setLocale } = useI18n()
  const signedIn = session.kind === 'signedIn' && !session.offline
  return useCallback(
    (locale: Locale) => {
      setLocale(locale)
      if (signedIn)
        api<SessionInfo>('PATCH', '/api/session', { locale }).catch((error: unknown) =>
          console.warn('Plank: the language was not remembered with the account', error),
        )
    },
    [setLocale, signedIn],
  )
}
