import { useCallback, useState } from 'react'
import type { GovOrganization } from '../../../shared/gov.js'
import { ROLES, type Role } from '../../../shared/roles.js'
import { ApiError, errorText } from '../api.js'
import { useI18n } from '../i18n/index.js'
import { useSession } from '../session.js'
import { ROLE_KEYS } from '../badges.js'

export { ROLES }

export const base = (platformId: string) => `/api/platforms/${encodeURIComponent(platformId)}`

/** Runs one settings action at a time, keeping its error for display. */
export function useAction(): {
  busy: boolean
  error: string | null
  run: (action: () => Promise<unknown>) => Promise<boolean>
  clear: () => void
} {
  const { expire } = useSession()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const run = useCallback(
    async (action: () => Promise<unknown>) => {
      setBusy(true)
      setError(null)
      try {
        await action()
        return true
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) expire()
        setError(errorText(e))
        return false
      } finally {
        setBusy(false)
      }
    },
    [expire],
  )
  return { busy, error, run, clear: () => setError(null) }
}

/**
 * A tab's list loader: `refetch` loads it through `load` (whose error the tab
 * shows); a new platform makes a new `refetch`, so an effect on it loads anew.
 */
export function usePlatformRefetch(platformId: string, fetch: () => Promise<void>): { load: ReturnType<typeof useAction>; refetch: () => void } {
  const load = useAction()
  // biome-ignore lint/correctness/useExhaustiveDependencies: load.run is a stable action runner and fetch is made anew each render; only a new platform makes a new loader
  const refetch = useCallback(() => {
    void load.run(fetch)
  }, [platformId])
  return { load, refetch }
}

export function ActionError({ error }: { error: string | null }) {
  const { t } = useI18n()
  if (!error) return null
  return (
    <p className="form-error" role="alert">
      {t('settings.actionFailed', { message: error })}
    </p>
  )
}

export function RoleSelect({ value, onChange, id, label }: { value: Role; onChange: (role: Role) => void; id?: string; label?: string }) {
  const { t } = useI18n()
  return (
    <select id={id} aria-label={label} value={value} onChange={(e) => onChange(e.target.value as Role)}>
      {ROLES.map((r) => (
        <option key={r} value={r}>
          {t(ROLE_KEYS[r])}
        </option>
      ))}
    </select>
  )
}

export function OrgSelect({
  value,
  onChange,
  organizations,
  noneLabel,
  id,
  label,
}: {
  value: string | null
  onChange: (orgId: string | null) => void
  organizations: GovOrganization[]
  noneLabel: string
  id?: string
  label?: string
}) {
  return (
    <select id={id} aria-label={label} value={value ?? ''} onChange={(e) => onChange(e.target.value === '' ? null : e.target.value)}>
      <option value="">{noneLabel}</option>
      {organizations.map((o) => (
        <option key={o.id} value={o.id}>
          {o.name}
        </option>
      ))}
    </select>
  )
}

export function useDateFormat(): (iso: string | null) => string {
  const { locale } = useI18n()
  const format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' })
  return (iso) => (iso ? format.format(new Date(iso)) : '')
}
