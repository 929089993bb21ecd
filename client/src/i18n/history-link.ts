/**
 * The ways into the history view (issue 16) that the platform page shows
 * itself: a section's History link and the platform's timeline link. Kept
 * apart from the view's own messages (history.ts), which load with its chunk.
 */
export const historyLinkEn = {
  'history.link': 'History',
  'history.linkLabel': 'History of {title}',
  'history.platformLink': 'Platform history',
}
