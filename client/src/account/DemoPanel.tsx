import { useEffect, useState } from 'react'
import type { SessionInfo } from '../../../shared/api.js'
import type { Role } from '../../../shared/roles.js'
import { ApiError, NetworkError, api } from '../api.js'
import { useI18n, registerEnglish } from '../i18n/index.js'
import { accountEn } from '../i18n/account.js'
import { flushPendingSignOut, useSession } from '../session.js'
import { RoleOrgBadges } from '../badges.js'
import { FormError } from '../FormError.js'

// This screen's English messages arrive with its code, not with the platform page.
registerEnglish(accountEn)

interface DemoOrg {
  id: string
  name: string
  shortName: string
  color: string
}

export interface DemoPerson {
  id: string
  name: string
  role: Role
  orgId: string | null
  platformId?: string
  /** The person's organization, when the server includes it. */
  org?: DemoOrg | null
}

/**
 * Demo mode: the sample people, each with a one-click sign-in. Renders
 * nothing when the server has demo mode off (404).
 */
export function DemoPanel({ onDone }: { onDone: (info: SessionInfo, person: DemoPerson) => void }) {
  const { t } = useI18n()
  const { signedIn } = useSession()
  const [people, setPeople] = useState<DemoPerson[] | null>(null)
  const [orgs, setOrgs] = useState<Map<string, DemoOrg>>(new Map())
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState<string | null>(null)

  useEffect(() => {
    const controller = new AbortController()
    api<{ people: DemoPerson[]; organizations?: DemoOrg[] }>('GET', '/api/demo/people', undefined, controller.signal)
      .then((body) => {
        // One row per person (the server lists each of their memberships).
        const seen = new Set<string>()
        setPeople(
          body.people.filter((p) => {
            if (seen.has(p.id)) return false
            seen.add(p.id)
            return true
          }),
        )
        const map = new Map<string, DemoOrg>()
        for (const o of body.organizations ?? []) map.set(o.id, o)
        for (const p of body.people) if (p.org) map.set(p.org.id, p.org)
        setOrgs(map)
      })
      .catch((e: unknown) => {
        if (controller.signal.aborted) return
        if (e instanceof ApiError && e.status === 404) setPeople([])
        else setPeople([])
      })
    return () => controller.abort()
  }, [])

  if (!people || people.length === 0) return null

  const signIn = async (person: DemoPerson) => {
    setBusy(person.id)
    setError(null)
    try {
      // End a pending sign-out first: the old session must not outlive this sign-in.
      if (!(await flushPendingSignOut())) throw new NetworkError('offline')
      const info = await api<SessionInfo>('POST', '/api/demo/sign-in', { personId: person.id })
      signedIn(info)
      onDone(info, person)
    } catch (e) {
      setError(t('demo.failed', { message: e instanceof Error ? e.message : String(e) }))
      setBusy(null)
    }
  }

  return (
    <section className="card demo-panel" aria-labelledby="demo-title">
      <h2 id="demo-title">
        <span className="demo-flag">{t('demo.flag')}</span> {t('demo.title')}
      </h2>
      <p className="muted">{t('demo.intro')}</p>
      <FormError error={error} />
      <ul className="people-list demo-people">
        {people.map((p) => {
          const org = p.orgId ? orgs.get(p.orgId) : undefined
          return (
            <li key={p.id} className="demo-person" data-person-id={p.id} data-role={p.role} data-org-id={p.orgId ?? ''}>
              <span className="demo-who">
                <span className="person-name">{p.name}</span>
                <RoleOrgBadges role={p.role} org={org} />
              </span>
              <button type="button" className="demo-sign-in" disabled={busy !== null} onClick={() => void signIn(p)}>
                {t('demo.signInAs', { name: p.name })}
              </button>
            </li>
          )
        })}
      </ul>
    </section>
  )
}
