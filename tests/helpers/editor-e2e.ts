/** What the editor e2e files (tests/e2e/editor-*.test.ts) share: a page in one section, selecting a word, the stored section. */
import type { Page } from 'playwright-core'
import { sectionRoot } from '../../shared/documents.js'
import { editorOf, sectionOf, statusText, waitFor, type PlatformInfo, type TestBrowser } from './browser.js'
import { storedDoc } from './clients.js'
import type { RunningPlank } from './server.js'

const dialogs = new WeakMap<Page, string[]>()
/** Browser dialogs (prompt, alert, confirm) the page opened. */
export const dialogsSeen = (page: Page): string[] => [...(dialogs.get(page) ?? [])]

/** A section the facilitator may edit (open to all organizations, not locked). */
export function openSection(info: PlatformInfo): PlatformInfo['sections'][number] {
  const section = info.sections.find((s) => s.ownerOrgId === null && !s.locked) ?? info.sections.find((s) => !s.locked)
  if (!section) throw new Error('the sample platform has no editable section')
  return section
}

/** A page signed in with `cookie`, at the platform, with the section's editor mounted and saved. */
export async function pageAtSection(
  chromium: TestBrowser,
  plank: RunningPlank,
  cookie: string,
  platformId: string,
  sectionId: string,
  viewport?: { width: number; height: number },
): Promise<Page> {
  const { page } = await chromium.newPage({ cookie: { baseUrl: plank.url, cookie }, ...(viewport ? { viewport } : {}) })
  // The editor never calls window.prompt/alert/confirm: tests assert dialogsSeen(page) is empty.
  const seen: string[] = []
  dialogs.set(page, seen)
  page.on('dialog', (d) => {
    seen.push(`${d.type()}: ${d.message()}`)
    void d.dismiss()
  })
  await page.goto(`${plank.url}/p/${platformId}#${sectionId}`)
  await editorOf(page, sectionId).waitFor()
  await waitFor(async () => (await statusText(page)) === 'Saved', 'saved')
  return page
}

/** Replaces the section's text with one paragraph per line, typed by keyboard. */
export async function typeFreshText(page: Page, sectionId: string, lines: string[]): Promise<void> {
  const editor = editorOf(page, sectionId)
  await editor.click()
  await page.keyboard.press('Control+A')
  await page.keyboard.press('Backspace')
  // Whatever block was first stays; make it a plain paragraph again.
  await page.keyboard.press('Control+Alt+0')
  for (const [i, line] of lines.entries()) {
    if (i > 0) await page.keyboard.press('Enter')
    await page.keyboard.type(line, { delay: 5 })
  }
}

/** Double-clicks a word of the section's text, as a person selects it. */
export async function selectWord(page: Page, sectionId: string, word: string): Promise<void> {
  const point = await editorOf(page, sectionId).evaluate((root, w) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT)
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = new RegExp(`\\b${w}\\b`).exec(node.textContent ?? '')
      if (!at) continue
      const range = document.createRange()
      range.setStart(node, at.index)
      range.setEnd(node, at.index + w.length)
      const rect = range.getBoundingClientRect()
      return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 }
    }
    return null
  }, word)
  if (!point) throw new Error(`no word ${word} in the section`)
  await page.mouse.dblclick(point.x, point.y)
  await waitFor(() => page.evaluate((w) => window.getSelection()?.toString().trim() === w, word), `${word} selected`)
  // The browser's selection reaches ProseMirror on its own, a moment later (selectionchange): a key
  // pressed before that acts on the selection ProseMirror had.
  await waitFor(async () => (await editorSelection(page, sectionId)).text.trim() === word, `${word} selected in the editor`)
}

/** The editor's own selection (ProseMirror's state, not the browser's), and the marks at its start. */
export async function editorSelection(page: Page, sectionId: string): Promise<{ text: string; empty: boolean; marks: string[] }> {
  return editorOf(page, sectionId).evaluate((root) => {
    // Tiptap keeps its editor on the element it renders into.
    const state = (root as unknown as { editor: { state: import('@tiptap/pm/state').EditorState } }).editor.state
    const { from, to, empty, $from } = state.selection
    return { text: state.doc.textBetween(from, to), empty, marks: $from.marks().map((m) => m.type.name) }
  })
}

/** The section body as the server stored it (Y.XmlFragment as XML). */
export const storedSection = (plank: RunningPlank, sectionId: string): string =>
  storedDoc(plank.plank.store, plank.sample.platformId).getXmlFragment(sectionRoot(sectionId)).toString()

export const toolbarOf = (page: Page, sectionId: string) => sectionOf(page, sectionId).getByRole('toolbar')
