/**
 * The Tiptap extensions that define the section editor's schema (nodes, marks
 * and their attributes). The client's editor adds behaviour-only extensions
 * (collaboration, carets, comment highlights) on top; shared/editor-schema.ts
 * describes the resulting schema as plain data, checked against this list by
 * tests/unit/editor-schema.test.ts.
 */
import type { Extensions } from '@tiptap/core'
import StarterKit from '@tiptap/starter-kit'
// A dependency of @tiptap/starter-kit, same pinned version.
import { Link } from '@tiptap/extension-link'
import { isAllowedHref, LINK_REL, LINK_TARGET } from './editor-schema.js'

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
    StarterKit.configure({
      undoRedo: false,
      // It appends an empty paragraph after a list or heading on mere viewing:
      // a write nobody made, refused by the relay on read-only sections.
      trailingNode: false,
      heading: { levels: [3, 4] },
      link: false,
    }),
    SafeLink,
  ]
}
