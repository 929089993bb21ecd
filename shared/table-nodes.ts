import { mergeAttributes, Node } from '@tiptap/core'

/**
 * Tables as the schema holds them, and nothing more: the nodes of
 * @tiptap/extension-table (same names, content, groups and HTML) without its
 * editing plugins. Tables arrive by paste and are edited as text in their
 * cells; there is no table editing UI, and the plugins (prosemirror-tables,
 * ~12 KB brotli) were most of what the platform page's first load could
 * drop. Cells keep their span and alignment only: column widths (Word and
 * Google Docs paste them in points and pixels) are dropped, so the page lays
 * the table out to its own width and the relay has one attribute fewer to
 * police.
 */
const cellAttributes = {
  colspan: { default: 1 },
  rowspan: { default: 1 },
  align: {
    default: null,
    parseHTML: (element: { getAttribute(name: string): string | null; style?: { textAlign?: string } }) => {
      const value = (element.style?.textAlign || element.getAttribute('align') || '').trim().toLowerCase()
      return value === 'left' || value === 'center' || value === 'right' ? value : null
    },
    renderHTML: (attributes: { align?: string | null }) => (attributes.align ? { style: `text-align: ${attributes.align}` } : {}),
  },
}

export const Table = Node.create({
  name: 'table',
  content: 'tableRow+',
  group: 'block',
  isolating: true,
  parseHTML: () => [{ tag: 'table' }],
  renderHTML: ({ HTMLAttributes }) => ['table', mergeAttributes(HTMLAttributes), ['tbody', 0]],
})

export const TableRow = Node.create({
  name: 'tableRow',
  content: '(tableCell | tableHeader)*',
  parseHTML: () => [{ tag: 'tr' }],
  renderHTML: ({ HTMLAttributes }) => ['tr', mergeAttributes(HTMLAttributes), 0],
})

/** A cell; an empty <td> gets the paragraph its content requires (ProseMirror's parser fills it). */
export const TableCell = Node.create({
  name: 'tableCell',
  content: 'block+',
  isolating: true,
  addAttributes: () => cellAttributes,
  parseHTML: () => [{ tag: 'td' }],
  renderHTML: ({ HTMLAttributes }) => ['td', mergeAttributes(HTMLAttributes), 0],
})

export const TableHeader = Node.create({
  name: 'tableHeader',
  content: 'block+',
  isolating: true,
  addAttributes: () => cellAttributes,
  parseHTML: () => [{ tag: 'th' }],
  renderHTML: ({ HTMLAttributes }) => ['th', mergeAttributes(HTMLAttributes), 0],
})
