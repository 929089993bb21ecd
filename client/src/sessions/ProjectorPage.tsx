import { useEffect, useMemo } from 'react'
import { sectionRoot } from '../../../shared/documents.js'
import { useI18n } from '../i18n/index.js'
import { PlatformShell, type PlatformLive } from '../shell/PlatformShell.js'
import { ConnectionBanners } from '../shell/status.js'
import { StaticText } from '../platform/StaticText.js'
import { OrgBadge } from '../badges.js'
import { runningSession, useServerOffset, useSessions } from './model.js'
import { Countdown, itemTitle } from './parts.js'
import { openPollsOf, PollResults } from './OpenPolls.js'
import './sessions.css'
import './sessions-pages.css'

/** `/p/<id>/projector`: the room's screen — read-only, large type, the current section and the session bar (inside the PlatformShell). */
export function ProjectorPage({ platformId }: { platformId: string }) {
  return <PlatformShell platformId={platformId}>{(live) => <Projector live={live} />}</PlatformShell>
}

function Projector({ live }: { live: PlatformLive }) {
  const { t } = useI18n()
  const { doc, state, gov } = live
  const session = runningSession(useSessions(doc))
  const offset = useServerOffset()
  const sectionTitles = useMemo(() => new Map(gov.sections.map((s) => [s.id, s.title])), [gov.sections])
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
      {/* biome-ignore lint/a11y/useAriaPropsSupportedByRole: a top-level <header> is the page's banner landmark, which takes a label */}
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
      <ConnectionBanners state={state} />
      <main id="main" className="projector-main" tabIndex={-1}>
        {section ? (
          <article className="projector-section" data-section-id={section.id} aria-labelledby="projector-section-title">
            <h1 id="projector-section-title">{section.title}</h1>
            <StaticText fragment={doc.getXmlFragment(sectionRoot(section.id))} emptyText={t('section.empty')} />
          </article>
        ) : (
          <h1 className="projector-waiting">{gov.platform ? (item?.title ?? t('sessions.projector.waiting')) : t('platform.loading')}</h1>
        )}
        {session
          ? openPollsOf(session).map((poll) => (
              <section key={poll.id} className="projector-poll" data-poll-id={poll.id} aria-labelledby={`projector-poll-${poll.id}`}>
                <h2 id={`projector-poll-${poll.id}`}>
                  {t('sessions.projector.poll')}: <span className="projector-poll-question">{poll.question}</span>
                </h2>
                <p className="projector-poll-count">{t('sessions.poll.answers', { count: Object.keys(poll.answers).length })}</p>
                <PollResults poll={poll} gov={gov} />
              </section>
            ))
          : null}
      </main>
    </div>
  )
}
