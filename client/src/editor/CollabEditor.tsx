import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react'
import { EditorContent, useEditor, type Editor } from '@tiptap/react'
import Collaboration from '@tiptap/extension-collaboration'
import type { WebsocketProvider } from 'y-websocket'
import { commentRoot, type CommentPlace } from '../../../shared/documents.js'
import { editorSchemaExtensions } from '../../../shared/editor-extensions.js'
import { textColorOn } from '../colors.js'
import { CommentEditorAddon, commentExtensions } from '../comments/EditorAddon.js'
import { SectionCarets } from '../platform/carets.js'
import { linkEditorPart } from '../platform/lazy-parts.js'
import { readOnlyMirror } from '../platform/mirror.js'
import { useLazyPart } from '../shell/lazy-part.js'
import { linkTargetOf, type LinkTarget } from './link-target.js'
import { LinkShortcut } from './link-shortcut.js'
import { MarkdownHeadings } from './markdown-shortcuts.js'
import { PasteNotice } from './PasteNotice.js'
import { PasteStructure, type LeftOut } from './paste-structure.js'
import { Toolbar } from './Toolbar.js'
import { UndoByWord } from './undo-grouping.js'

interface Props {
  /** The text shown: a section's own, or an amendment's proposed text (of that section). */
  place: CommentPlace
  /** The title the toolbar names. */
  title: string
  /** The text box's accessible name. */
  label: string
  /** Classes of the text box (`section-text`, and the amendment's own). */
  className: string
  editable: boolean
  provider: WebsocketProvider
  /** Presence's key for carets and "who is here": the section's id, or the amendment's root. */
  presenceKey: string
  /** Called on each edit typed here (not on remote ones). */
  onLocalEdit?: () => void
  /** Shown under the toolbar while editable (a section's approved-edit warning). */
  notice?: (editor: Editor) => ReactNode
}

/** A remote caret in the person's colour, its label black or white for contrast. */
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

/**
 * The one Tiptap editor of Plank's texts, bound to its root of the platform's
 * Y.Doc: the sections' schema, toolbar, shortcuts, paste rules, link editor,
 * carets and comments. A reader's editor is bound to a mirror of the
 * document, so it can never write to the live one.
 */
export function CollabEditor({ place, title, label, className, editable, provider, presenceKey, onLocalEdit, notice }: Props) {
  const box = useRef<HTMLDivElement>(null)
  const [linkTarget, setLinkTarget] = useState<LinkTarget | null>(null)
  const [leftOut, setLeftOut] = useState<LeftOut | null>(null)
  // The editor's extensions are built once; these reach the current component through refs.
  const openLinkRef = useRef<() => void>(() => {})
  const localEditRef = useRef(onLocalEdit)
  localEditRef.current = onLocalEdit
  const root = commentRoot(place)
  const boundDoc = editable ? provider.doc : readOnlyMirror(provider.doc)
  const attributes = { 'aria-label': label, role: 'textbox', 'aria-multiline': 'true', 'aria-readonly': editable ? 'false' : 'true', class: className }
  const editor = useEditor(
    {
      extensions: [
        ...editorSchemaExtensions(),
        Collaboration.configure({ document: boundDoc, field: root }),
        ...commentExtensions(boundDoc, place),
        SectionCarets.configure({ awareness: provider.awareness, sectionId: presenceKey, render: renderCaret }),
        MarkdownHeadings,
        UndoByWord,
        LinkShortcut.configure({ open: () => openLinkRef.current() }),
        // Reported after the paste's transaction, not during it (a React update inside ProseMirror's dispatch).
        PasteStructure.configure({ onLeftOut: (what) => queueMicrotask(() => setLeftOut({ ...what })) }),
      ],
      editable,
      editorProps: { attributes },
      onFocus: () => provider.awareness.setLocalStateField('sectionId', presenceKey),
      onUpdate: ({ transaction }) => {
        if (transaction.docChanged && !transaction.getMeta('y-sync$')) localEditRef.current?.()
      },
    },
    // A new editor when write access changes: it binds to the live document or the mirror.
    [root, presenceKey, provider, boundDoc],
  )

  useEffect(() => {
    if (editor && editor.isEditable !== editable) editor.setEditable(editable)
  }, [editor, editable])

  // biome-ignore lint/correctness/useExhaustiveDependencies: attributes is rebuilt from label, className and editable, which are listed
  useEffect(() => {
    editor?.setOptions({ editorProps: { attributes } })
  }, [editor, label, className, editable])

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
      {editor && editable && notice ? notice(editor) : null}
      <EditorContent editor={editor} />
      {editor && editable && linkTarget && linkForm ? (
        <linkForm.LinkEditor key={`${linkTarget.from}-${linkTarget.to}`} editor={editor} target={linkTarget} onClose={closeLink} />
      ) : null}
      <PasteNotice leftOut={leftOut} onDone={() => setLeftOut(null)} />
      <CommentEditorAddon editor={editor} place={place} doc={boundDoc} />
    </div>
  )
}
