import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import type { DemoPerson, RunningPlank } from '../helpers/server.js'
import { closeBrowserAndPlank, startPlankAndBrowser } from '../helpers/e2e-setup.js'
import { apiAs, artifactPath, type TestBrowser, sectionOf, editorOf, expectNoSeriousViolations } from '../helpers/browser.js'
import { selectInEditor } from '../helpers/text-selection.js'

let plank: RunningPlank
let chromium: TestBrowser
let platformId: string
/** A section owned by organization B; A's delegate may read and comment on it but not edit it. */
let sectionB: string
let delegateA: DemoPerson
let delegateB: DemoPerson

async function pageAs(person: DemoPerson, hash: string): Promise<Page> {
  const cookie = await plank.cookieFor(person.id)
  const { page } = await chromium.newPage({ viewport: { width: 1440, height: 1000 }, cookie: { baseUrl: plank.url, cookie } })
  page.on('pageerror', (e) => console.log(`[page error ${person.name}]`, e.message))
  await page.goto(`${plank.url}/p/${platformId}#${hash}`)
  await editorOf(page, sectionB).waitFor()
  return page
}

const marginOf = (page: Page, sectionId: string) => page.locator(`[data-comment-margin="${sectionId}"]`)

/** Selects `length` characters from `offset` in the first paragraph of a section's editor, as a mouse drag would. */
const selectText = (page: Page, sectionId: string, offset: number, length: number): Promise<string> => selectInEditor(editorOf(page, sectionId), offset, length)

async function startThread(page: Page, sectionId: string, offset: number, length: number): Promise<string> {
  const quote = await selectText(page, sectionId, offset, length)
  const button = sectionOf(page, sectionId).getByRole('button', { name: 'Comment', exact: true })
  await button.waitFor()
  await button.click()
  await sectionOf(page, sectionId).getByRole('form', { name: 'New comment' }).waitFor()
  return quote
}

beforeAll(async () => {
  ;({ plank, chromium } = await startPlankAndBrowser({ config: { commentsPerMinute: 1000 } }))
  platformId = plank.sample.platformId
  sectionB = plank.plank.store.listSections(platformId).find((s) => s.ownerOrgId)!.id
  delegateA = plank.person('delegate', { notOwnerOf: sectionB })
  delegateB = plank.person('delegate', { ownerOf: sectionB })
})

afterAll(() => closeBrowserAndPlank(chromium, plank))

describe('comments in real Chromium', () => {
  // One retry: in one of four clean-clone runs at stop 22 the thread showed its text but not its link within 30 s (cause not found; the next test depends on this one's resolved thread).
  it('A comments on B’s read-only section; B sees it live with the highlight, replies and resolves; A sees it resolved', { retry: 1 }, async () => {
    const a = await pageAs(delegateA, sectionB)
    const b = await pageAs(delegateB, sectionB)
    // A may not edit B's text, but may comment on it.
    expect(await editorOf(a, sectionB).getAttribute('contenteditable')).toBe('false')
    const textBefore = await editorOf(b, sectionB).innerText()

    const quote = await startThread(a, sectionB, 3, 18)
    expect(quote.length).toBe(18)
    const composer = sectionOf(a, sectionB).getByRole('form', { name: 'New comment' })
    await composer.getByRole('textbox').fill('')
    await composer.getByRole('textbox').pressSequentially(`Can we also name @${delegateB.name.slice(0, 4)}`, { delay: 5 })
    await composer.getByRole('option', { name: delegateB.name }).waitFor()
    await composer.getByRole('textbox').press('Enter')
    await composer.getByRole('textbox').pressSequentially('here? See https://example.org/housing.', { delay: 2 })
    // Every key typed after choosing the mention lands after it, in order (the body's link is checked on B below).
    expect(await composer.getByRole('textbox').inputValue()).toBe(`Can we also name @${delegateB.name} here? See https://example.org/housing.`)
    await composer.getByRole('button', { name: 'Post comment' }).click()
    await composer.waitFor({ state: 'detached' })

    const threadA = marginOf(a, sectionB).locator('[data-thread-id]').first()
    await threadA.waitFor()
    await expect.poll(() => threadA.locator('.comment-mention').textContent()).toBe(`@${delegateB.name}`)
    const threadId = (await threadA.getAttribute('data-thread-id'))!
    await expect.poll(() => editorOf(a, sectionB).locator(`.comment-highlight[data-comment-id="${threadId}"]`).count()).toBeGreaterThan(0)

    // B: live, highlighted, mentioned in the inbox.
    const highlightB = editorOf(b, sectionB).locator(`.comment-highlight[data-comment-id="${threadId}"]`)
    await highlightB.first().waitFor()
    expect((await highlightB.allInnerTexts()).join('')).toBe(quote)
    const threadB = marginOf(b, sectionB).locator(`[data-thread-id="${threadId}"]`)
    await threadB.getByText('Can we also name').waitFor()
    expect(await threadB.locator('a[href="https://example.org/housing"]').getAttribute('rel')).toBe('noopener noreferrer nofollow')
    await b.locator('.comments-unread').waitFor()
    expect(await b.locator('.comments-unread').textContent()).toContain('1 unread')
    // Clicking the highlight shows its thread (B can edit this text, so the caret stays in it).
    await highlightB.first().click()
    await expect.poll(() => threadB.getAttribute('class')).toContain('active')
    expect(await b.evaluate(() => document.activeElement?.classList.contains('ProseMirror') ?? false)).toBe(true)
    // In A's read-only copy, clicking the highlight moves the focus to the thread.
    await a.locator('body').click({ position: { x: 5, y: 5 } })
    await editorOf(a, sectionB).locator(`.comment-highlight[data-comment-id="${threadId}"]`).first().click()
    await expect.poll(() => a.evaluate(() => document.activeElement?.getAttribute('data-thread-id') ?? null)).toBe(threadId)
    // Commenting never touched the text.
    expect(await editorOf(b, sectionB).innerText()).toBe(textBefore)

    await threadB.getByRole('textbox', { name: 'Reply' }).fill('Yes, agreed.')
    await threadB.getByRole('button', { name: 'Reply', exact: true }).click()
    await threadB.getByText('Yes, agreed.').waitFor()
    await threadB.getByRole('button', { name: 'Resolve' }).click()
    await expect.poll(() => threadB.getAttribute('data-resolved')).toBe('true')

    // A sees the reply and the resolution live; the highlight turns faint.
    const thread = marginOf(a, sectionB).locator(`[data-thread-id="${threadId}"]`)
    await expect.poll(() => thread.getAttribute('data-resolved')).toBe('true')
    await thread.getByText(`Resolved by ${delegateB.name}`).waitFor()
    await expect.poll(() => editorOf(a, sectionB).locator('.comment-highlight-resolved').count()).toBeGreaterThan(0)
    const more = thread.locator('.comment-expand')
    if ((await more.count()) > 0) await more.click()
    await thread.getByText('Yes, agreed.').waitFor()
    // A is told about the reply.
    await a.locator('.comments-unread').waitFor()

    // A second, open thread, so the margin shows both states.
    await startThread(a, sectionB, 40, 25)
    const second = sectionOf(a, sectionB).getByRole('form', { name: 'New comment' })
    await second.getByRole('textbox').fill('Could this be more specific about rent increases?')
    await second.getByRole('button', { name: 'Post comment' }).click()
    await expect.poll(() => marginOf(a, sectionB).locator('[data-thread-id]').count()).toBe(2)
    await a.waitForTimeout(1200)
    await sectionOf(a, sectionB).screenshot({ path: artifactPath('comments-margin.png') })

    await expectNoSeriousViolations(a)
  })

  it('renders injected markup in bodies and mentions as literal text and runs nothing', async () => {
    const facilitator = plank.person('facilitator')
    const cookie = await plank.cookieFor(facilitator.id)
    const org = plank.plank.store.getSection(platformId, sectionB)!.ownerOrgId!
    const evilOrg = '<img src=x onerror=window.__pwned=1>'
    expect((await apiAs(plank.url, cookie, 'PATCH', `/api/platforms/${platformId}/organizations/${org}`, { name: evilOrg })).status).toBe(200)

    const a = await pageAs(delegateA, sectionB)
    await startThread(a, sectionB, 0, 10)
    const composer = sectionOf(a, sectionB).getByRole('form', { name: 'New comment' })
    const box = composer.getByRole('textbox')
    const payload = '<img src=x onerror=window.__pwned=1> <script>window.__pwned=1</script> javascript:window.__pwned=1 '
    await box.fill(payload)
    await box.press('End')
    await box.pressSequentially('@<img', { delay: 5 })
    await composer.getByRole('option', { name: evilOrg }).waitFor()
    await box.press('Enter')
    await composer.getByRole('button', { name: 'Post comment' }).click()
    await composer.waitFor({ state: 'detached' })

    const b = await pageAs(delegateB, sectionB)
    for (const page of [a, b]) {
      const margin = marginOf(page, sectionB)
      const body = margin.locator('.comment-body', { hasText: '<script>window.__pwned=1</script>' })
      await body.waitFor()
      expect((await body.innerText()).trimEnd()).toBe(`${payload}@${evilOrg}`)
      expect(await body.locator('.comment-mention').innerText()).toBe(`@${evilOrg}`)
      expect(await margin.locator('img, script').count()).toBe(0)
      expect(await page.locator('a[href^="javascript"]').count()).toBe(0)
      await page.waitForTimeout(300)
      expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined()
    }
    // The inbox shows the mention of the organization, as text too.
    await b.locator('.comments-inbox-button').click()
    await b.locator('.inbox-excerpt', { hasText: '<script>' }).waitFor()
    expect(await b.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined()
  })

  it('shows the server’s limits as clear messages', async () => {
    const a = await pageAs(delegateA, sectionB)
    await startThread(a, sectionB, 5, 10)
    const composer = sectionOf(a, sectionB).getByRole('form', { name: 'New comment' })
    await composer.getByRole('textbox').fill('x'.repeat(10_001))
    await composer.getByRole('button', { name: 'Post comment' }).click()
    await expect.poll(() => composer.getByRole('alert').textContent()).toBe('This comment is too long: at most 10,000 characters.')
  })

  it('keeps a thread whose text was deleted, marked text removed with its original quote, still answerable', async () => {
    const a = await pageAs(delegateA, sectionB)
    const b = await pageAs(delegateB, sectionB)
    const quote = await startThread(a, sectionB, 60, 12)
    const composer = sectionOf(a, sectionB).getByRole('form', { name: 'New comment' })
    await composer.getByRole('textbox').fill('About to disappear')
    await composer.getByRole('button', { name: 'Post comment' }).click()
    const thread = marginOf(a, sectionB).locator('[data-thread-id]', { hasText: 'About to disappear' })
    await thread.waitFor()
    expect(await thread.getAttribute('data-text-removed')).toBe('false')
    const threadId = (await thread.getAttribute('data-thread-id'))!
    await editorOf(b, sectionB).locator(`.comment-highlight[data-comment-id="${threadId}"]`).first().waitFor()

    // B, the owner, deletes a range around the anchored words.
    await selectText(b, sectionB, 58, 16)
    await b.keyboard.press('Backspace')
    await expect.poll(() => thread.getAttribute('data-text-removed'), { timeout: 15_000 }).toBe('true')
    await thread.getByText('Text removed').waitFor()
    expect(await thread.locator('.comment-quote').innerText()).toContain(quote)
    expect(await editorOf(a, sectionB).locator(`.comment-highlight[data-comment-id="${threadId}"]`).count()).toBe(0)
    // Still answerable.
    await thread.click({ position: { x: 5, y: 5 } })
    await thread.getByRole('textbox', { name: 'Reply' }).fill('Noted, thanks.')
    await thread.getByRole('button', { name: 'Reply', exact: true }).click()
    await marginOf(b, sectionB).locator(`[data-thread-id="${threadId}"]`).getByText('Noted, thanks.').waitFor()
  })

  it('filters threads by status and organization; a facilitator hides a comment with a reason, shown to everyone', async () => {
    const a = await pageAs(delegateA, sectionB)
    const margin = marginOf(a, sectionB)
    await expect.poll(() => margin.locator('[data-thread-id]').count()).toBeGreaterThan(2)
    const total = await margin.locator('[data-thread-id]').count()
    const resolved = await margin.locator('[data-thread-id][data-resolved="true"]').count()
    expect(resolved).toBeGreaterThan(0)
    const filters = a.getByRole('group', { name: 'Comment filters' })
    await filters.getByLabel('Status').selectOption('resolved')
    await expect.poll(() => margin.locator('[data-thread-id]').count()).toBe(resolved)
    await filters.getByLabel('Status').selectOption('open')
    await expect.poll(() => margin.locator('[data-thread-id]').count()).toBe(total - resolved)
    await filters.getByLabel('Status').selectOption('all')
    // Every thread so far was started by A's organization; B's organization started none.
    const orgB = plank.plank.store.getSection(platformId, sectionB)!.ownerOrgId!
    await filters.getByLabel('Organization').selectOption(orgB)
    await expect.poll(() => margin.count()).toBe(0)
    await filters.getByLabel('Organization').selectOption(delegateA.orgId!)
    await expect.poll(() => margin.locator('[data-thread-id]').count()).toBe(total)

    const facilitator = await pageAs(plank.person('facilitator'), sectionB)
    const target = marginOf(facilitator, sectionB).locator('.comment-item', { hasText: 'Could this be more specific' })
    await target.getByRole('button', { name: 'Hide' }).click()
    // Asked in the page (in the chosen language), not by the browser's prompt.
    const ask = facilitator.getByRole('dialog', { name: 'Hide this comment from everyone?' })
    await ask.getByLabel('Why? (shown to everyone, recorded in the audit log)').fill('Off topic for this section')
    await ask.getByRole('button', { name: 'Hide' }).click()
    await margin.getByText(`Hidden by ${plank.person('facilitator').name}: Off topic for this section`).waitFor()
    expect(await margin.getByText('Could this be more specific').count()).toBe(0)
  })

  it('observers read the threads but get no comment button, reply box or resolve button', async () => {
    const observer = await pageAs(plank.person('observer'), sectionB)
    const margin = marginOf(observer, sectionB)
    await expect.poll(() => margin.locator('[data-thread-id]').count()).toBeGreaterThan(0)
    await selectText(observer, sectionB, 3, 10)
    await observer.waitForTimeout(500)
    expect(await sectionOf(observer, sectionB).getByRole('button', { name: 'Comment', exact: true }).count()).toBe(0)
    await margin
      .locator('[data-thread-id]')
      .first()
      .click({ position: { x: 5, y: 5 } })
    expect(await margin.getByRole('textbox').count()).toBe(0)
    expect(await margin.getByRole('button', { name: /^(Resolve|Reopen)$/ }).count()).toBe(0)
    await observer.getByText('Observers can read comments but not write them.').waitFor()
  })
})
