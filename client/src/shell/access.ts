import { useEffect, useState } from 'react'
import { ApiError, api, enc } from '../api.js'

/**
 * Asks the HTTP API whether this person may read the platform. The relay
 * decides, but this answers sooner, and also while the relay cannot be
 * reached: true once the answer is 403 or 404. A 401 (the session ended)
 * calls `onUnauthenticated`.
 */
export function useHttpNoAccess(platformId: string, onUnauthenticated: () => void): boolean {
  const [noAccess, setNoAccess] = useState(false)
  useEffect(() => {
    const controller = new AbortController()
    api('GET', `/api/platforms/${enc(platformId)}`, undefined, controller.signal).catch((e: unknown) => {
      if (e instanceof ApiError && (e.status === 404 || e.status === 403)) setNoAccess(true)
      if (e instanceof ApiError && e.status === 401) onUnauthenticated()
    })
    return () => controller.abort()
  }, [platformId, onUnauthenticated])
  return noAccess
}
