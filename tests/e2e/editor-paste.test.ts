import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Locator, Page } from 'playwright-core'
import { e2eWorld } from '../helpers/e2e-setup.js'
import { artifactPath, editorOf, expectNoSeriousViolations, sectionOf, type PlatformInfo } from '../helpers/browser.js'
import { openSection, pageAtSection, storedSection, typeFreshText } from '../helpers/editor-e2e.js'

/**
 * Issue 13: paste from Word, Google Docs and web pages keeps structure. Each
 * fixture (tests/fixtures/paste/) is clipboard HTML as those programs put it
 * on the clipboard; the test pastes it into a section as Chromium delivers a
 * paste (a ClipboardEvent carrying a DataTransfer with text/html) and checks
 * the document the editor made, what it said was left out, and what the
 * server stored.
 */
let section: PlatformInfo['sections'][number]

const world = e2eWorld({ closeContextsAfterEach: true })
beforeAll(() => {
  section = openSection(world.info)
})

const fixture = (name: string) => readFileSync(resolve('tests/fixtures/paste', name), 'utf8')

async function pasteInto(page: Page, html: string, sectionId = section.id): Promise<void> {
  await typeFreshText(page, sectionId, [''])
  await editorOf(page, sectionId).evaluate((el, data) => {
    const transfer = new DataTransfer()
    transfer.setData('text/html', data)
    transfer.setData('text/plain', new DOMParser().parseFromString(data, 'text/html').body.textContent ?? '')
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }))
  }, html)
}

const texts = (l: Locator) => l.allTextContents()
/** The section's paste notice (a live region; the section has others, e.g. the sign-off message). */
const noticeOf = (page: Page) => sectionOf(page, section.id).locator('.paste-notice[role="status"]')

async function open(): Promise<{ page: Page; editor: Locator }> {
  const page = await pageAtSection(world.chromium, world.plank, world.mayaCookie, world.info.id, section.id)
  return { page, editor: editorOf(page, section.id) }
}

describe('pasting keeps structure', () => {
  it('Word: headings, marks, a link, bulleted (nested) and numbered lists from list paragraphs, a table; the image is left out and said so', async () => {
    const { page, editor } = await open()
    await pasteInto(page, fixture('word-platform.html'))
    await expect.poll(() => texts(editor.locator('h3'))).toEqual(['Affordable housing'])
    expect(await texts(editor.locator('h4'))).toEqual(['Our demands'])
    expect(await texts(editor.locator('strong'))).toEqual(['binding', 'Measure', 'Yearly cost'])
    expect(await texts(editor.locator('em'))).toEqual(['public'])
    expect(await texts(editor.locator('u'))).toEqual(['cooperative'])
    expect(await editor.locator('a').getAttribute('href')).toBe('https://example.org/housing-report')
    expect(await texts(editor.locator('a'))).toEqual(['housing report'])
    // Word's list paragraphs are real lists, nested by level, without their "·" and "o" markers as text.
    expect(await texts(editor.locator(':scope > ul > li > p'))).toEqual(['Rent caps tied to inflation', 'Public land for cooperatives'])
    expect(await texts(editor.locator('ul > li > ul > li'))).toEqual(['Reviewed every year'])
    expect(await texts(editor.locator('ol > li'))).toEqual(['Freeze evictions', 'Open the waiting list'])
    expect(await editor.textContent()).not.toMatch(/[·§]/)
    expect(await texts(editor.locator('table td'))).toEqual(['Measure', 'Yearly cost', 'Rent caps', '£2.1 million'])
    expect(await editor.locator('img').count()).toBe(0)
    await expect.poll(() => noticeOf(page).textContent()).toBe('1 image was left out. Sections hold text, lists, links and tables only.')

    await expect
      .poll(() => storedSection(world.plank, section.id))
      .toContain('<tablecell colspan="1" rowspan="1"><paragraph>£2.1 million</paragraph></tablecell>')
    const stored = storedSection(world.plank, section.id)
    expect(stored).toContain('<heading level="3">Affordable housing</heading>')
    expect(stored).toContain(
      '<bulletlist><listitem><paragraph>Rent caps tied to inflation</paragraph><bulletlist><listitem><paragraph>Reviewed every year</paragraph></listitem></bulletlist></listitem>',
    )
    expect(stored).toContain('<orderedlist start="1"><listitem><paragraph>Freeze evictions</paragraph></listitem>')
    expect(stored).toContain('<link href="https://example.org/housing-report">housing report</link>')
    await page.screenshot({ path: artifactPath('editor-paste-word.png'), fullPage: false })
    await expectNoSeriousViolations(page)
  })

  it('Google Docs: the docs-internal-guid wrapper does not bold everything; span styles become bold, italic and underline; nested lists; a table', async () => {
    const { page, editor } = await open()
    await pasteInto(page, fixture('google-docs-platform.html'))
    await expect.poll(() => texts(editor.locator('h3'))).toEqual(['Public transit'])
    expect(await texts(editor.locator('h4'))).toEqual(['Routes'])
    expect(await editor.locator('p').first().textContent()).toBe('Fares should be free for students and seniors, as the transit study shows.')
    // Only what Docs made bold is bold: the word and the table's header cells.
    expect(await texts(editor.locator('strong'))).toEqual(['free', 'Line', 'Riders per day'])
    expect(await texts(editor.locator('em'))).toEqual(['students'])
    // The link's own underline is the link's, not an underline mark.
    expect(await texts(editor.locator('u'))).toEqual(['seniors'])
    expect(await texts(editor.locator('a'))).toEqual(['transit study'])
    expect(await editor.locator('a').getAttribute('href')).toBe('https://example.org/transit-study')
    expect(await texts(editor.locator(':scope > ul > li > p'))).toEqual(['Night buses', 'Protected bike lanes'])
    expect(await texts(editor.locator('ul > li > ul > li'))).toEqual(['Every 20 minutes'])
    expect(await texts(editor.locator('ol > li'))).toEqual(['Survey riders', 'Publish the timetable'])
    expect(await texts(editor.locator('table td'))).toEqual(['Line', 'Riders per day', 'N4', '1,240'])
    // Docs' <br> between the lists and the table are empty paragraphs, not line breaks.
    expect(await editor.locator('br:not(.ProseMirror-trailingBreak)').count()).toBe(0)
    await expect.poll(() => noticeOf(page).textContent()).toBe('1 image was left out. Sections hold text, lists, links and tables only.')

    await expect.poll(() => storedSection(world.plank, section.id)).toContain('<paragraph>1,240</paragraph>')
    const stored = storedSection(world.plank, section.id)
    expect(stored).toContain('<paragraph>Fares should be <bold>free</bold> for <italic>students</italic> and <underline>seniors</underline>, as the ')
    expect(stored).toContain('<link href="https://example.org/transit-study">transit study</link>')
    expect(stored).toContain('<table><tablerow><tablecell colspan="1" rowspan="1"><paragraph><bold>Line</bold></paragraph></tablecell>')
    await page.screenshot({ path: artifactPath('editor-paste-google-docs.png'), fullPage: false })
    await expectNoSeriousViolations(page)
  })

  it('a web page: header cells, spans and alignment kept; the picture and the video frame left out; an unsafe link loses its address', async () => {
    const { page, editor } = await open()
    await pasteInto(page, fixture('web-page.html'))
    await expect.poll(() => texts(editor.locator('h3'))).toEqual(['Library hours'])
    expect(await texts(editor.locator('strong'))).toEqual(['until 9 pm'])
    expect(await texts(editor.locator('em'))).toEqual(['noon'])
    expect(await texts(editor.locator('table th'))).toEqual(['Branch', 'Closes'])
    expect(await texts(editor.locator('table td'))).toEqual(['Central', '21:00', 'Holidays: closed'])
    expect(await editor.locator('table td').nth(2).getAttribute('colspan')).toBe('2')
    expect(await editor.locator('a').count()).toBe(1)
    expect(await editor.locator('a').getAttribute('href')).toBe('https://example.org/libraries')
    expect(await editor.locator('a').getAttribute('class')).toBeNull()
    expect(await editor.textContent()).toContain('Questions? Write to us.')
    expect(await editor.locator('img, iframe, picture').count()).toBe(0)
    await expect
      .poll(() => noticeOf(page).textContent())
      .toBe('1 image was left out. 1 embedded item (video, frame or drawing) was left out. Sections hold text, lists, links and tables only.')

    await expect.poll(() => storedSection(world.plank, section.id)).toContain('Holidays: closed')
    const stored = storedSection(world.plank, section.id)
    expect(stored).toContain('<tableheader colspan="1" rowspan="1"><paragraph>Branch</paragraph></tableheader>')
    expect(stored).toMatch(/<tablecell (align="right" colspan="1"|colspan="1" [^>]*align="right")[^>]*><paragraph>21:00<\/paragraph>/)
    expect(stored).toContain('<tablecell colspan="2" rowspan="1"><paragraph>Holidays: closed</paragraph></tablecell>')
    expect(stored).not.toContain('javascript:')
  })

  it('a pasted table is drawn as a table where a section is shown without its editor (below the fold)', async () => {
    const last = world.info.sections[world.info.sections.length - 1]!
    const writer = await pageAtSection(world.chromium, world.plank, world.mayaCookie, world.info.id, last.id)
    await pasteInto(writer, fixture('web-page.html'), last.id)
    await expect.poll(() => storedSection(world.plank, last.id)).toContain('Holidays: closed')
    const { page } = await world.chromium.newPage({ cookie: { baseUrl: world.plank.url, cookie: world.mayaCookie } })
    await page.goto(`${world.plank.url}/p/${world.info.id}`)
    const staticText = sectionOf(page, last.id).locator('.static-text')
    await expect.poll(() => staticText.locator('table th').allTextContents()).toEqual(['Branch', 'Closes'])
    expect(await staticText.locator('table td').allTextContents()).toEqual(['Central', '21:00', 'Holidays: closed'])
    expect(await staticText.locator('table td').nth(2).getAttribute('colspan')).toBe('2')
    expect(await editorOf(page, last.id).count()).toBe(0)
  })
})
