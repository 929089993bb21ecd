/**
 * The Tiptap extensions that define the section editor's schema (nodes, marks
 * and their attributes). The client's editor adds behaviour-only extensions
 * (collaboration, carets, comment highlights) on top; shared/editor-schema.ts
 * describes the resulting schema as plain data, checked against this list by
 * tests/unit/editor-schema.test.ts.
 */
import type { Extensions } from '@tiptap/core'
// Dependencies of @tiptap/starter-kit, same pinned version: its extensions one by one (see editorSchemaExtensions).
import { Blockquote } from '@tiptap/extension-blockquote'
import { Bold } from '@tiptap/extension-bold'
import { Code } from '@tiptap/extension-code'
import { CodeBlock } from '@tiptap/extension-code-block'
import { Document } from '@tiptap/extension-document'
import { HardBreak } from '@tiptap/extension-hard-break'
import { Heading } from '@tiptap/extension-heading'
import { HorizontalRule } from '@tiptap/extension-horizontal-rule'
import { Italic } from '@tiptap/extension-italic'
import { Link } from '@tiptap/extension-link'
import { BulletList, ListItem, ListKeymap, OrderedList } from '@tiptap/extension-list'
import { Paragraph } from '@tiptap/extension-paragraph'
import { Strike } from '@tiptap/extension-strike'
import { Text } from '@tiptap/extension-text'
import { Underline } from '@tiptap/extension-underline'
import { Dropcursor, Gapcursor } from '@tiptap/extensions'
import { isAllowedHref, LINK_REL, LINK_TARGET } from './editor-schema.js'
import { Table, TableCell, TableHeader, TableRow } from './table-nodes.js'

/**
 * A link holds only its href. Whatever a writer put into the document (target,
 * rel, class, title), it renders with the fixed target and rel and nothing
 * else, so an opened page never gets `window.opener` and no link can be styled.
 */
export const SafeLink = Link.extend({
  addAttributes() {
    return {
      href: {
        default: null,
        // Structural type: this file also compiles for the server, without DOM types.
        parseHTML: (element: { getAttribute(name: string): string | null }) => element.getAttribute('href'),
      },
    }
  },
  renderHTML({ HTMLAttributes }) {
    const href: unknown = HTMLAttributes.href
    return ['a', { href: isAllowedHref(href) ? href : '', target: LINK_TARGET, rel: LINK_REL }, 0]
  },
}).configure({
  openOnClick: false,
  autolink: true,
  defaultProtocol: 'https',
  HTMLAttributes: { target: LINK_TARGET, rel: LINK_REL, class: null },
  isAllowedUri: (url) => isAllowedHref(url),
})

/** The schema-defining extensions of the section editor. */
export function editorSchemaExtensions(): Extensions {
  return [
    // StarterKit's extensions in its order (the schema's node order, hence its default block, follows it), less
    // three: undo/redo (Yjs has its own; leaving it out also leaves prosemirror-history out of the first load), the
    // trailing node (it appends an empty paragraph after a list or heading on mere viewing: a write nobody made,
    // refused by the relay on read-only sections) and its link (SafeLink below).
    Bold,
    Blockquote,
    BulletList,
    Code,
    CodeBlock,
    Document,
    Dropcursor,
    Gapcursor,
    HardBreak,
    Heading.configure({ levels: [3, 4] }),
    HorizontalRule,
    Italic,
    ListItem,
    ListKeymap,
    OrderedList,
    Paragraph,
    Strike,
    Text,
    Underline,
    SafeLink,
    // Tables arrive by paste (Word, Google Docs, web pages): schema only (table-nodes.ts).
    Table,
    TableRow,
    TableHeader,
    TableCell,
  ]
}
