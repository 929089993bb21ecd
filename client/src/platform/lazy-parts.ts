import { lazyPart, type LazyPart } from '../shell/lazy-part.js'

/**
 * The platform page's pieces that are not needed to read and type, each a
 * chunk of its own (issue 13's first-load budget): fetched on first use, or
 * when the page is idle after it became editable (PlatformPage).
 */
export const findBarPart = lazyPart(() => import('./FindReplace.js'))
export const linkEditorPart = lazyPart(() => import('../editor/LinkEditor.js'))
export const reviewPart = lazyPart(() => import('../signoff/ReviewPanel.js'))
export const diffPart = lazyPart(() => import('../signoff/DiffView.js'))
export const inboxPanelPart = lazyPart(() => import('../comments/InboxPanel.js'))
export const pasteCleanupPart = lazyPart(() => import('../editor/paste-html.js'))
export const sessionPanelsPart = lazyPart(() => import('../sessions/SessionPanels.js'))

/** In the order they are preloaded: the likeliest first. */
export const PLATFORM_PARTS: readonly LazyPart<unknown>[] = [
  findBarPart,
  pasteCleanupPart,
  linkEditorPart,
  inboxPanelPart,
  reviewPart,
  diffPart,
  sessionPanelsPart,
]
