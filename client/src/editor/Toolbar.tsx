import type { ReactNode } from 'react'
import { useEditorState, type Editor } from '@tiptap/react'
import { useI18n } from '../i18n/index.js'
import { LineIcon } from '../icons.js'

interface Props {
  editor: Editor
  title: string
  /** Opens the inline link editor (LinkEditor.tsx). */
  onLink: () => void
}

/**
 * The section's formatting toolbar. It sits above the text, in the flow (never
 * over it), and its buttons keep the editor's selection: mousedown is
 * prevented, so clicking B bolds the selected word instead of moving the caret.
 */
export function Toolbar({ editor, title, onLink }: Props) {
  const { t } = useI18n()
  const state = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      bold: e.isActive('bold'),
      italic: e.isActive('italic'),
      underline: e.isActive('underline'),
      heading: e.isActive('heading', { level: 3 }),
      bulletList: e.isActive('bulletList'),
      orderedList: e.isActive('orderedList'),
      link: e.isActive('link'),
    }),
  })
  const chain = () => editor.chain().focus()
  const buttons: Array<{ key: string; label: string; pressed: boolean; glyph: ReactNode; shortcut?: string; action: () => void }> = [
    { key: 'b', label: t('toolbar.bold'), pressed: state.bold, glyph: 'B', shortcut: 'Control+B', action: () => chain().toggleBold().run() },
    { key: 'i', label: t('toolbar.italic'), pressed: state.italic, glyph: 'I', shortcut: 'Control+I', action: () => chain().toggleItalic().run() },
    {
      key: 'u',
      label: t('toolbar.underline'),
      pressed: state.underline,
      glyph: 'U',
      shortcut: 'Control+U',
      action: () => chain().toggleUnderline().run(),
    },
    { key: 'h', label: t('toolbar.heading'), pressed: state.heading, glyph: 'H', action: () => chain().toggleHeading({ level: 3 }).run() },
    { key: 'ul', label: t('toolbar.bulletList'), pressed: state.bulletList, glyph: '•', action: () => chain().toggleBulletList().run() },
    { key: 'ol', label: t('toolbar.orderedList'), pressed: state.orderedList, glyph: '1.', action: () => chain().toggleOrderedList().run() },
    {
      key: 'a',
      label: state.link ? t('toolbar.editLink') : t('toolbar.link'),
      pressed: state.link,
      glyph: <LinkIcon />,
      shortcut: 'Control+K',
      action: onLink,
    },
  ]
  return (
    <div className="toolbar" role="toolbar" aria-label={t('toolbar.label', { title })}>
      {buttons.map((b) => (
        <button
          key={b.key}
          type="button"
          className={`toolbar-button toolbar-${b.key}`}
          title={b.label}
          aria-pressed={b.pressed}
          aria-keyshortcuts={b.shortcut}
          // Keeps the focus and the selection in the text (as Google Docs' and Tiptap's toolbars do).
          onMouseDown={(e) => e.preventDefault()}
          onClick={b.action}
        >
          <span aria-hidden="true">{b.glyph}</span>
          <span className="visually-hidden">{b.label}</span>
        </button>
      ))}
    </div>
  )
}

function LinkIcon() {
  return (
    <LineIcon size={16} strokeWidth={2.2} style={{ verticalAlign: '-3px' }}>
      <path d="M10 13a5 5 0 0 0 7.5.5l3-3a5 5 0 0 0-7-7l-1.7 1.7" />
      <path d="M14 11a5 5 0 0 0-7.5-.5l-3 3a5 5 0 0 0 7 7l1.7-1.7" />
    </LineIcon>
  )
}
