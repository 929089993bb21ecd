/**
 * The session bar's details (speaking queue, checks, the pen), hidden until
 * "Show details": a chunk of their own, fetched when first shown or when the
 * page is idle (client/src/platform/lazy-parts.ts). The bar's top row (hand,
 * open checks) is in HandControl.tsx and OpenPolls.tsx, with the page.
 */
export { SpeakingQueue } from './SpeakingQueue.js'
export { PollsPanel } from './PollsPanel.js'
export { PenPanel } from './PenPanel.js'
