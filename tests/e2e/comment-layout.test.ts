import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { sectionRoot } from '../../shared/documents.js'
import { encodeAnchor } from '../../shared/section-text.js'
import { storedDoc } from '../helpers/clients.js'
import { e2eWorld } from '../helpers/e2e-setup.js'
import { apiAs, artifactPath, editorOf, personNamed, sectionOf, signInThroughDemoPanel } from '../helpers/browser.js'
import { expectNoAxeViolations } from '../helpers/axe-any-impact.js'

/**
 * Issue 13, "Comment layout": opening a thread neither widens the section's
 * card nor reflows its text; no stray Comment button over the text after
 * opening a thread from the inbox; resolved threads are folded until asked;
 * the inbox and the margin write the same date the same way.
 */

const world = e2eWorld()

/** Maya comments on characters [from, from + length) of a section's first paragraph; returns the thread's id. */
async function comment(sectionId: string, from: number, length: number, body: string, mentionIds: string[] = []): Promise<string> {
  const doc = storedDoc(world.plank.plank.store, world.info.id)
  const paragraph = doc
    .getXmlFragment(sectionRoot(sectionId))
    .toArray()
    .find((n) => n instanceof Y.XmlElement && n.nodeName === 'paragraph') as Y.XmlElement
  const text = paragraph.get(0) as Y.XmlText
  const res = await apiAs<{ id: string }>(world.plank.url, world.mayaCookie, 'POST', `/api/platforms/${world.info.id}/comments`, {
    sectionId,
    start: encodeAnchor(Y.createRelativePositionFromTypeIndex(text, from)),
    end: encodeAnchor(Y.createRelativePositionFromTypeIndex(text, from + length)),
    body,
    mentions: { personIds: mentionIds, orgIds: [] },
  })
  expect(res.status).toBe(201)
  return res.body.id
}

/** The card's box and the lines of its text (each paragraph's height and width): what a reflow would change. */
const cardAndText = (page: Page, sectionId: string) =>
  sectionOf(page, sectionId).evaluate((section) => {
    const r = section.getBoundingClientRect()
    const paragraphs = [...section.querySelectorAll('.ProseMirror p')].map((p) => {
      const b = p.getBoundingClientRect()
      return `${Math.round(b.width)}×${Math.round(b.height)}`
    })
    return { left: Math.round(r.left), width: Math.round(r.width), paragraphs }
  })

describe('comment layout', () => {
  it('keeps the card and its text still, shows no stray Comment button, folds resolved threads, and dates alike', async () => {
    const ana = personNamed(world.people, 'Ana Torres')
    const target = world.info.sections[1]!
    const { page } = await world.chromium.newPage({ viewport: { width: 1440, height: 900 } })
    await signInThroughDemoPanel(page, world.plank.url, ana.name)
    await editorOf(page, target.id).waitFor()
    await page.locator(`[data-section-id="${target.id}"] .ProseMirror p`).first().waitFor()
    const before = await cardAndText(page, target.id)

    // Two threads arrive live: one mentions Ana, one is resolved.
    const open = await comment(target.id, 0, 10, `@${ana.name} could you check these words?`, [ana.id])
    const done = await comment(target.id, 20, 8, 'Settled at the last meeting.\nSecond line of the settled thread.')
    expect((await apiAs(world.plank.url, world.mayaCookie, 'POST', `/api/platforms/${world.info.id}/comments/${done}/resolve`)).status).toBe(200)
    const margin = page.locator(`[data-comment-margin="${target.id}"]`)
    await margin.locator(`[data-thread-id="${open}"]`).waitFor()
    await margin.locator(`[data-thread-id="${done}"][data-resolved="true"]`).waitFor()
    expect(await cardAndText(page, target.id)).toEqual(before)

    // The resolved thread is folded: its quote and count, not its words, until asked.
    const resolvedCard = margin.locator(`[data-thread-id="${done}"]`)
    expect(await resolvedCard.getByText('Settled at the last meeting.').count()).toBe(0)
    const expand = resolvedCard.locator('.comment-expand')
    expect(await expand.getAttribute('aria-expanded')).toBe('false')
    await expand.click()
    await resolvedCard.getByText('Settled at the last meeting.').waitFor()

    // Opening the thread from the inbox: it is shown (its text marked), the card and text stay, and no Comment button covers them.
    await page.locator('.comments-inbox-button').click()
    const inboxItem = page.locator('.inbox-item', { hasText: 'Maya Okafor' }).first()
    await inboxItem.waitFor()
    const inboxDate = await inboxItem.locator('time').textContent()
    await inboxItem.locator('.inbox-open').click()
    const openCard = margin.locator(`[data-thread-id="${open}"]`)
    await page.waitForFunction((id) => document.activeElement?.closest('[data-thread-id]')?.getAttribute('data-thread-id') === id, open)
    await page.waitForTimeout(300)
    await editorOf(page, target.id).locator(`.comment-highlight-active[data-comment-id="${open}"]`).first().waitFor()
    expect(await sectionOf(page, target.id).locator('.comment-add-button').count()).toBe(0)
    expect(await cardAndText(page, target.id)).toEqual(before)

    // The same date, written the same way, in the inbox and the margin.
    const marginDate = await openCard.locator('.comment-meta time').textContent()
    expect(inboxDate).toBeTruthy()
    expect(inboxDate).toBe(marginDate)

    // A new thread from a selection: the composer opens beside the text, which stays where it was.
    await openCard.getByRole('button', { name: 'Resolve' }).waitFor()
    await page.screenshot({ path: artifactPath('comment-layout.png') })
    await expectNoAxeViolations(page, `[data-section-id="${target.id}"]`)
  }, 90_000)
})
