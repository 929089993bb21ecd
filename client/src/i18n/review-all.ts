/**
 * Messages of the one-pass review ("Review all sections"), English first;
 * merged into the catalogs in index.tsx; the Spanish half is review-all-es.ts (fetched with the Spanish catalog).
 */
export const reviewAllEn = {
  'reviewAll.link': 'Review all sections',
  'reviewAll.title': 'Review all sections',
  'reviewAll.intro': 'You decide for {org}, one section at a time, on the text exactly as shown.',
  'reviewAll.back': 'Back to sign-off',
  'reviewAll.refused': 'Only board representatives review the platform, each for their own organization.',
  'reviewAll.keys.title': 'Keyboard:',
  'reviewAll.keys.next': 'next section',
  'reviewAll.keys.previous': 'previous section',
  'reviewAll.keys.approve': 'approve',
  'reviewAll.keys.comment': 'write a comment',
  'reviewAll.keys.or': 'or',
  'reviewAll.filter': 'Only sections needing my review',
  'reviewAll.nav': 'Sections to review',
  'reviewAll.previous': 'Previous',
  'reviewAll.next': 'Next',
  'reviewAll.position': '{n} of {m}',
  'reviewAll.announce': 'Section {n} of {m}: {title}',
  'reviewAll.comment': 'Comment (required to request changes)',
  'reviewAll.approve': 'Approve',
  'reviewAll.requestChanges': 'Request changes',
  'reviewAll.recorded.approve': 'Approved “{title}”.',
  'reviewAll.recorded.changes': 'Changes requested on “{title}”.',
  'reviewAll.allDone': 'No other section needs your organization’s review.',
  'reviewAll.nothingNeeding': 'No section needs your organization’s review: each has its decision on the current text.',
}
