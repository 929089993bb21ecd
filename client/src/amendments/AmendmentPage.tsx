import { useCallback, useEffect, useId, useRef, useState, type ReactNode, type RefObject } from 'react'
import type * as Y from 'yjs'
import type { GovAmendment } from '../../../shared/amendments.js'
import { amendmentRoot } from '../../../shared/documents.js'
import type { GovOrganization, GovPerson } from '../../../shared/gov.js'
import { AppHeader } from '../AppHeader.js'
import type { PlatformConnection } from '../platform/connection.js'
import { DraftPanel } from '../platform/DraftPanel.js'
import { fragmentText, type RecoveredDraft } from '../platform/drafts.js'
import { OrgBadge, personColor } from '../badges.js'
import { CommentsProvider } from '../comments/context.js'
import { commentDateFormat } from '../comments/dates.js'
import { CommentsInbox } from '../comments/Inbox.js'
import { CommentMargin } from '../comments/Margin.js'
import { useI18n, type MessageKey } from '../i18n/index.js'
import { sectionPath } from '../routes.js'
import { PlatformShell, type PlatformLive } from '../shell/PlatformShell.js'
import { LoadingScreen } from '../shell/screens.js'
import { ConnectionBanners, SaveStatusView } from '../shell/status.js'
import { followInApp } from '../signoff/navigation.js'
import { AmendmentActions } from './AmendmentActions.js'
import { AmendmentEditor } from './AmendmentEditor.js'
import { AmendmentStatusBadge } from './labels.js'
import { amendmentTarget, useGovAmendments } from './model.js'
import { TrackedChangesView } from './TrackedChanges.js'
import './amendments.css'

/**
 * One amendment (`/p/<id>/amendments/<amendmentId>`, issue 14), inside the
 * PlatformShell: what it is and who supports it, its actions, and its text
 * twice — as tracked changes against the live section, and as the proposed
 * text in its own editor. Its own chunk: the platform page does not carry it.
 */
export function AmendmentPage({ platformId, amendmentId }: { platformId: string; amendmentId: string }) {
  // A refused update (the amendment was decided while this person typed, say): the shell starts over on a
  // fresh document; the refused copy's text is kept first, and shown as a recovered draft if it differs.
  const pending = useRef<PendingText | null>(null)
  const keepRefused = useCallback(
    (refused: PlatformConnection) => {
      pending.current = { text: fragmentText(refused.doc.getXmlFragment(amendmentRoot(amendmentId))), from: refused }
    },
    [amendmentId],
  )
  return (
    <PlatformShell platformId={platformId} onRefused={keepRefused}>
      {(live) => <AmendmentScreen live={live} amendmentId={amendmentId} pending={pending} />}
    </PlatformShell>
  )
}

/** The amendment's text in a refused document, waiting for the fresh one to sync. */
interface PendingText {
  text: string
  from: PlatformConnection
}

const OUTCOME_KEYS: Record<Exclude<GovAmendment['status'], 'open'>, MessageKey> = {
  accepted: 'amendments.outcome.accepted',
  declined: 'amendments.outcome.declined',
  withdrawn: 'amendments.outcome.withdrawn',
}

function AmendmentScreen({ live, amendmentId, pending }: { live: PlatformLive; amendmentId: string; pending: RefObject<PendingText | null> }) {
  const { t, locale } = useI18n()
  const { platformId, connection, provider, doc, state, gov, membership, can, principal } = live
  const amendments = useGovAmendments(doc)
  const amendment = amendments.find((a) => a.id === amendmentId) ?? null
  const section = amendment ? (gov.sections.find((s) => s.id === amendment.sectionId) ?? null) : null
  const id = useId()
  const [draft, setDraft] = useState<RecoveredDraft | null>(null)

  // After the fresh document's first sync: the refused text, if it is not what the amendment now says.
  useEffect(() => {
    const kept = pending.current
    if (!kept || kept.from === connection || !state.everSynced || !amendment) return
    pending.current = null
    const fresh = fragmentText(doc.getXmlFragment(amendmentRoot(amendmentId)))
    if (kept.text === fresh || kept.text.trim() === '') return
    setDraft({ sectionId: amendment.sectionId, text: kept.text, savedAt: new Date().toISOString(), reason: 'refused', ownerOrgId: amendment.orgId })
  }, [pending, connection, state.everSynced, amendment, doc, amendmentId])

  useEffect(() => {
    document.title = `${amendment?.title ?? t('amendments.screenTitle')} — ${gov.platform?.title ?? ''} — ${t('app.name')}`
  }, [amendment?.title, gov.platform?.title, t])

  // The comments here are this amendment's; the inbox in the header names every comment of the platform.
  const withComments = (children: ReactNode) => (
    <CommentsProvider
      platformId={platformId}
      doc={doc}
      principal={principal}
      people={gov.people}
      organizations={gov.organizations}
      sections={gov.sections}
      amendmentId={amendmentId}
    >
      <AppHeader
        title={gov.platform?.title ?? null}
        membership={membership}
        extra={
          <>
            <SaveStatusView connection={connection} />
            <CommentsInbox />
          </>
        }
      />
      <ConnectionBanners state={state} />
      {children}
    </CommentsProvider>
  )
  if (!amendment || !section) {
    if (!state.everSynced) return <LoadingScreen connecting />
    return withComments(
      <main id="main" className="page narrow" tabIndex={-1}>
        <h1>{t('amendments.notFound.title')}</h1>
        <p>{t('amendments.notFound.body')}</p>
      </main>,
    )
  }

  const orgOf = (orgId: string | null): GovOrganization | null => gov.organizations.find((o) => o.id === orgId) ?? null
  const nameOf = (personId: string): string => gov.people.find((p: GovPerson) => p.id === personId)?.name ?? t('amendments.someone')
  const proposer = orgOf(amendment.orgId)
  const owner = orgOf(section.ownerOrgId)
  const proposerName = proposer?.name ?? t('section.unknownOrg')
  const ownerName = section.ownerOrgId === null ? t('section.open') : (owner?.name ?? t('section.unknownOrg'))
  const target = amendmentTarget(amendment, section, gov.platform)
  const editable = can('amendment.write', target) && state.closedCode === null
  const date = commentDateFormat(locale)
  const decision = amendment.decision

  return withComments(
    <main id="main" className="page amendment-page" tabIndex={-1} data-amendment-id={amendment.id} data-status={amendment.status}>
      <p className="amendment-back">
        <a href={sectionPath(platformId, section.id)} onClick={followInApp}>
          {t('amendments.back', { section: section.title })}
        </a>
      </p>
      <h1>{amendment.title}</h1>
      <p className="amendment-meta">
        <AmendmentStatusBadge status={amendment.status} /> <span>{t('amendments.meta.to', { section: section.title, owner: ownerName })}</span>{' '}
        <span>
          {t('amendments.meta.by', { name: nameOf(amendment.authorId) })} {proposer ? <OrgBadge org={proposer} /> : null}
        </span>{' '}
        <time className="muted" dateTime={amendment.createdAt}>
          {date.format(new Date(amendment.createdAt))}
        </time>
      </p>
      {amendment.rationale ? (
        <section className="amendment-rationale" aria-labelledby={`${id}-why`}>
          <h2 id={`${id}-why`}>{t('amendments.rationale')}</h2>
          <p>{amendment.rationale}</p>
        </section>
      ) : null}
      <section className="amendment-endorsements" aria-labelledby={`${id}-endorse`}>
        <h2 id={`${id}-endorse`}>{t('amendments.endorsements')}</h2>
        {amendment.endorsements.length === 0 ? (
          <p className="muted">{t('amendments.noEndorsements')}</p>
        ) : (
          <ul className="amendment-endorsers">
            {amendment.endorsements.map((orgId) => {
              const org = orgOf(orgId)
              return <li key={orgId}>{org ? <OrgBadge org={org} /> : t('section.unknownOrg')}</li>
            })}
          </ul>
        )}
      </section>
      {amendment.status !== 'open' ? (
        <section className="amendment-outcome notice" data-outcome={amendment.status} aria-labelledby={`${id}-outcome`}>
          <h2 id={`${id}-outcome`}>{t('amendments.outcome')}</h2>
          <p>
            {t(OUTCOME_KEYS[amendment.status], {
              name: decision ? nameOf(decision.by) : t('amendments.someone'),
              date: decision ? date.format(new Date(decision.at)) : '',
            })}
          </p>
          {decision?.note ? <blockquote className="amendment-note">{decision.note}</blockquote> : null}
        </section>
      ) : gov.platform?.adopted ? (
        <p className="notice">{t('platform.adopted')}</p>
      ) : section.locked ? (
        <p className="notice">{t('amendments.sectionLocked')}</p>
      ) : null}
      {draft ? <DraftPanel draft={draft} organizations={gov.organizations} onDismiss={() => setDraft(null)} sectionTitle={amendment.title} /> : null}
      <AmendmentActions
        platformId={platformId}
        amendment={amendment}
        target={target}
        can={can}
        orgName={live.org?.name ?? ''}
        sectionOwner={ownerName}
        proposer={proposerName}
      />
      <div className="amendment-views">
        <section className="amendment-view" aria-labelledby={`${id}-tracked`} data-view="tracked">
          <h2 id={`${id}-tracked`}>{t('amendments.view.tracked')}</h2>
          <p className="muted small">{t('amendments.view.trackedHint', { org: proposerName })}</p>
          <TrackedChangesView doc={doc} sectionId={section.id} amendmentId={amendment.id} color={personColor(proposer)} />
        </section>
        <section className="amendment-view" aria-labelledby={`${id}-text`} data-view="proposed">
          <h2 id={`${id}-text`}>{t('amendments.view.proposed')}</h2>
          <p className="muted small">{editable ? t('amendments.view.proposedHint') : t('amendments.view.readOnly', { org: proposerName })}</p>
          <ProposedText
            doc={doc}
            amendmentId={amendment.id}
            sectionId={section.id}
            title={amendment.title}
            editable={editable}
            provider={provider}
            synced={state.everSynced}
          />
          <CommentMargin sectionId={section.id} title={amendment.title} />
        </section>
      </div>
    </main>,
  )
}

/** The editor mounts once the text is there: on an empty root before the first sync it would write an empty paragraph. */
function ProposedText({
  doc,
  amendmentId,
  sectionId,
  title,
  editable,
  provider,
  synced,
}: {
  doc: Y.Doc
  amendmentId: string
  sectionId: string
  title: string
  editable: boolean
  provider: PlatformLive['provider']
  synced: boolean
}) {
  const { t } = useI18n()
  const fragment = doc.getXmlFragment(amendmentRoot(amendmentId))
  const [hasText, setHasText] = useState(fragment.length > 0)
  useEffect(() => {
    const check = () => setHasText(fragment.length > 0)
    check()
    fragment.observe(check)
    return () => fragment.unobserve(check)
  }, [fragment])
  if (!hasText && !synced) {
    return (
      <p className="loading" aria-busy="true">
        {t('platform.loading')}
      </p>
    )
  }
  return <AmendmentEditor amendmentId={amendmentId} sectionId={sectionId} title={title} editable={editable && (hasText || synced)} provider={provider} />
}
