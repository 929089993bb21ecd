import { useCallback, useEffect, useRef, useState } from 'react'
import { EditorContent, useEditor } from '@tiptap/react'
import Collaboration from '@tiptap/extension-collaboration'
import type { WebsocketProvider } from 'y-websocket'
import { amendmentRoot } from '../../../shared/documents.js'
import { editorSchemaExtensions } from '../../../shared/editor-extensions.js'
import { useI18n } from '../i18n/index.js'
import { renderCaret } from '../platform/SectionEditor.js'
import { SectionCarets } from '../platform/carets.js'
import { readOnlyMirror } from '../platform/mirror.js'
import { Toolbar } from '../editor/Toolbar.js'
import { linkTargetOf, type LinkTarget } from '../editor/link-target.js'
import { useLazyPart } from '../shell/lazy-part.js'
import { linkEditorPart } from '../platform/lazy-parts.js'
import { LinkShortcut } from '../editor/link-shortcut.js'
import { MarkdownHeadings } from '../editor/markdown-shortcuts.js'
import { UndoByWord } from '../editor/undo-grouping.js'
import { PasteStructure, type LeftOut } from '../editor/paste-structure.js'
import { PasteNotice } from '../editor/PasteNotice.js'

interface Props {
  amendmentId: string
  title: string
  editable: boolean
  provider: WebsocketProvider
}

/**
 * The amendment's proposed text: a Tiptap editor on the root `amend:<id>`,
 * with the sections' schema, toolbar and shortcuts. Those the policy table
 * does not let write it get the read-only mirror, as for others' sections.
 * Carets are shared under the root's name (presence's `sectionId`), so only
 * people in this amendment see each other here.
 */
export function AmendmentEditor({ amendmentId, title, editable, provider }: Props) {
  const { t } = useI18n()
  const box = useRef<HTMLDivElement>(null)
  const [linkTarget, setLinkTarget] = useState<LinkTarget | null>(null)
  const [leftOut, setLeftOut] = useState<LeftOut | null>(null)
  const openLinkRef = useRef<() => void>(() => {})
  const root = amendmentRoot(amendmentId)
  const boundDoc = editable ? provider.doc : readOnlyMirror(provider.doc)
  const attributes = {
    'aria-label': t('amendments.editorLabel', { title }),
    role: 'textbox',
    'aria-multiline': 'true',
    'aria-readonly': editable ? 'false' : 'true',
    class: 'section-text amendment-text',
  }
  const editor = useEditor(
    {
      extensions: [
        ...editorSchemaExtensions(),
        Collaboration.configure({ document: boundDoc, field: root }),
        SectionCarets.configure({ awareness: provider.awareness, sectionId: root, render: renderCaret }),
        MarkdownHeadings,
        UndoByWord,
        LinkShortcut.configure({ open: () => openLinkRef.current() }),
        PasteStructure.configure({ onLeftOut: (what) => queueMicrotask(() => setLeftOut({ ...what })) }),
      ],
      editable,
      editorProps: { attributes },
      onFocus: () => provider.awareness.setLocalStateField('sectionId', root),
    },
    // A new editor when write access changes: it binds to the live document or the mirror.
    [root, provider, boundDoc],
  )

  useEffect(() => {
    if (editor && editor.isEditable !== editable) editor.setEditable(editable)
  }, [editor, editable])

  // biome-ignore lint/correctness/useExhaustiveDependencies: attributes is rebuilt from t, title and editable, which are listed
  useEffect(() => {
    editor?.setOptions({ editorProps: { attributes } })
  }, [editor, t, title, editable])

  const openLink = useCallback(() => {
    if (!editor || !box.current) return
    setLinkTarget(linkTargetOf(editor, box.current.getBoundingClientRect()))
  }, [editor])
  openLinkRef.current = openLink
  const closeLink = useCallback(() => setLinkTarget(null), [])
  const linkForm = useLazyPart(linkEditorPart, linkTarget !== null)
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
      <EditorContent editor={editor} />
      {editor && editable && linkTarget && linkForm ? (
        <linkForm.LinkEditor key={`${linkTarget.from}-${linkTarget.to}`} editor={editor} target={linkTarget} onClose={closeLink} />
      ) : null}
      <PasteNotice leftOut={leftOut} onDone={() => setLeftOut(null)} />
    </div>
  )
}
