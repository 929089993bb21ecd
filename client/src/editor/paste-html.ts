/**
 * Clipboard HTML from Word, Google Docs and web pages, rewritten into the
 * plain structure the section schema parses (headings, paragraphs, lists,
 * tables, links and the bold/italic/underline/strike marks), before
 * ProseMirror parses it (transformPastedHTML, see paste-structure.ts).
 *
 * Why each step:
 * - Word writes list items as paragraphs (class MsoListParagraph…, style
 *   `mso-list:l0 level1 lfo1`) whose bullet or number is text in a
 *   `mso-list:Ignore` span: parsed as is they become paragraphs starting
 *   with "·". They are rebuilt as nested <ul>/<ol>.
 * - Google Docs wraps the whole fragment in <b style="font-weight:normal"
 *   id="docs-internal-guid-…"> and expresses every mark as a span style
 *   (font-weight:700, font-style:italic, text-decoration:underline): the
 *   wrapper is removed and the styles become <strong>/<em>/<u>/<s>.
 *   Its nested lists are <ul> directly inside <ul>: moved into the item before.
 * - Headings: the section title is the page's h2, so text headings are h3 and
 *   h4. The highest heading level in the paste becomes h3, every deeper one h4.
 * - Images, frames, videos and drawings cannot be held by the schema: they are
 *   removed and counted, so the person can be told.
 * - Every other attribute (styles, classes, ids, widths) is dropped, so
 *   nothing but the structure above reaches the parser.
 */

export interface CleanedPaste {
  html: string
  /** Images left out (img, picture, svg). */
  images: number
  /** Other embedded things left out (video, audio, frames, objects, canvases). */
  embeds: number
}

const IMAGE_TAGS = ['picture', 'img', 'svg']
const EMBED_TAGS = ['video', 'audio', 'iframe', 'object', 'embed', 'canvas']
/** Not content: removed without a word. */
const SILENT_TAGS = ['script', 'style', 'meta', 'link', 'title', 'template', 'noscript', 'head']
const BLOCK_TAGS = new Set(['P', 'DIV', 'TABLE', 'UL', 'OL', 'LI', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'BLOCKQUOTE', 'PRE', 'TR', 'TD', 'TH', 'HR'])
/** Attributes kept per tag; all others go. */
const KEPT_ATTRIBUTES: Record<string, readonly string[]> = {
  A: ['href'],
  TD: ['colspan', 'rowspan', 'align'],
  TH: ['colspan', 'rowspan', 'align'],
  OL: ['start'],
}

export function cleanPastedHtml(html: string): CleanedPaste {
  const doc = new DOMParser().parseFromString(html, 'text/html')
  const body = doc.body
  const { images, embeds } = removeLeftOut(body)
  unwrapGoogleDocsWrapper(body)
  blockBreaksToParagraphs(body)
  removeWordNoise(body)
  convertWordLists(body)
  nestStrayLists(body)
  mapHeadings(body)
  stylesToMarks(body)
  keepOnlyStructure(body)
  return { html: body.innerHTML, images, embeds }
}

function removeLeftOut(body: HTMLElement): { images: number; embeds: number } {
  let images = 0
  let embeds = 0
  for (const tag of SILENT_TAGS) for (const el of [...body.querySelectorAll(tag)]) el.remove()
  // A picture holds its img: counted once, as the outer element, then removed with it.
  for (const tag of IMAGE_TAGS) {
    for (const el of [...body.querySelectorAll(tag)]) {
      if (!el.isConnected) continue
      images++
      el.remove()
    }
  }
  for (const tag of EMBED_TAGS) {
    for (const el of [...body.querySelectorAll(tag)]) {
      if (!el.isConnected) continue
      embeds++
      el.remove()
    }
  }
  return { images, embeds }
}

function unwrap(el: Element): void {
  el.replaceWith(...el.childNodes)
}

function rename(el: Element, tag: string): HTMLElement {
  const next = el.ownerDocument.createElement(tag)
  for (const attr of [...el.attributes]) next.setAttribute(attr.name, attr.value)
  next.append(...el.childNodes)
  el.replaceWith(next)
  return next
}

function unwrapGoogleDocsWrapper(body: HTMLElement): void {
  for (const el of [...body.querySelectorAll('b[id^="docs-internal-guid"]')]) unwrap(el)
}

/**
 * A <br> between blocks (Google Docs writes one per empty line) is an empty
 * paragraph, not a paragraph holding a line break (twice as tall); Chrome's
 * own end-of-copy marker is nothing.
 */
function blockBreaksToParagraphs(body: HTMLElement): void {
  for (const br of [...body.querySelectorAll('br.Apple-interchange-newline')]) br.remove()
  for (const br of [...body.children].filter((el) => el.tagName === 'BR')) br.replaceWith(body.ownerDocument.createElement('p'))
}

/** Word's <o:p> (an empty-paragraph placeholder) and its Title paragraph (a heading). */
function removeWordNoise(body: HTMLElement): void {
  for (const el of [...body.getElementsByTagName('o:p')]) {
    if ((el.textContent ?? '').replace(/[\s\u00a0]/g, '') === '') el.remove()
    else unwrap(el)
  }
  for (const el of [...body.querySelectorAll('p.MsoTitle')]) rename(el, 'h1')
}

interface WordItem {
  paragraph: HTMLElement
  list: string
  level: number
  ordered: boolean
  start: number | null
}

const ORDERED_MARKER = /^\(?([0-9]+|[a-zA-Z]|[ivxlcdmIVXLCDM]+)[.)]/

function wordItem(el: Element): WordItem | null {
  if (el.tagName !== 'P') return null
  const style = el.getAttribute('style') ?? ''
  const m = /mso-list:\s*(l\d+)\s+level(\d+)/i.exec(style)
  if (!m && !/^MsoListParagraph/i.test(el.getAttribute('class') ?? '')) return null
  const markerSpan = [...el.querySelectorAll('span')].find((s) => /mso-list:\s*ignore/i.test(s.getAttribute('style') ?? ''))
  const marker = (markerSpan?.textContent ?? '').replace(/[\s\u00a0]/g, '')
  markerSpan?.remove()
  const ordered = ORDERED_MARKER.test(marker)
  const number = /^\(?(\d+)[.)]/.exec(marker)
  return {
    paragraph: el as HTMLElement,
    list: m?.[1] ?? 'l?',
    level: m ? Math.max(1, Number(m[2])) : 1,
    ordered,
    start: number ? Number(number[1]) : null,
  }
}

/** The element siblings after `el` that belong to the same run (whitespace and comments skipped). */
function nextElementInRun(el: Element): Element | null {
  let node = el.nextSibling
  while (node && node.nodeType !== 1) {
    if (node.nodeType === 3 && (node.textContent ?? '').trim() !== '') return null
    node = node.nextSibling
  }
  return node as Element | null
}

function convertWordLists(body: HTMLElement): void {
  const doc = body.ownerDocument
  const handled = new Set<Element>()
  for (const first of [...body.querySelectorAll('p')]) {
    if (handled.has(first)) continue
    const firstItem = wordItem(first)
    if (!firstItem) continue
    const run: WordItem[] = [firstItem]
    handled.add(first)
    for (let next = nextElementInRun(first); next; next = nextElementInRun(next)) {
      const item = wordItem(next)
      if (!item) break
      handled.add(next)
      run.push(item)
    }
    const newList = (item: WordItem): HTMLElement => {
      const list = doc.createElement(item.ordered ? 'ol' : 'ul')
      if (item.ordered && item.start !== null && item.start !== 1) list.setAttribute('start', String(item.start))
      return list
    }
    const roots: HTMLElement[] = []
    let stack: Array<{ level: number; list: HTMLElement }> = []
    for (const item of run) {
      // A new top-level list when the kind or Word's list id changes at the top.
      const top = stack[0]
      if (!top || (item.level <= top.level && (top.list.tagName === 'OL') !== item.ordered)) {
        const root = newList(item)
        roots.push(root)
        stack = [{ level: item.level, list: root }]
      }
      while (stack.length > 1 && item.level < stack[stack.length - 1]!.level) stack.pop()
      while (item.level > stack[stack.length - 1]!.level) {
        const current = stack[stack.length - 1]!
        let parentItem = current.list.lastElementChild as HTMLElement | null
        if (!parentItem) {
          parentItem = doc.createElement('li')
          current.list.append(parentItem)
        }
        const nested = newList(item)
        parentItem.append(nested)
        stack.push({ level: current.level + 1, list: nested })
      }
      const li = doc.createElement('li')
      const p = doc.createElement('p')
      p.append(...item.paragraph.childNodes)
      li.append(p)
      stack[stack.length - 1]!.list.append(li)
    }
    first.before(...roots)
    for (const item of run) item.paragraph.remove()
  }
}

/** <ul> or <ol> directly inside a list (Google Docs' nesting) goes into the item before it. */
function nestStrayLists(body: HTMLElement): void {
  for (const list of [...body.querySelectorAll('ul > ul, ul > ol, ol > ul, ol > ol')]) {
    const before = list.previousElementSibling
    if (before?.tagName === 'LI') before.append(list)
    else {
      const li = list.ownerDocument.createElement('li')
      list.replaceWith(li)
      li.append(list)
    }
  }
}

function mapHeadings(body: HTMLElement): void {
  const headings = [...body.querySelectorAll('h1, h2, h3, h4, h5, h6')]
  const levels = [...new Set(headings.map((h) => Number(h.tagName[1])))].sort((a, b) => a - b)
  for (const h of headings) rename(h, levels.indexOf(Number(h.tagName[1])) === 0 ? 'h3' : 'h4')
}

const hasBlockChild = (el: Element): boolean => [...el.children].some((c) => BLOCK_TAGS.has(c.tagName))

/** Marks written as styles (Google Docs spans, web pages) become the tags the schema parses. */
function stylesToMarks(body: HTMLElement): void {
  const doc = body.ownerDocument
  for (const el of [...body.querySelectorAll<HTMLElement>('[style]')]) {
    if (hasBlockChild(el)) continue
    const style = el.style
    const weight = style.fontWeight
    const decoration = `${style.textDecorationLine} ${style.textDecoration}`
    const wrappers: string[] = []
    if (weight === 'bold' || weight === 'bolder' || Number(weight) >= 600) wrappers.push('strong')
    if (style.fontStyle === 'italic' || style.fontStyle === 'oblique') wrappers.push('em')
    // Links are underlined by the page already; Google Docs styles their spans underlined.
    if (decoration.includes('underline') && !el.closest('a')) wrappers.push('u')
    if (decoration.includes('line-through')) wrappers.push('s')
    if ((el.tagName === 'TD' || el.tagName === 'TH') && ['left', 'center', 'right'].includes(style.textAlign)) {
      el.setAttribute('align', style.textAlign)
    }
    // Bold written as font-weight:normal on a <b> (not a mark) is plain text.
    if (el.tagName === 'B' && (weight === 'normal' || Number(weight) < 600)) {
      unwrap(el)
      continue
    }
    if (wrappers.length === 0) continue
    let inner: HTMLElement = el
    for (const tag of wrappers) {
      const wrapper = doc.createElement(tag)
      wrapper.append(...inner.childNodes)
      inner.append(wrapper)
      inner = wrapper
    }
  }
}

function keepOnlyStructure(body: HTMLElement): void {
  for (const el of [...body.querySelectorAll('*')]) {
    const kept = KEPT_ATTRIBUTES[el.tagName] ?? []
    for (const attr of [...el.attributes]) if (!kept.includes(attr.name)) el.removeAttribute(attr.name)
    const align = el.getAttribute('align')
    if (align !== null && !['left', 'center', 'right'].includes(align.toLowerCase())) el.removeAttribute('align')
  }
}
