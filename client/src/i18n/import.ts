/**
 * The messages of the import from a Word or Markdown file (issue 16, item 6),
 * English: on the home page (a new platform) and in Settings → Sections (more
 * sections). Registered by client/src/import/ImportPanel.tsx; Spanish ships
 * whole, in es-catalog.ts.
 */
export const importEn = {
  'import.open': 'Import from Word or Markdown',
  'import.title': 'Import from Word or Markdown',
  'import.intro':
    'Turn a Word (.docx) or Markdown (.md) draft into a platform: each heading of the level you choose becomes a section, the text under it its text. You see the sections before anything is created.',
  'import.appendTitle': 'Import sections from Word or Markdown',
  'import.appendIntro':
    'Add sections at the end of this platform from a Word (.docx) or Markdown (.md) file: each heading of the level you choose becomes a section, open to every organization until you choose its owner.',
  'import.file': 'File (.docx or .md, at most {max} MB)',
  'import.level': 'Sections start at headings of level',
  'import.levelOption': 'Heading {level}',
  'import.previewButton': 'Show the sections',
  'import.noFile': 'Choose a file first.',
  'import.uploading': 'Reading {file}…',
  'import.previewTitle': 'What will be created',
  'import.previewAppendTitle': 'What will be added',
  'import.summary': '{sections, plural, one {# section} other {# sections}}, {words, plural, one {# word} other {# words}}, from {file}.',
  'import.platformTitle': 'Title of the new platform',
  'import.intro.badge': 'text before the first heading',
  'import.words': '{words, plural, one {# word} other {# words}}',
  'import.emptySection': '(no text: the heading alone)',
  'import.owners': 'Every section starts open, with no owner: you choose the owners afterwards in Settings → Sections.',
  'import.confirm': 'Create the platform',
  'import.confirmAppend': 'Add {sections, plural, one {# section} other {# sections}}',
  'import.confirming': 'Creating…',
  'import.cancel': 'Cancel',
  'import.tryLevel': 'Use level {level}',
  'import.added': '{sections, plural, one {# section was added} other {# sections were added}} at the end of the platform.',
  'import.titleRequired': 'Give the platform a title.',
}
