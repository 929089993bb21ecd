import { historyEn } from '../i18n/history.js'
import { registerEnglish } from '../i18n/index.js'
import { AppHeader } from '../AppHeader.js'
import { platformPath } from '../routes.js'
import { PlatformShell } from '../shell/PlatformShell.js'
import { LoadingScreen } from '../shell/screens.js'
import { ConnectionBanners } from '../shell/status.js'
import { PlatformTimeline } from './PlatformTimeline.js'
import { SectionHistory } from './SectionHistory.js'
import './history.css'

registerEnglish(historyEn)

/**
 * The history view (issue 16): the platform's timeline, or one section's
 * versions. Inside the PlatformShell for the live `gov` (names, organization
 * colours, who may restore); it never writes the document, so nothing is kept
 * on this device.
 */
export function HistoryPage({ platformId, sectionId }: { platformId: string; sectionId: string | null }) {
  return (
    <PlatformShell platformId={platformId} persist={false}>
      {(live) => {
        const header = <AppHeader title={live.gov.platform?.title ?? null} titleHref={platformPath(platformId)} membership={live.membership} />
        if (live.gov.platform === null) return <LoadingScreen header={header} />
        return (
          <>
            {header}
            <ConnectionBanners state={live.state} />
            <main id="main" className="page history-page" tabIndex={-1}>
              {sectionId === null ? <PlatformTimeline live={live} /> : <SectionHistory key={sectionId} live={live} sectionId={sectionId} />}
            </main>
          </>
        )
      }}
    </PlatformShell>
  )
}
