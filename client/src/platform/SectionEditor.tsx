import { useEffect, useRef, type ReactNode } from 'react'
import { EditorContent, useEditor, useEditorState, type Editor } from '@tiptap/react'
import Collaboration from '@tiptap/extension-collaboration'
import type { WebsocketProvider } from 'y-websocket'
import { sectionRoot } from '../../../shared/documents.js'
import { editorSchemaExtensions } from '../../../shared/editor-extensions.js'
import { isAllowedHref } from '../../../shared/editor-schema.js'
import { useI18n } from '../i18n/index.js'
import { textColorOn } from '../colors.js'
import type { PresenceUser } from './hooks.js'
import { CommentEditorAddon, commentExtensions } from '../comments/EditorAddon.js'
import { SectionCarets } from './carets.js'
import { readOnlyMirror } from './mirror.js'

/** lastActive is announced at most this often while typing. */
const ACTIVITY_THROTTLE_MS = 10_000

interface Props {
  sectionId: string
  title: string
  editable: boolean
  provider: WebsocketProvider
  user: PresenceUser
}

function renderCaret(user: { name?: unknown; color?: unknown }): HTMLElement {
  const color = typeof user.color === 'string' && /^#[0-9a-fA-F]{6}$/.test(user.color) ? user.color : '#37474f'
  const caret = document.createElement('span')
  caret.classList.add('collaboration-carets__caret')
  caret.style.borderColor = color
  const label = document.createElement('div')
  label.classList.add('collaboration-carets__label')
  label.style.backgroundColor = color
  label.style.color = textColorOn(color)
  label.textContent = typeof user.name === 'string' ? user.name : ''
  caret.append(label)
  return caret
}

export function SectionEditor({ sectionId, title, editable, provider, user }: Props) {
  const { t } = useI18n()
  const lastActivity = useRef(0)
  // A reader's editor is bound to a mirror of the document: it can never write to the live one.
  const boundDoc = editable ? provider.doc : readOnlyMirror(provider.doc)
  const editor = useEditor(
    {
      extensions: [
        ...editorSchemaExtensions(),
        Collaboration.configure({ document: boundDoc, field: sectionRoot(sectionId) }),
        ...commentExtensions(boundDoc, sectionId),
        SectionCarets.configure({ awareness: provider.awareness, sectionId, render: renderCaret }),
      ],
      editable,
      editorProps: {
        attributes: {
          'aria-label': t('section.textLabel', { title }),
          role: 'textbox',
          'aria-multiline': 'true',
          class: 'section-text',
        },
      },
      onFocus: () => {
        provider.awareness.setLocalStateField('sectionId', sectionId)
      },
      onUpdate: ({ transaction }) => {
        if (!transaction.docChanged || transaction.getMeta('y-sync$')) return
        const now = Date.now()
        if (now - lastActivity.current >= ACTIVITY_THROTTLE_MS) {
          lastActivity.current = now
          provider.awareness.setLocalStateField('lastActive', now)
        }
      },
    },
    // A new editor when write access changes: it binds to the live document or the mirror.
    [sectionId, provider, boundDoc],
  )

  useEffect(() => {
    if (editor && editor.isEditable !== editable) editor.setEditable(editable)
  }, [editor, editable])

  useEffect(() => {
    if (!editor) return
    editor.setOptions({
      editorProps: {
        attributes: {
          'aria-label': t('section.textLabel', { title }),
          role: 'textbox',
          'aria-multiline': 'true',
          'aria-readonly': editable ? 'false' : 'true',
          class: 'section-text',
        },
      },
    })
  }, [editor, t, title, editable])

  return (
    <div className="editor">
      {editor && editable ? <Toolbar editor={editor} title={title} /> : null}
      <EditorContent editor={editor} />
      <CommentEditorAddon editor={editor} sectionId={sectionId} doc={boundDoc} />
    </div>
  )
}

function Toolbar({ editor, title }: { editor: Editor; title: string }) {
  const { t } = useI18n()
  const state = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      bold: e.isActive('bold'),
      italic: e.isActive('italic'),
      heading: e.isActive('heading', { level: 3 }),
      bulletList: e.isActive('bulletList'),
      orderedList: e.isActive('orderedList'),
      link: e.isActive('link'),
    }),
  })
  const chain = () => editor.chain().focus()
  const onLink = () => {
    if (state.link) {
      chain().extendMarkRange('link').unsetLink().run()
      return
    }
    const previous = (editor.getAttributes('link').href as string | undefined) ?? 'https://'
    const url = window.prompt(t('toolbar.linkPrompt'), previous)
    if (url === null || url.trim() === '') return
    if (!isAllowedHref(url.trim())) {
      window.alert(t('toolbar.linkInvalid'))
      return
    }
    chain().extendMarkRange('link').setLink({ href: url.trim() }).run()
  }
  const buttons: Array<{ key: string; label: string; pressed: boolean; glyph: ReactNode; action: () => void }> = [
    { key: 'b', label: t('toolbar.bold'), pressed: state.bold, glyph: 'B', action: () => chain().toggleBold().run() },
    { key: 'i', label: t('toolbar.italic'), pressed: state.italic, glyph: 'I', action: () => chain().toggleItalic().run() },
    { key: 'h', label: t('toolbar.heading'), pressed: state.heading, glyph: 'H', action: () => chain().toggleHeading({ level: 3 }).run() },
    { key: 'ul', label: t('toolbar.bulletList'), pressed: state.bulletList, glyph: '•', action: () => chain().toggleBulletList().run() },
    { key: 'ol', label: t('toolbar.orderedList'), pressed: state.orderedList, glyph: '1.', action: () => chain().toggleOrderedList().run() },
    { key: 'a', label: state.link ? t('toolbar.unlink') : t('toolbar.link'), pressed: state.link, glyph: <LinkIcon />, action: onLink },
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
    <svg width="16" height="16" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" strokeLinejoin="round" focusable="false" style={{ verticalAlign: '-3px' }}>
      <path d="M10 13a5 5 0 0 0 7.5.5l3-3a5 5 0 0 0-7-7l-1.7 1.7" />
      <path d="M14 11a5 5 0 0 0-7.5-.5l-3 3a5 5 0 0 0 7 7l1.7-1.7" />
    </svg>
  )
}
