/**
 * The platform as a Word document (issue 16, DOCX out), written with the
 * `docx` library from the same ProseMirror documents as the HTML and
 * Markdown exports (render.ts): title, a draft's watermark and header on
 * every page or the adopted text with its endorsements page, each section
 * under its title with its own headings, lists (nested, numbered from their
 * start), links (safe targets only: render.ts keeps no other), tables with
 * their header row and spans, quotes, code, rules, line breaks and every mark.
 */
import type { Node as PMNode } from '@tiptap/pm/model'
import {
  AlignmentType,
  BorderStyle,
  Document,
  ExternalHyperlink,
  Header,
  HeadingLevel,
  type ILevelsOptions,
  LevelFormat,
  Packer,
  Paragraph,
  type ParagraphChild,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  UnderlineType,
  WidthType,
} from 'docx'
import { TextWatermark } from 'docx/watermarks'
import { amendmentOutcome, type PublishedPlatform } from './export.js'
import type { ExportWords } from './export-words.js'
import { headingShift } from './render.js'

type Block = Paragraph | Table
type Heading = (typeof HeadingLevel)[keyof typeof HeadingLevel]

const HEADINGS: Heading[] = [
  HeadingLevel.HEADING_1,
  HeadingLevel.HEADING_2,
  HeadingLevel.HEADING_3,
  HeadingLevel.HEADING_4,
  HeadingLevel.HEADING_5,
  HeadingLevel.HEADING_6,
]
const headingOf = (level: number): Heading => HEADINGS[Math.min(6, Math.max(1, level)) - 1]!

const CODE_FONT = 'Courier New'
const CODE_SHADING = { type: ShadingType.CLEAR, fill: 'F2F2F2', color: 'auto' } as const
/** Word has nine list levels (0–8): deeper lists stay at the ninth. */
const MAX_LIST_LEVEL = 8
/** Text width of an A4/Letter page with the default margins, in twentieths of a point: tables share it out. */
const TEXT_WIDTH = 9000

/** An ordered list's `type` (HTML's <ol type>) as Word's number format. */
const ORDERED_FORMATS: Record<string, (typeof LevelFormat)[keyof typeof LevelFormat]> = {
  a: LevelFormat.LOWER_LETTER,
  A: LevelFormat.UPPER_LETTER,
  i: LevelFormat.LOWER_ROMAN,
  I: LevelFormat.UPPER_ROMAN,
}

const listIndent = (level: number) => ({ left: 720 * (level + 1), hanging: 360 })
const BULLETS = ['•', '◦', '▪']
const BULLET_REFERENCE = 'plank-bullets'

/** Where a block sits: inside how many quotes, at which list level, in a header cell and its alignment. */
interface Place {
  quotes: number
  /** The list level of the enclosing list item (-1: in no list). */
  list: number
  header: boolean
  align: (typeof AlignmentType)[keyof typeof AlignmentType] | undefined
}
const TOP: Place = { quotes: 0, list: -1, header: false, align: undefined }
const ALIGNMENTS: Record<string, Place['align']> = { left: AlignmentType.LEFT, center: AlignmentType.CENTER, right: AlignmentType.RIGHT }

/** What the marks of a text node make of its run. */
function runOptions(node: PMNode, place: Place) {
  const has = (name: string) => node.marks.some((m) => m.type.name === name)
  const code = has('code')
  // Only the marks present are set: a run that says "not bold" would override a style that is (a heading's).
  return {
    bold: has('bold') || place.header ? true : undefined,
    italics: has('italic') ? true : undefined,
    underline: has('underline') ? { type: UnderlineType.SINGLE } : undefined,
    strike: has('strike') ? true : undefined,
    font: code ? CODE_FONT : undefined,
    shading: code ? CODE_SHADING : undefined,
    style: node.marks.some((m) => m.type.name === 'link') ? 'Hyperlink' : undefined,
  }
}

/** Text runs, a line break in the text itself being one in Word too. */
function textRuns(text: string, options: ReturnType<typeof runOptions>): TextRun[] {
  return text.split(/\r\n|\r|\n/).map((line, i) => new TextRun({ ...options, text: line, break: i > 0 ? 1 : undefined }))
}

/** The inline content of a text block as runs; consecutive runs under one link are one hyperlink. */
function inlineRuns(block: PMNode, place: Place): ParagraphChild[] {
  const out: ParagraphChild[] = []
  let link: { href: string; runs: TextRun[] } | null = null
  const flush = () => {
    if (link) out.push(new ExternalHyperlink({ link: link.href, children: link.runs }))
    link = null
  }
  block.forEach((child) => {
    const runs = child.isText ? textRuns(child.text ?? '', runOptions(child, place)) : child.type.name === 'hardBreak' ? [new TextRun({ break: 1 })] : []
    // render.ts kept only links to safe targets, normalised.
    const href = child.marks.find((m) => m.type.name === 'link')?.attrs.href as string | undefined
    if (href === undefined) {
      flush()
      out.push(...runs)
    } else {
      if (link?.href !== href) flush()
      link ??= { href, runs: [] }
      link.runs.push(...runs)
    }
  })
  flush()
  return out
}

/** Writes a section's ProseMirror document as Word blocks, keeping the lists' numbering definitions. */
class DocxWriter {
  /** One numbering definition per ordered list, so each list counts from its own start. */
  readonly numbering: Array<{ reference: string; levels: ILevelsOptions[] }> = [
    {
      reference: BULLET_REFERENCE,
      levels: Array.from({ length: MAX_LIST_LEVEL + 1 }, (_, level) => ({
        level,
        format: LevelFormat.BULLET,
        text: BULLETS[level % BULLETS.length]!,
        alignment: AlignmentType.LEFT,
        style: { paragraph: { indent: listIndent(level) } },
      })),
    },
  ]

  /** The blocks of a section's text, its headings moved to sit under a title of `titleLevel`. */
  section(doc: PMNode, titleLevel: number): Block[] {
    return this.blocks(doc, TOP, headingShift(doc, titleLevel))
  }

  private orderedList(list: PMNode, level: number): string {
    const reference = `plank-list-${this.numbering.length}`
    const format = ORDERED_FORMATS[String(list.attrs.type)] ?? LevelFormat.DECIMAL
    // Word numbers from 0 up: an earlier start (the schema allows negative ones) starts at 0.
    const start = Math.max(0, Number(list.attrs.start ?? 1))
    this.numbering.push({
      reference,
      levels: Array.from({ length: MAX_LIST_LEVEL + 1 }, (_, l) => ({
        level: l,
        format: l === level ? format : LevelFormat.DECIMAL,
        text: `%${l + 1}.`,
        start: l === level ? start : 1,
        alignment: AlignmentType.LEFT,
        style: { paragraph: { indent: listIndent(l) } },
      })),
    })
    return reference
  }

  /** A paragraph's indentation and border from where it sits (quotes, list items). */
  private frame(place: Place) {
    const quote = place.quotes > 0 ? 720 * place.quotes : 0
    const list = place.list >= 0 ? listIndent(place.list).left : 0
    return {
      alignment: place.align,
      indent: quote + list > 0 ? { left: quote + list } : undefined,
      border: place.quotes > 0 ? { left: { style: BorderStyle.SINGLE, size: 12, color: '999999', space: 8 } } : undefined,
    }
  }

  private blocks(parent: PMNode, place: Place, shift: number): Block[] {
    const out: Block[] = []
    parent.forEach((node) => {
      out.push(...this.block(node, place, shift))
    })
    return out
  }

  private block(node: PMNode, place: Place, shift: number): Block[] {
    switch (node.type.name) {
      case 'paragraph':
        return [new Paragraph({ ...this.frame(place), children: inlineRuns(node, place) })]
      case 'heading':
        return [new Paragraph({ ...this.frame(place), heading: headingOf(Number(node.attrs.level) + shift), children: inlineRuns(node, place) })]
      case 'blockquote':
        return this.blocks(node, { ...place, quotes: place.quotes + 1 }, shift)
      case 'codeBlock':
        return [
          new Paragraph({
            ...this.frame(place),
            shading: CODE_SHADING,
            children: textRuns(node.textContent, { ...runOptions(node, place), font: CODE_FONT, shading: undefined }),
          }),
        ]
      case 'horizontalRule':
        return [new Paragraph({ ...this.frame(place), thematicBreak: true })]
      case 'bulletList':
      case 'orderedList':
        return this.list(node, place, shift)
      case 'table':
        return [this.table(node, place, shift)]
      default:
        // Only the schema's nodes reach here (render.ts); an inline one out of place shows as its text.
        return node.isTextblock || node.isInline ? [new Paragraph({ ...this.frame(place), children: textRuns(node.textContent, runOptions(node, place)) })] : []
    }
  }

  private list(list: PMNode, place: Place, shift: number): Block[] {
    const level = Math.min(MAX_LIST_LEVEL, place.list + 1)
    const reference = list.type.name === 'orderedList' ? this.orderedList(list, level) : BULLET_REFERENCE
    const out: Block[] = []
    list.forEach((item) => {
      let numbered = false
      item.forEach((child) => {
        // The item's first paragraph carries its bullet or number; what follows in the item is indented under it.
        if (!numbered && child.type.name === 'paragraph') {
          numbered = true
          out.push(new Paragraph({ ...this.frame({ ...place, list: -1 }), numbering: { reference, level }, children: inlineRuns(child, place) }))
        } else out.push(...this.block(child, { ...place, list: level }, shift))
      })
      if (!numbered) out.push(new Paragraph({ numbering: { reference, level }, children: [] }))
    })
    return out
  }

  private table(table: PMNode, place: Place, shift: number): Table {
    let columns = 0
    const rows: TableRow[] = []
    table.forEach((row) => {
      const cells: TableCell[] = []
      let width = 0
      row.forEach((cell) => {
        const header = cell.type.name === 'tableHeader'
        const content = this.blocks(cell, { ...TOP, header, align: ALIGNMENTS[String(cell.attrs.align)] }, shift)
        const columnSpan = Math.max(1, Number(cell.attrs.colspan) || 1)
        width += columnSpan
        cells.push(
          new TableCell({
            columnSpan,
            rowSpan: Math.max(1, Number(cell.attrs.rowspan) || 1),
            // A Word cell must hold a paragraph.
            children: content.length > 0 ? content : [new Paragraph({})],
          }),
        )
      })
      columns = Math.max(columns, width)
      const headerRow = row.childCount > 0 && row.content.content.every((c) => c.type.name === 'tableHeader')
      // A row with no cells (the schema allows it) has no place in Word: left out.
      if (cells.length > 0) rows.push(new TableRow({ tableHeader: headerRow, children: cells }))
    })
    const indent = place.quotes * 720 + (place.list >= 0 ? listIndent(place.list).left : 0)
    return new Table({
      rows: rows.length > 0 ? rows : [new TableRow({ children: [new TableCell({ children: [new Paragraph({})] })] })],
      width: { size: TEXT_WIDTH - indent, type: WidthType.DXA },
      columnWidths: Array.from({ length: Math.max(1, columns) }, () => Math.floor((TEXT_WIDTH - indent) / Math.max(1, columns))),
      indent: indent > 0 ? { size: indent, type: WidthType.DXA } : undefined,
    })
  }
}

/** A simple table of plain strings with a header row (the endorsements). */
function plainTable(header: string[], rows: string[][]): Table {
  const cell = (text: string, bold: boolean) => new TableCell({ children: [new Paragraph({ children: [new TextRun({ text, bold })] })] })
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: header.map(() => Math.floor(TEXT_WIDTH / header.length)),
    rows: [
      new TableRow({ tableHeader: true, children: header.map((h) => cell(h, true)) }),
      ...rows.map((r) => new TableRow({ children: r.map((c) => cell(c, false)) })),
    ],
  })
}

/** The platform as a .docx file. */
export async function platformDocx(p: PublishedPlatform, w: ExportWords): Promise<Buffer> {
  const writer = new DocxWriter()
  const generated = w.t('generated', { at: w.date(p.generatedAt) })
  const body: Block[] = [
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(p.title)] }),
    new Paragraph({
      children: p.draft
        ? [new TextRun({ text: w.t('draftStatus'), bold: true }), new TextRun(` ${generated}`)]
        : [new TextRun(`${w.t('adoptedStatus')} ${generated}`)],
    }),
  ]
  const columns = p.languages.length > 1
  for (const s of p.sections) {
    body.push(new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(s.title)] }))
    for (const t of s.texts) {
      // The bilingual edition: each language's text in turn, under its language's name and its title in it.
      if (columns) body.push(new Paragraph({ children: [new TextRun({ text: `${w.language(t.lang)}: ${t.title}`, bold: true, italics: true })] }))
      if (t.doc) body.push(...writer.section(t.doc, 1))
      else body.push(new Paragraph({ children: [new TextRun({ text: w.t('noTranslation', { language: w.language(t.lang) }), italics: true })] }))
    }
  }
  if (p.amendments.length > 0) {
    body.push(new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(w.t('amendments'))] }))
    for (const a of p.amendments) {
      body.push(
        new Paragraph({
          numbering: { reference: BULLET_REFERENCE, level: 0 },
          children: [new TextRun(w.t('amendmentLine', { section: a.section, title: a.title, outcome: amendmentOutcome(a, w) }))],
        }),
      )
    }
  }
  body.push(new Paragraph({ heading: HeadingLevel.HEADING_1, pageBreakBefore: true, children: [new TextRun(w.t('endorsements'))] }))
  for (const e of p.endorsements) {
    body.push(new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun(e.orgName)] }))
    body.push(
      plainTable(
        [w.t('section'), w.t('approvedByColumn'), w.t('whenColumn')],
        e.rows.map((r) => [r.section, r.by ? r.by + (r.current ? '' : ` ${w.t('earlierVersion')}`) : w.t('notApproved'), r.at ? w.date(r.at) : '—']),
      ),
    )
  }
  if (p.audit)
    body.push(
      new Paragraph({
        children: [new TextRun(w.t('auditLine', { count: p.audit.count, head: `${p.audit.count}:${p.audit.hash}`, platformId: p.audit.platformId }))],
      }),
    )

  // A draft says so on every page: Word's own watermark (its Design > Watermark) and the status in words in the header.
  const header = p.draft
    ? new Header({
        children: [
          new Paragraph({
            alignment: AlignmentType.CENTER,
            children: [
              new TextWatermark({ text: w.t('watermark'), color: 'C00000', opacity: 0.25 }),
              new TextRun({ text: w.t('draftStatus'), bold: true, color: 'B00000' }),
            ],
          }),
        ],
      })
    : new Header({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: p.title, color: '444444' })] })] })

  const document = new Document({
    creator: 'Plank',
    title: p.draft ? w.t('titleDraft', { title: p.title }) : p.title,
    styles: { default: { document: { run: { font: 'Georgia', size: 24 } } } },
    numbering: { config: writer.numbering },
    sections: [{ headers: { default: header }, children: body }],
  })
  return Packer.toBuffer(document)
}
