import { useEffect, useMemo, useState } from 'react'
import { sectionRoot } from '../../../shared/documents.js'
import { CloseCode } from '../../../shared/protocol.js'
import { useI18n } from '../i18n/index.js'
import { useSession } from '../session.js'
import { SignInScreen } from '../account/SignInScreen.js'
import { PlatformConnection } from '../platform/connection.js'
import { useConnectionState, useGov } from '../platform/hooks.js'
import { StaticText } from '../platform/StaticText.js'
import { OrgBadge } from '../badges.js'
import { runningSession, useServerOffset, useSessions } from './model.js'
import { Countdown, itemTitle } from './parts.js'
import './sessions.css'

/** `/p/<id>/projector`: the room's screen — read-only, large type, the current section and the session bar. */
export function ProjectorPage({ platformId }: { platformId: string }) {
  const { t } = useI18n()
  const { session } = useSession()
  const personId = session.kind === 'signedIn' ? session.info.person.id : null
  const [connection, setConnection] = useState<PlatformConnection | null>(null)
  useEffect(() => {
    if (personId === null) return
    const c = new PlatformConnection(platformId)
    setConnection(c)
    return () => c.destroy()
  }, [platformId, personId])
  if (session.kind === 'loading') return <p className="loading page">{t('platform.loading')}</p>
  if (session.kind === 'signedOut') return <SignInScreen embedded expired={session.expired} />
  if (!connection) return null
  return <Projector key={platformId} connection={connection} />
}

function Projector({ connection }: { connection: PlatformConnection }) {
  const { t } = useI18n()
  const { expire } = useSession()
  const state = useConnectionState(connection)
  const gov = useGov(connection.doc)
  const session = runningSession(useSessions(connection.doc))
  const offset = useServerOffset()
  const sectionTitles = useMemo(() => new Map(gov.sections.map((s) => [s.id, s.title])), [gov.sections])
  useEffect(() => {
    if (state.closedCode === CloseCode.Unauthenticated) expire()
  }, [state.closedCode, expire])
  useEffect(() => {
    document.title = `${t('sessions.projector.title')} — ${gov.platform?.title ?? ''} — ${t('app.name')}`
  }, [t, gov.platform])

  const current = session?.currentItem ?? null
  const item = session && current !== null ? session.agenda[current] : undefined
  // The current item's section, or else the section the facilitator brought everyone to.
  const sectionId = item?.sectionId ?? session?.follow.sectionId ?? null
  const section = sectionId ? gov.sections.find((s) => s.id === sectionId) : undefined
  const speaker = session?.speaker ? gov.people.find((p) => p.id === session.speaker?.personId) : undefined
  const speakerOrg = session?.speaker?.orgId ? gov.organizations.find((o) => o.id === session.speaker?.orgId) : undefined
  const penHolder = session?.pen ? gov.people.find((p) => p.id === session.pen?.personId) : undefined

  return (
    <div className="projector">
      <header className="projector-bar" aria-label={t('sessions.bar.label')}>
        {session && current !== null ? (
          <>
            <div className="projector-item">
              <p className="projector-session">
                {session.title} · {t('sessions.bar.item', { number: current + 1, total: session.agenda.length })}
              </p>
              <p className="projector-item-title">{itemTitle(session, current, sectionTitles)}</p>
            </div>
            <Countdown session={session} offset={offset} large />
            <div className="projector-speaking">
              <p className="projector-speaker">
                {speaker ? (
                  <>
                    {t('sessions.projector.speaker', { name: speaker.name })} {speakerOrg ? <OrgBadge org={speakerOrg} /> : null}
                  </>
                ) : (
                  t('sessions.queue.noSpeaker')
                )}
              </p>
              <p className="projector-queue">{t('sessions.projector.queue', { count: session.queue.length })}</p>
              {penHolder ? <p className="projector-pen">{t('sessions.pen.badge', { name: penHolder.name })}</p> : null}
            </div>
          </>
        ) : (
          <p className="projector-none">{t('sessions.projector.none')}</p>
        )}
      </header>
      <main id="main" className="projector-main" tabIndex={-1}>
        {section ? (
          <article className="projector-section" data-section-id={section.id} aria-labelledby="projector-section-title">
            <h1 id="projector-section-title">{section.title}</h1>
            <StaticText fragment={connection.doc.getXmlFragment(sectionRoot(section.id))} emptyText={t('section.empty')} />
          </article>
        ) : (
          <h1 className="projector-waiting">{gov.platform ? (item?.title ?? t('sessions.projector.waiting')) : t('platform.loading')}</h1>
        )}
      </main>
    </div>
  )
}
