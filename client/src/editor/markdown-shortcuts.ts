/**
 * Markdown shortcuts StarterKit does not give this editor. StarterKit's own
 * input rules already turn `- `, `1. `, `> `, `**bold**` and `*italic*` into
 * lists, quotes and marks; its heading rule only knows `### ` and `#### `,
 * because section headings start at level 3 (the section title is the h2).
 * People type `# ` and `## ` out of habit (Notion, Google Docs): they become
 * the first and second heading levels this editor has.
 */
import { Extension, textblockTypeInputRule } from '@tiptap/core'

/** The heading levels the section editor offers (shared/editor-extensions.ts). */
const FIRST_LEVEL = 3

export const MarkdownHeadings = Extension.create({
  name: 'markdownHeadings',

  addInputRules() {
    const heading = this.editor.schema.nodes.heading
    if (!heading) return []
    return [1, 2].map((hashes) =>
      textblockTypeInputRule({
        find: new RegExp(`^(#{${hashes}})\\s$`),
        type: heading,
        getAttributes: { level: FIRST_LEVEL + hashes - 1 },
      }),
    )
  },
})
