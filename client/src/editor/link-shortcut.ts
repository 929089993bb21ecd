/**
 * Ctrl/Cmd+K opens the inline link editor (LinkEditor.tsx), as in Google Docs
 * and Notion. While it is open, the text it will link stays highlighted (the
 * browser's own selection goes away when the address field takes the focus).
 */
import { Extension } from '@tiptap/core'
import { Plugin, PluginKey } from '@tiptap/pm/state'
import { Decoration, DecorationSet } from '@tiptap/pm/view'

export interface LinkShortcutOptions {
  open: () => void
}

export const linkTargetKey = new PluginKey<DecorationSet>('linkTarget')

export const LinkShortcut = Extension.create<LinkShortcutOptions>({
  name: 'linkShortcut',

  addOptions() {
    return { open: () => {} }
  },

  addKeyboardShortcuts() {
    return {
      'Mod-k': () => {
        if (!this.editor.isEditable) return false
        this.options.open()
        return true
      },
    }
  },

  addProseMirrorPlugins() {
    return [
      new Plugin<DecorationSet>({
        key: linkTargetKey,
        state: {
          init: () => DecorationSet.empty,
          apply(tr, set) {
            // Meta: the range to highlight, or null to clear.
            const range = tr.getMeta(linkTargetKey) as { from: number; to: number } | null | undefined
            if (range === null) return DecorationSet.empty
            if (range)
              return range.from < range.to
                ? DecorationSet.create(tr.doc, [Decoration.inline(range.from, range.to, { class: 'link-target' })])
                : DecorationSet.empty
            return set.map(tr.mapping, tr.doc)
          },
        },
        props: { decorations: (state) => linkTargetKey.getState(state) },
      }),
    ]
  },
})
