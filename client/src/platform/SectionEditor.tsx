import { useCallback, useEffect, useRef, useState } from 'react'
import { EditorContent, useEditor } from '@tiptap/react'
import Collaboration from '@tiptap/extension-collaboration'
import type { WebsocketProvider } from 'y-websocket'
import { sectionRoot } from '../../../shared/documents.js'
import { editorSchemaExtensions } from '../../../shared/editor-extensions.js'
import { useI18n } from '../i18n/index.js'
import { textColorOn } from '../colors.js'
import { CommentEditorAddon, commentExtensions } from '../comments/EditorAddon.js'
import { SectionCarets } from './carets.js'
import { readOnlyMirror } from './mirror.js'
import { Toolbar } from '../editor/Toolbar.js'
import { linkTargetOf, type LinkTarget } from '../editor/link-target.js'
import { useLazyPart } from '../shell/lazy-part.js'
import { linkEditorPart } from './lazy-parts.js'
import { LinkShortcut } from '../editor/link-shortcut.js'
import { MarkdownHeadings } from '../editor/markdown-shortcuts.js'
import { UndoByWord } from '../editor/undo-grouping.js'
import { PasteStructure, type LeftOut } from '../editor/paste-structure.js'
import { PasteNotice } from '../editor/PasteNotice.js'
import { ApprovedEditWarning } from '../signoff/ApprovedEditWarning.js'

/** lastActive is announced at most this often while typing. */
const ACTIVITY_THROTTLE_MS = 10_000

interface Props {
  sectionId: string
  title: string
  editable: boolean
  provider: WebsocketProvider
}

/** A remote caret in the person's colour, its label black or white for contrast (the amendment editor draws the same). */
export function renderCaret(user: { name?: unknown; color?: unknown }): HTMLElement {
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

export function SectionEditor({ sectionId, title, editable, provider }: Props) {
  const { t } = useI18n()
  const lastActivity = useRef(0)
  const box = useRef<HTMLDivElement>(null)
  const [linkTarget, setLinkTarget] = useState<LinkTarget | null>(null)
  const [leftOut, setLeftOut] = useState<LeftOut | null>(null)
  // The editor's extensions are built once; these reach the current component through refs.
  const openLinkRef = useRef<() => void>(() => {})
  // A reader's editor is bound to a mirror of the document: it can never write to the live one.
  const boundDoc = editable ? provider.doc : readOnlyMirror(provider.doc)
  const editor = useEditor(
    {
      extensions: [
        ...editorSchemaExtensions(),
        Collaboration.configure({ document: boundDoc, field: sectionRoot(sectionId) }),
        ...commentExtensions(boundDoc, sectionId),
        SectionCarets.configure({ awareness: provider.awareness, sectionId, render: renderCaret }),
        MarkdownHeadings,
        UndoByWord,
        LinkShortcut.configure({ open: () => openLinkRef.current() }),
        // Reported after the paste's transaction, not during it (a React update inside ProseMirror's dispatch).
        PasteStructure.configure({ onLeftOut: (what) => queueMicrotask(() => setLeftOut({ ...what })) }),
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

  const openLink = useCallback(() => {
    if (!editor || !box.current) return
    setLinkTarget(linkTargetOf(editor, box.current.getBoundingClientRect()))
  }, [editor])
  openLinkRef.current = openLink
  const closeLink = useCallback(() => setLinkTarget(null), [])
  // The form's code arrives on first use (or was preloaded when idle); until then the text keeps its selection.
  const linkForm = useLazyPart(linkEditorPart, linkTarget !== null)
  // Going back to the text (a click, a tab) closes an open link editor, as Escape does.
  useEffect(() => {
    if (!editor) return
    editor.on('focus', closeLink)
    return () => {
      editor.off('focus', closeLink)
    }
  }, [editor, closeLink])

  return (
    <div className="editor" ref={box}>
      {editor && editable ? <Toolbar editor={editor} title={title} onLink={openLink} /> : null}
      {editor && editable ? <ApprovedEditWarning editor={editor} sectionId={sectionId} provider={provider} /> : null}
      <EditorContent editor={editor} />
      {editor && editable && linkTarget && linkForm ? (
        <linkForm.LinkEditor key={`${linkTarget.from}-${linkTarget.to}`} editor={editor} target={linkTarget} onClose={closeLink} />
      ) : null}
      <PasteNotice leftOut={leftOut} onDone={() => setLeftOut(null)} />
      <CommentEditorAddon editor={editor} sectionId={sectionId} doc={boundDoc} />
    </div>
  )
}
