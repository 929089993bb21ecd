/**
 * Paste keeps structure (issue 13): clipboard HTML is rewritten by
 * cleanPastedHtml before ProseMirror parses it, and whatever had to be left
 * out (images, frames, videos) is reported, so the editor can say so.
 * The cleanup (paste-html.ts) is a chunk of its own, not needed to read and
 * type: preloaded when the page is idle, or fetched by the first paste of HTML.
 */
import { Extension } from '@tiptap/core'
import { Plugin, PluginKey } from '@tiptap/pm/state'
import { pasteCleanupPart } from '../platform/lazy-parts.js'

export interface LeftOut {
  images: number
  embeds: number
}

export interface PasteStructureOptions {
  /** Called after a paste that left something out. */
  onLeftOut: (leftOut: LeftOut) => void
}

export const PasteStructure = Extension.create<PasteStructureOptions>({
  name: 'pasteStructure',

  addOptions() {
    return { onLeftOut: () => {} }
  },

  addProseMirrorPlugins() {
    const { onLeftOut } = this.options
    return [
      new Plugin({
        key: new PluginKey('pasteStructure'),
        props: {
          handleDOMEvents: {
            // ProseMirror parses a paste at once, and the cleanup has not arrived yet: this paste waits for it (a
            // moment), then goes through ProseMirror's own paste as if it had just happened.
            paste(view, event) {
              if (pasteCleanupPart.current || !view.editable) return false
              const html = event.clipboardData?.getData('text/html') ?? ''
              if (html === '') return false
              event.preventDefault()
              const paste = () => {
                if (!view.isDestroyed) view.pasteHTML(html)
              }
              // Fetch failed (offline before it was ever kept): pasted without the cleanup rather than lost.
              pasteCleanupPart.load().then(paste, paste)
              return true
            },
          },
          transformPastedHTML(html) {
            const cleanup = pasteCleanupPart.current
            if (!cleanup) return html
            const cleaned = cleanup.cleanPastedHtml(html)
            if (cleaned.images > 0 || cleaned.embeds > 0) onLeftOut({ images: cleaned.images, embeds: cleaned.embeds })
            return cleaned.html
          },
        },
      }),
    ]
  },
})
