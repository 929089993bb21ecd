import { Component, lazy, Suspense, type ComponentType, type ReactNode } from 'react'
import { useI18n } from '../i18n/index.js'
import { LoadingScreen, NarrowPage } from './screens.js'
import { ReloadBanner } from './status.js'

/**
 * A screen whose code is fetched when it is first shown (its own chunk), so
 * that opening a platform loads only the platform page. `pick` names the
 * export; React.lazy wants a default export.
 */
export function lazyScreen<Props extends object, Module>(load: () => Promise<Module>, pick: (module: Module) => ComponentType<Props>): ComponentType<Props> {
  return lazy(async () => ({ default: pick(await load()) }))
}

/** The screen could not be fetched: offline before it was ever kept, or a deploy replaced its chunk. */
function ScreenLoadFailed() {
  const { t } = useI18n()
  return (
    <NarrowPage>
      <h1>{t('app.screenLoadFailed.title')}</h1>
      <ReloadBanner message={t('app.screenLoadFailed.body')} />
    </NarrowPage>
  )
}

class LoadBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false }
  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true }
  }
  override render() {
    return this.state.failed ? <ScreenLoadFailed /> : this.props.children
  }
}

/**
 * Shows a lazy screen: the shell's loading screen while its code arrives, the
 * reload banner if it cannot. `screenKey` starts over (a fresh boundary) when
 * the route changes, so a failure on one screen does not stick to the next.
 */
export function LazyScreen({ screenKey, children }: { screenKey: string; children: ReactNode }) {
  return (
    <LoadBoundary key={screenKey}>
      <Suspense fallback={<LoadingScreen />}>{children}</Suspense>
    </LoadBoundary>
  )
}
