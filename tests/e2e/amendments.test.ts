import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { expectNoAxeViolations } from '../helpers/axe-any-impact.js'
import { e2eWorld } from '../helpers/e2e-setup.js'
import { apiAs, artifactPath, demoCookie, editorOf, orgNamed, personNamed, sectionOf, waitFor, waitSaved } from '../helpers/browser.js'
import { selectInEditor } from '../helpers/text-selection.js'

/**
 * Amendments in Chromium (issue 14), with three organizations: a delegate of
 * HCA (B) proposes wording for RTU's (A's) section, a delegate of WU88 (C)
 * endorses it, and a delegate of RTU sees the tracked changes, resolves the
 * conflict an edit of the section made meanwhile, and accepts; every open
 * section editor shows the new text, and RTU's board representative finds
 * their approval stale with the amendment named. An observer is offered nothing.
 */

const world = e2eWorld({ closeContextsAfterEach: true })

const PHONE = { width: 390, height: 844 }

/** RTU's section of the sample platform ("Wealth building and housing"), whose text starts with the heading "Homes people can afford". */
const rtuSection = () => {
  const rtu = orgNamed(world.info, 'RTU')
  const section = world.info.sections.find((s) => s.ownerOrgId === rtu.id)
  if (!section) throw new Error('RTU owns no section')
  return section
}

async function pageOf(
  name: string,
  viewport?: { width: number; height: number },
): Promise<{ page: Page; cookie: string; open: (path: string) => Promise<Page> }> {
  const cookie = await demoCookie(world.plank.url, personNamed(world.people, name).id)
  const { context, page } = await world.chromium.newPage({ cookie: { baseUrl: world.plank.url, cookie }, ...(viewport ? { viewport } : {}) })
  page.on('pageerror', (error) => console.error(`[${name}] page error:`, error))
  // A second tab of the same person (same device, same sign-in).
  const open = async (path: string) => {
    const tab = await context.newPage()
    tab.on('pageerror', (error) => console.error(`[${name}, second tab] page error:`, error))
    await tab.goto(world.plank.url + path)
    return tab
  }
  return { page, cookie, open }
}

const proposedEditor = (page: Page) => page.locator('[data-view="proposed"] .ProseMirror')
const tracked = (page: Page) => page.locator('[data-view="tracked"] .tracked-text')

/** The platform page at a section, its editor mounted. */
async function atSection(page: Page, sectionId: string): Promise<void> {
  await page.goto(`${world.plank.url}/p/${world.info.id}#${sectionId}`)
  await editorOf(page, sectionId).waitFor()
}

/** Selects the first word of an editor's text and types over it. */
async function replaceFirstWord(page: Page, editor: ReturnType<Page['locator']>, word: string): Promise<void> {
  await editor.click()
  await page.keyboard.press('Control+Home')
  await page.keyboard.press('Control+Shift+ArrowRight')
  await page.keyboard.type(word, { delay: 10 })
}

/** A section editor's text without other people's caret labels (which sit inside the text). */
const sectionText = (page: Page, sectionId: string) =>
  editorOf(page, sectionId).evaluate((root) => {
    const copy = root.cloneNode(true) as HTMLElement
    for (const caret of copy.querySelectorAll('.collaboration-carets__caret')) caret.remove()
    return copy.textContent ?? ''
  })

const noSidewaysScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)

describe('amendments in the browser', () => {
  it('B proposes for A’s section, C endorses, A resolves a conflict and accepts; every editor shows the new text; A’s board rep’s approval is stale with the amendment named', async () => {
    const section = rtuSection()
    const grace = await pageOf('Grace Kim') // HCA delegate (B)
    const rosa = await pageOf('Rosa Delgado', PHONE) // WU88 delegate (C), on a phone
    const ana = await pageOf('Ana Torres') // RTU delegate (A)
    const luisCookie = await demoCookie(world.plank.url, personNamed(world.people, 'Luis Medina').id)

    // Grace, on A's section: the card offers "Propose an amendment"; the form is labelled and works from the keyboard.
    await atSection(grace.page, section.id)
    const card = sectionOf(grace.page, section.id)
    await card.getByRole('button', { name: 'Propose an amendment', exact: true }).click()
    await card.getByLabel('Title').fill('Say who the homes are for')
    await card.getByLabel('Why (rationale)').fill('“Homes” alone says nothing about who can afford them.')
    await card.getByLabel('Title').press('Enter')
    await grace.page.waitForURL(/\/p\/[^/]+\/amendments\/[^/]+$/)
    const amendmentPath = new URL(grace.page.url()).pathname
    const amendmentId = decodeURIComponent(amendmentPath.split('/').pop() ?? '')
    await grace.page.getByRole('heading', { level: 1, name: 'Say who the homes are for' }).waitFor()

    // Grace writes the amendment: a word replaced where RTU will also change it, a sentence added elsewhere.
    const editor = proposedEditor(grace.page)
    await editor.waitFor()
    await waitFor(async () => (await editor.innerText()).includes('Homes people can afford'), 'the amendment starts as the section’s text')
    expect(await editor.getAttribute('contenteditable')).toBe('true')
    await replaceFirstWord(grace.page, editor, 'Houses')
    await grace.page.keyboard.press('Control+End')
    await grace.page.keyboard.type(' Amended by HCA.', { delay: 10 })
    await waitSaved(grace.page)

    // Every open section editor, one per person, stays open through the acceptance.
    const sectionTabs = [
      await grace.open(`/p/${world.info.id}#${section.id}`),
      await rosa.open(`/p/${world.info.id}#${section.id}`),
      await ana.open(`/p/${world.info.id}#${section.id}`),
    ]
    for (const tab of sectionTabs) await editorOf(tab, section.id).waitFor()
    // The card counts the open amendment and lists it.
    const count = sectionOf(sectionTabs[2]!, section.id).locator('.amendments-count')
    await waitFor(async () => (await count.textContent()) === '1 open amendment', 'the count on the card')
    await count.click()
    const line = sectionOf(sectionTabs[2]!, section.id).locator(`[data-amendment-id="${amendmentId}"]`)
    await line.waitFor()
    expect(await line.innerText()).toContain('Say who the homes are for')
    expect(await line.innerText()).toContain('HCA')
    expect(await line.innerText()).toContain('0 endorsements')

    // Rosa (WU88) endorses, on her phone; the endorsement shows by organization.
    await rosa.page.goto(world.plank.url + amendmentPath)
    await rosa.page.getByRole('button', { name: `Endorse for ${orgNamed(world.info, 'WU88').name}` }).click()
    await rosa.page.getByRole('status').filter({ hasText: 'Endorsed.' }).waitFor()
    await rosa.page.locator('.amendment-endorsers [data-org-id]').filter({ hasText: 'WU88' }).waitFor()
    await rosa.page.getByRole('button', { name: `Withdraw the endorsement of ${orgNamed(world.info, 'WU88').name}` }).waitFor()
    // She may not write HCA's text: the editor is read-only.
    expect(await proposedEditor(rosa.page).getAttribute('contenteditable')).toBe('false')
    await waitFor(() => noSidewaysScroll(rosa.page), 'no sideways scroll at 390 px')
    await rosa.page.screenshot({ path: artifactPath('amendments-390-endorsed.png'), fullPage: true })

    // Ana (RTU) sees the tracked changes in place, in HCA's colour, with words for screen readers.
    await ana.page.goto(world.plank.url + amendmentPath)
    await tracked(ana.page).waitFor()
    await waitFor(async () => (await tracked(ana.page).locator('ins').filter({ hasText: 'Houses' }).count()) > 0, 'the insertion is marked')
    await waitFor(async () => (await tracked(ana.page).locator('del').filter({ hasText: 'Homes' }).count()) > 0, 'the deletion is marked')
    expect(await tracked(ana.page).locator('ins').filter({ hasText: 'Amended by HCA.' }).count()).toBeGreaterThan(0)
    expect((await tracked(ana.page).locator('ins .visually-hidden').first().textContent())?.trim()).toBe('[inserted:')
    const insStyle = await tracked(ana.page)
      .locator('ins')
      .first()
      .evaluate((el) => getComputedStyle(el).textDecorationColor)
    expect(insStyle).toBe('rgb(185, 28, 28)') // HCA's #b91c1c
    expect(await ana.page.locator('.amendment-endorsers').innerText()).toContain('WU88')
    // She may not write HCA's text either; as the owner's delegate she may decide.
    expect(await proposedEditor(ana.page).getAttribute('contenteditable')).toBe('false')
    await ana.page.getByRole('button', { name: 'Accept into the section', exact: true }).waitFor()
    await expectNoAxeViolations(ana.page, 'main')
    await ana.page.screenshot({ path: artifactPath('amendments-1280-tracked.png'), fullPage: true })

    // Meanwhile RTU changes the same word in the section; the tracked changes follow the live section.
    const anaSection = sectionTabs[2]!
    await replaceFirstWord(anaSection, editorOf(anaSection, section.id), 'Dwellings')
    await waitSaved(anaSection)
    await waitFor(async () => (await tracked(ana.page).locator('del').filter({ hasText: 'Dwellings' }).count()) > 0, 'the tracked view follows the section')

    // Luis (RTU's board representative) approves the section as it is now.
    const hashNow = (await apiAs<{ hash: string }>(world.plank.url, luisCookie, 'GET', `/api/platforms/${world.info.id}/sections/${section.id}`)).body.hash
    const approved = await apiAs(world.plank.url, luisCookie, 'POST', `/api/platforms/${world.info.id}/sections/${section.id}/signoffs`, {
      decision: 'approve',
      hash: hashNow,
    })
    expect(approved.status).toBe(201)

    // Ana accepts: both changed "Homes", so the resolver shows the conflict side by side first.
    await ana.page.getByLabel('Note for the decision (optional)').fill('Agreed with HCA at the table.')
    await ana.page.getByRole('button', { name: 'Accept into the section', exact: true }).click()
    const resolver = ana.page.locator('.conflict-resolver')
    await resolver.waitFor()
    const conflict = resolver.locator('.conflict').first()
    expect(await conflict.locator('[data-kind="section"]').innerText()).toContain('Dwellings')
    expect(await conflict.locator('[data-kind="amendment"]').innerText()).toContain('Houses')
    expect(await conflict.locator('[data-kind="base"]').innerText()).toContain('Homes')
    // Nothing applied yet.
    expect(await sectionText(anaSection, section.id)).toContain('Dwellings people can afford')
    await expectNoAxeViolations(ana.page, '.conflict-resolver')
    await ana.page.screenshot({ path: artifactPath('amendments-1280-resolver.png'), fullPage: true })
    // On a phone the three texts stack: nothing scrolls sideways.
    await ana.page.setViewportSize(PHONE)
    await waitFor(() => noSidewaysScroll(ana.page), 'no sideways scroll in the resolver at 390 px')
    await expectNoAxeViolations(ana.page, '.conflict-resolver')
    await ana.page.screenshot({ path: artifactPath('amendments-390-resolver.png'), fullPage: true })
    await ana.page.setViewportSize({ width: 1280, height: 900 })
    const acceptChoices = resolver.getByRole('button', { name: 'Accept with these choices' })
    expect(await acceptChoices.isDisabled()).toBe(true)
    const conflictCount = await resolver.locator('.conflict').count()
    for (let i = 0; i < conflictCount; i++) {
      const each = resolver.locator('.conflict').nth(i)
      await each.getByLabel('Write my own').check()
      await each.locator('textarea').fill('Affordable homes')
    }
    await acceptChoices.click()
    await ana.page.locator('main[data-status="accepted"]').waitFor()
    const outcome = ana.page.locator('.amendment-outcome')
    await outcome.waitFor()
    expect(await outcome.innerText()).toContain('Accepted into the section by Ana Torres')
    expect(await outcome.innerText()).toContain('Agreed with HCA at the table.')

    // Every open section editor shows the merged text: the resolution, and HCA's sentence.
    for (const tab of sectionTabs) {
      await waitFor(async () => {
        const text = await sectionText(tab, section.id)
        return text.includes('Affordable homes people can afford') && text.includes('Amended by HCA.') && !text.includes('Dwellings')
      }, 'the accepted text in every editor')
      // And says whose wording arrived, on that section's card.
      const notice = tab.locator(`[data-amendments-for="${section.id}"] .amendment-accepted-notice`)
      await notice.waitFor()
      expect(await notice.innerText()).toContain('“Say who the homes are for” (Health Care for All Coalition)')
    }
    await sectionTabs[1]!.locator(`[data-amendments-for="${section.id}"]`).scrollIntoViewIfNeeded()
    await sectionTabs[1]!.screenshot({ path: artifactPath('amendments-accepted-notice.png') })
    // The others' amendment pages show the outcome live.
    await rosa.page.locator('main[data-status="accepted"]').waitFor()
    await grace.page.locator('main[data-status="accepted"]').waitFor()
    expect(await proposedEditor(grace.page).getAttribute('contenteditable')).toBe('false')

    // Luis's inbox: his approval is of an earlier version, changed by the amendment.
    const luis = await pageOf('Luis Medina')
    await atSection(luis.page, section.id)
    await waitFor(async () => (await luis.page.locator('.comments-unread').count()) > 0, 'an unread notice', 20_000)
    await luis.page.locator('.comments-inbox-button').click()
    const notice = luis.page.locator(`[data-approval-notice="${section.id}"]`)
    await notice.waitFor()
    expect(await notice.innerText()).toContain('is now of an earlier version')
    expect(await notice.innerText()).toContain('Changed by the amendment “Say who the homes are for”.')
  })

  it('an observer is offered no amendment action, and the server refuses one sent anyway; the screen reads well on a phone', async () => {
    const section = rtuSection()
    const jordan = await pageOf('Jordan Lee')
    await atSection(jordan.page, section.id)
    await sectionOf(jordan.page, section.id).locator('.section-text').first().waitFor()
    expect(await jordan.page.getByRole('button', { name: 'Propose an amendment' }).count()).toBe(0)
    const refused = await apiAs(world.plank.url, jordan.cookie, 'POST', `/api/platforms/${world.info.id}/sections/${section.id}/amendments`, {
      title: 'Observers write nothing',
      rationale: '',
    })
    expect(refused.status).toBe(403)

    // An amendment proposed over the API, opened by the observer on a phone: read-only, no action offered.
    const priyaCookie = await demoCookie(world.plank.url, personNamed(world.people, 'Priya Shah').id)
    const created = await apiAs<{ id: string; root: string }>(
      world.plank.url,
      priyaCookie,
      'POST',
      `/api/platforms/${world.info.id}/sections/${section.id}/amendments`,
      {
        title: 'Schools as community hubs',
        rationale: 'Open school buildings in the evening.',
      },
    )
    expect(created.status).toBe(201)
    expect(created.body.root).toBe(`amend:${created.body.id}`)
    const phone = await pageOf('Jordan Lee', PHONE)
    await phone.page.goto(`${world.plank.url}/p/${world.info.id}/amendments/${created.body.id}`)
    await phone.page.getByRole('heading', { level: 1, name: 'Schools as community hubs' }).waitFor()
    await proposedEditor(phone.page).waitFor()
    expect(await proposedEditor(phone.page).getAttribute('contenteditable')).toBe('false')
    expect(await phone.page.locator('.amendment-actions').count()).toBe(0)
    await waitFor(() => noSidewaysScroll(phone.page), 'no sideways scroll at 390 px')
    await expectNoAxeViolations(phone.page, 'main')
    await phone.page.screenshot({ path: artifactPath('amendments-390-observer.png'), fullPage: true })
  })

  it('the owner declines with a note and the proposer withdraws its own: each screen shows the outcome, by whom, live for the others', async () => {
    const section = rtuSection()
    const priya = await pageOf('Priya Shah') // PPS delegate
    const ana = await pageOf('Ana Torres') // RTU delegate: decides on RTU's section
    const propose = async (title: string) => {
      const res = await apiAs<{ id: string }>(world.plank.url, priya.cookie, 'POST', `/api/platforms/${world.info.id}/sections/${section.id}/amendments`, {
        title,
        rationale: '',
      })
      expect(res.status).toBe(201)
      return `/p/${world.info.id}/amendments/${res.body.id}`
    }
    const declined = await propose('Rent caps everywhere')
    const withdrawn = await propose('Second thoughts')

    // Ana declines, with a note; Priya, on the same amendment, sees the outcome arrive.
    await ana.page.goto(world.plank.url + declined)
    await priya.page.goto(world.plank.url + declined)
    await priya.page.getByRole('button', { name: 'Withdraw the amendment' }).waitFor()
    await ana.page.getByLabel('Note for the decision (optional)').fill('Not within this platform’s scope.')
    await ana.page.getByRole('button', { name: 'Decline', exact: true }).click()
    await ana.page.getByRole('status').filter({ hasText: 'The amendment is declined.' }).waitFor()
    for (const page of [ana.page, priya.page]) {
      const outcome = page.locator('.amendment-outcome[data-outcome="declined"]')
      await outcome.waitFor()
      expect(await outcome.innerText()).toContain('Declined by Ana Torres')
      expect(await outcome.innerText()).toContain('Not within this platform’s scope.')
    }
    // Decided: nothing more is offered, and the text is read-only for its proposer too.
    expect(await priya.page.getByRole('button', { name: 'Withdraw the amendment' }).count()).toBe(0)
    expect(await proposedEditor(priya.page).getAttribute('contenteditable')).toBe('false')

    // Priya withdraws the other one, after confirming.
    await priya.page.goto(world.plank.url + withdrawn)
    await priya.page.getByRole('button', { name: 'Withdraw the amendment' }).click()
    await priya.page.getByRole('button', { name: 'Yes, withdraw it' }).click()
    const outcome = priya.page.locator('.amendment-outcome[data-outcome="withdrawn"]')
    await outcome.waitFor()
    expect(await outcome.innerText()).toContain('Withdrawn by Priya Shah')

    // The section card counts only what is still open, and lists each with its status.
    await atSection(ana.page, section.id)
    const card = sectionOf(ana.page, section.id)
    const count = card.locator('.amendments-count')
    await count.waitFor()
    const open = await count.getAttribute('data-open-count')
    await count.click()
    expect(await card.locator('.amendments-line').filter({ hasText: 'Rent caps everywhere' }).innerText()).toContain('Declined')
    expect(await card.locator('.amendments-line').filter({ hasText: 'Second thoughts' }).innerText()).toContain('Withdrawn')
    expect(Number(open)).toBe(await card.locator('.amendments-line [data-status="open"]').count())
  })

  it('comments work on an amendment’s text: a thread on its words, live with the highlight for the proposer, who replies; not in the section’s margin; the inbox leads back to it', async () => {
    const section = rtuSection()
    const priya = await pageOf('Priya Shah') // PPS delegate: proposes
    const rosa = await pageOf('Rosa Delgado') // WU88 delegate: reads the amendment and comments on it
    const res = await apiAs<{ id: string }>(world.plank.url, priya.cookie, 'POST', `/api/platforms/${world.info.id}/sections/${section.id}/amendments`, {
      title: 'Plain words',
      rationale: 'Shorter sentences.',
    })
    expect(res.status).toBe(201)
    const path = `/p/${world.info.id}/amendments/${res.body.id}`
    await priya.page.goto(world.plank.url + path)
    await rosa.page.goto(world.plank.url + path)

    // Rosa may not write this text, but selects words of it and comments.
    const rosaText = proposedEditor(rosa.page)
    await rosaText.waitFor()
    expect(await rosaText.getAttribute('contenteditable')).toBe('false')
    const quote = await selectInEditor(rosaText, 0, 12)
    const proposed = rosa.page.locator('[data-view="proposed"]')
    await proposed.getByRole('button', { name: 'Comment', exact: true }).click()
    const composer = proposed.getByRole('form', { name: 'New comment' })
    await composer.getByRole('textbox').fill('Could we keep the original first words?')
    await composer.getByRole('button', { name: 'Post comment' }).click()
    const rosaThread = proposed.locator('.comment-margin [data-thread-id]', { hasText: 'Could we keep the original first words?' })
    await rosaThread.waitFor()
    const threadId = (await rosaThread.getAttribute('data-thread-id'))!

    // Priya sees it live, its words highlighted in her editable text, and replies.
    const priyaText = proposedEditor(priya.page)
    const highlight = priyaText.locator(`.comment-highlight[data-comment-id="${threadId}"]`)
    await highlight.first().waitFor()
    expect((await highlight.allInnerTexts()).join('')).toBe(quote)
    const priyaThread = priya.page.locator(`[data-view="proposed"] .comment-margin [data-thread-id="${threadId}"]`)
    // Clicking the highlighted words opens their thread.
    await highlight.first().click()
    await expect.poll(() => priyaThread.getAttribute('class')).toContain('active')
    await priyaThread.getByRole('textbox', { name: 'Reply' }).fill('Yes, we will put them back.')
    await priyaThread.getByRole('button', { name: 'Reply', exact: true }).click()
    await rosaThread.getByText('Yes, we will put them back.').waitFor()
    await rosa.page.waitForTimeout(600)
    await rosa.page.locator('[data-view="proposed"]').screenshot({ path: artifactPath('amendment-comments.png') })
    await expectNoAxeViolations(rosa.page)

    // On the platform page the thread is not one of the section's: its margin does not list it, its text has no highlight.
    await atSection(rosa.page, section.id)
    const margin = rosa.page.locator(`[data-comment-margin="${section.id}"]`)
    expect(await margin.locator(`[data-thread-id="${threadId}"]`).count()).toBe(0)
    expect(await editorOf(rosa.page, section.id).locator(`.comment-highlight[data-comment-id="${threadId}"]`).count()).toBe(0)
    // Rosa's inbox has Priya's reply, "on the amendment"; following it opens the amendment with the thread.
    await rosa.page.locator('.comments-unread').waitFor()
    await rosa.page.locator('.comments-inbox-button').click()
    const item = rosa.page.locator('.inbox-item', { hasText: 'on the amendment “Plain words”' })
    await item.getByRole('button').click()
    await rosa.page.waitForURL((url) => url.pathname === path)
    await expect.poll(() => rosa.page.evaluate(() => document.activeElement?.getAttribute('data-thread-id') ?? null)).toBe(threadId)
  })

  it('a facilitator puts an open amendment on a session’s agenda; while it runs, the bar names it and links to it', async () => {
    const section = rtuSection()
    const grace = await pageOf('Grace Kim')
    await grace.page.goto(`${world.plank.url}/p/${world.info.id}`)
    const proposed = await grace.page.evaluate(
      async ({ platformId, sectionId }) => {
        const res = await fetch(`/api/platforms/${platformId}/sections/${sectionId}/amendments`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ title: 'Agenda wording' }),
        })
        return { status: res.status, body: (await res.json()) as { id: string } }
      },
      { platformId: world.info.id, sectionId: section.id },
    )
    expect(proposed.status).toBe(201)
    const maya = await pageOf('Maya Okafor')
    await maya.page.goto(`${world.plank.url}/p/${world.info.id}/sessions`)
    await maya.page.getByRole('heading', { name: 'Plan a session' }).waitFor()
    await maya.page.getByLabel('Title', { exact: true }).fill('Amendments hour')
    const choice = maya.page.getByLabel('Amendment to discuss')
    await choice.selectOption({ label: `“Agenda wording”, amendment to ${section.title}` })
    await maya.page.getByRole('button', { name: 'Add amendment' }).click()
    await maya.page.locator('main').screenshot({ path: artifactPath('sessions-plan-amendment.png') })
    await maya.page.getByRole('button', { name: 'Plan the session' }).click()
    const card = maya.page.locator('.session-card[data-status="planned"]', { hasText: 'Amendments hour' })
    await card.waitFor()
    expect(await card.locator('.agenda-summary li').allTextContents()).toEqual(['Agenda wording — 15 min'])
    await expectNoAxeViolations(maya.page)
    await card.getByRole('button', { name: 'Start “Amendments hour”' }).click()
    await grace.page.goto(`${world.plank.url}/p/${world.info.id}`)
    await grace.page.locator('.session-bar .session-item-title', { hasText: 'Agenda wording' }).waitFor()
    const link = grace.page.locator('.session-bar').getByRole('link', { name: 'Open the amendment' })
    expect(await link.getAttribute('href')).toBe(`/p/${world.info.id}/amendments/${proposed.body.id}`)
    // The last test of the file: the running session ends with its server.
  })
})
