import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react'
import type * as Y from 'yjs'
import type { GovAmendment } from '../../../shared/amendments.js'
import type { GovOrganization, GovSection } from '../../../shared/gov.js'
import { can, type PlatformFacts, type Principal } from '../../../shared/policy.js'
import { OrgBadge } from '../badges.js'
import { FormError } from '../FormError.js'
import { useI18n } from '../i18n/index.js'
import { amendmentPath } from '../routes.js'
import { followInApp, navigateInApp } from '../signoff/navigation.js'
import { proposeAmendment } from './api.js'
import { AmendmentStatusBadge } from './labels.js'
import { byOpenFirst, useGovAmendments } from './model.js'
import { amendmentErrorText } from './errors.js'

interface Props {
  doc: Y.Doc
  platformId: string
  section: GovSection
  platform: PlatformFacts | null
  principal: Principal | null
  organizations: GovOrganization[]
}

/**
 * On a section card: how many amendments are open on it (a button that lists
 * them) and, for those the policy table lets propose, "Propose an amendment"
 * with its small form.
 */
export function SectionAmendments({ doc, platformId, section, platform, principal, organizations }: Props) {
  const { t } = useI18n()
  const all = useGovAmendments(doc)
  const mine = useMemo(() => byOpenFirst(all.filter((a) => a.sectionId === section.id)), [all, section.id])
  const openCount = mine.filter((a) => a.status === 'open').length
  const [listOpen, setListOpen] = useState(false)
  const [proposing, setProposing] = useState(false)
  const proposeButton = useRef<HTMLButtonElement>(null)
  const listId = useId()
  const mayPropose = can(principal, 'amendment.propose', { section, platform })
  const accepted = useAcceptedWhileOpen(mine)
  const [dismissed, setDismissed] = useState<string | null>(null)
  if (mine.length === 0 && !mayPropose) return null
  const acceptedOrg = accepted ? organizations.find((o) => o.id === accepted.orgId) : undefined
  const countLabel = openCount > 0 ? t('amendments.openCount', { count: openCount }) : t('amendments.pastCount', { count: mine.length })
  return (
    <div className="section-amendments" data-amendments-for={section.id}>
      {/* The accepted change arrived in this editor as an ordinary edit: say whose wording it is. */}
      <div role="status" className="amendment-accepted-region">
        {accepted && dismissed !== accepted.id ? (
          <p className="amendment-accepted-notice" data-amendment-id={accepted.id}>
            {t('amendments.acceptedHere', { title: accepted.title, org: acceptedOrg?.name ?? '' })}{' '}
            <a href={amendmentPath(platformId, accepted.id)} onClick={followInApp}>
              {t('amendments.acceptedHereOpen')}
            </a>{' '}
            <button type="button" className="link-button" onClick={() => setDismissed(accepted.id)}>
              {t('amendments.acceptedHereDismiss')}
            </button>
          </p>
        ) : null}
      </div>
      <div className="section-amendments-bar">
        {mine.length > 0 ? (
          <button
            type="button"
            className="link-button amendments-count"
            aria-expanded={listOpen}
            aria-controls={listId}
            onClick={() => setListOpen((v) => !v)}
            data-open-count={openCount}
          >
            {countLabel}
          </button>
        ) : null}
        {mayPropose && !proposing ? (
          <button type="button" ref={proposeButton} onClick={() => setProposing(true)}>
            {t('amendments.propose')}
          </button>
        ) : null}
      </div>
      {listOpen && mine.length > 0 ? (
        <ul id={listId} className="amendments-list">
          {mine.map((a) => (
            <AmendmentLine key={a.id} amendment={a} platformId={platformId} organizations={organizations} />
          ))}
        </ul>
      ) : null}
      {proposing ? (
        <ProposeForm
          platformId={platformId}
          section={section}
          onCancel={() => {
            setProposing(false)
            // Back where the person was: the button that opened the form.
            requestAnimationFrame(() => proposeButton.current?.focus())
          }}
        />
      ) : null}
    </div>
  )
}

function AmendmentLine({ amendment, platformId, organizations }: { amendment: GovAmendment; platformId: string; organizations: GovOrganization[] }) {
  const { t } = useI18n()
  const org = organizations.find((o) => o.id === amendment.orgId)
  const count = amendment.endorsements.length
  const endorsements = t('amendments.endorsementCount', {
    count,
  })
  return (
    <li className="amendments-line" data-amendment-id={amendment.id}>
      <a href={amendmentPath(platformId, amendment.id)} onClick={followInApp}>
        {amendment.title}
      </a>{' '}
      {org ? <OrgBadge org={org} /> : null} <span className="muted small">{endorsements}</span> <AmendmentStatusBadge status={amendment.status} />
    </li>
  )
}

function ProposeForm({ platformId, section, onCancel }: { platformId: string; section: GovSection; onCancel: () => void }) {
  const { t } = useI18n()
  const [title, setTitle] = useState('')
  const [rationale, setRationale] = useState('')
  const [working, setWorking] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const id = useId()
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (title.trim() === '') {
      setError(t('amendments.form.titleMissing'))
      return
    }
    setWorking(true)
    setError(null)
    try {
      const created = await proposeAmendment(platformId, section.id, { title: title.trim(), rationale: rationale.trim() })
      navigateInApp(amendmentPath(platformId, created.id))
    } catch (e) {
      setWorking(false)
      setError(amendmentErrorText(t, e))
    }
  }
  return (
    <form
      className="amendment-propose"
      aria-labelledby={`${id}-title`}
      onSubmit={(e) => void submit(e)}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && !working) onCancel()
      }}
    >
      <h3 id={`${id}-title`} className="amendment-propose-title">
        {t('amendments.form.heading', { section: section.title })}
      </h3>
      <label htmlFor={`${id}-name`}>{t('amendments.form.title')}</label>
      {/* biome-ignore lint/a11y/noAutofocus: the person just asked for this form; typing goes to its first field */}
      <input id={`${id}-name`} value={title} maxLength={200} required autoFocus onChange={(e) => setTitle(e.target.value)} />
      <label htmlFor={`${id}-why`}>{t('amendments.form.rationale')}</label>
      <textarea id={`${id}-why`} value={rationale} maxLength={5000} rows={3} onChange={(e) => setRationale(e.target.value)} />
      <p className="muted small">{t('amendments.form.hint')}</p>
      <FormError error={error} />
      <div className="form-actions">
        <button type="submit" disabled={working} aria-busy={working}>
          {working ? t('amendments.form.working') : t('amendments.form.submit')}
        </button>
        <button type="button" disabled={working} onClick={onCancel}>
          {t('amendments.form.cancel')}
        </button>
      </div>
    </form>
  )
}

/** The latest amendment of this section accepted while the page was open (not those accepted before it opened). */
function useAcceptedWhileOpen(mine: readonly GovAmendment[]): GovAmendment | null {
  const seenOpen = useRef(new Set<string>())
  const [accepted, setAccepted] = useState<GovAmendment | null>(null)
  useEffect(() => {
    for (const a of mine) {
      if (a.status === 'open') seenOpen.current.add(a.id)
      else if (a.status === 'accepted' && seenOpen.current.delete(a.id)) setAccepted(a)
    }
  }, [mine])
  return accepted
}
