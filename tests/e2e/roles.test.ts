import { beforeAll, describe, expect, it } from 'vitest'
import { e2eWorld } from '../helpers/e2e-setup.js'
import {
  apiAs,
  artifactPath,
  signInThroughDemoPanel,
  sectionOf,
  editorOf,
  statusText,
  typeAtEnd,
  expectNoSeriousViolations,
  personNamed,
  orgNamed,
  type DemoPerson,
} from '../helpers/browser.js'

const world = e2eWorld()

let ana: DemoPerson

const newPage = (options: { clipboard?: boolean } = {}) => world.chromium.newPage(options.clipboard ? { clipboardFor: world.plank.url } : {})

async function createSection(title: string, ownerOrgId: string | null): Promise<string> {
  const res = await apiAs<{ id: string }>(world.plank.url, world.mayaCookie, 'POST', `/api/platforms/${world.info.id}/sections`, { title, ownerOrgId })
  expect(res.status).toBe(201)
  return res.body.id
}

const person = (name: string): DemoPerson => personNamed(world.people, name)
const org = (shortName: string) => orgNamed(world.info, shortName)

beforeAll(() => {
  ana = person('Ana Torres')
  expect(org('RTU').id).toBe(ana.orgId)
})

describe('sign-in and first run', () => {
  it('first-run setup creates the first facilitator account and signs in', async () => {
    const token = world.plank.plank.setupToken
    if (!token) throw new Error('a fresh server has a setup token')
    const { page } = await newPage()
    await page.goto(`${world.plank.url}/setup#${token}`)
    await page.getByRole('heading', { name: 'Set up Plank' }).waitFor()
    await page.getByLabel('Your name').fill('Fatima Haddad')
    await page.getByLabel('Username').fill('f')
    await page.getByLabel('Email (optional)').fill('fatima@example.org')
    await page.getByLabel('Password').fill('the first facilitator')
    await page.getByRole('button', { name: 'Create the account' }).click()
    // Mistakes are explained on their field.
    await page.getByText('Use 2 to 50 characters.').waitFor()
    expect(await page.getByLabel('Username').getAttribute('aria-invalid')).toBe('true')
    await page.getByText('At least 10 characters.').waitFor()
    await page.screenshot({ path: artifactPath('setup.png'), fullPage: true })
    await expectNoSeriousViolations(page)
    await page.getByLabel('Username').fill('fatima')
    await page.getByRole('button', { name: 'Create the account' }).click()
    await page.waitForURL(`${world.plank.url}/`)
    await page.getByRole('link', { name: world.info.title }).waitFor()

    // The new account signs in with its password, and out again.
    const other = await newPage()
    await other.page.goto(`${world.plank.url}/signin`)
    await other.page.getByLabel('Email or username').fill('fatima@example.org')
    await other.page.getByLabel('Password').fill('the first facilitator')
    await other.page.getByRole('button', { name: 'Sign in', exact: true }).click()
    await other.page.waitForURL(`${world.plank.url}/`)
    await other.page.locator('.you-name', { hasText: 'Fatima Haddad' }).waitFor()
    await other.page.getByRole('button', { name: 'Sign out' }).click()
    await other.page.getByLabel('Email or username').waitFor()
    expect((await apiAs(world.plank.url, '', 'GET', '/api/session')).status).toBe(401)
  })

  it('sign-in screen: clear errors for wrong credentials and for too many attempts', async () => {
    const { page } = await newPage()
    await page.goto(`${world.plank.url}/signin`)
    await page.getByRole('heading', { name: 'Sign in to Plank' }).waitFor()
    await page.getByLabel('Email or username').fill('nobody')
    await page.getByLabel('Password').fill('not the password')
    await page.getByRole('button', { name: 'Sign in', exact: true }).click()
    await page.getByRole('alert').filter({ hasText: 'do not match an account' }).waitFor()
    await page.screenshot({ path: artifactPath('signin.png'), fullPage: true })
    await expectNoSeriousViolations(page)
    for (let i = 0; i < 6; i++) {
      await page.getByRole('button', { name: 'Sign in', exact: true }).click()
      await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor()
      await new Promise((r) => setTimeout(r, 100))
    }
    await page.getByRole('alert').filter({ hasText: 'Too many attempts — try again in a few minutes.' }).waitFor()
    // Another login is not affected by that throttle.
    await page.getByLabel('Email or username').fill('fatima')
    await page.getByLabel('Password').fill('the first facilitator')
    await page.getByRole('button', { name: 'Sign in', exact: true }).click()
    await page.waitForURL(`${world.plank.url}/`)
    await page.locator('.you-name', { hasText: 'Fatima Haddad' }).waitFor()
  })
})

describe('session ends while a platform is open', () => {
  it('shows the sign-in screen with a message, and the platform again after signing in', async () => {
    const { context, page } = await newPage()
    await signInThroughDemoPanel(page, world.plank.url, ana.name)
    await expect.poll(() => statusText(page)).toBe('Saved')
    // The session ends elsewhere (another tab signs out): the relay closes this page's connection.
    expect((await context.request.delete(`${world.plank.url}/api/session`)).status()).toBe(204)
    await page.getByRole('heading', { name: 'Sign in to Plank' }).waitFor()
    await page.getByRole('alert').filter({ hasText: 'You are not signed in, or your session has ended.' }).waitFor()
    expect(page.url()).toBe(`${world.plank.url}/p/${world.info.id}`)
    await page.getByRole('button', { name: `Sign in as ${ana.name}`, exact: true }).click()
    await page.locator('h1', { hasText: world.info.title }).waitFor()
    await expect.poll(() => statusText(page)).toBe('Saved')
  })

  it('lays the platform out for a phone', async () => {
    const { page } = await world.chromium.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })
    await signInThroughDemoPanel(page, world.plank.url, ana.name)
    await expect.poll(() => statusText(page)).toBe('Saved')
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true)
    await page.screenshot({ path: artifactPath('platform-phone.png') })
    await expectNoSeriousViolations(page)
  })
})

describe('roles in the editor', () => {
  it('a delegate sees another organization’s section read-only, with the reason, and cannot change it', async () => {
    const other = world.info.sections.find((s) => s.ownerOrgId === org('HCA').id)
    const own = world.info.sections.find((s) => s.ownerOrgId === ana.orgId)
    if (!other || !own) throw new Error('sample platform needs an HCA and an RTU section')
    const { page } = await newPage()
    await signInThroughDemoPanel(page, world.plank.url, ana.name)
    await page.goto(`${world.plank.url}/p/${world.info.id}#${other.id}`)
    await editorOf(page, other.id).waitFor()
    await expect.poll(() => statusText(page)).toBe('Saved')

    expect(await sectionOf(page, other.id).locator('.section-readonly').textContent()).toContain('Owned by Health Care for All Coalition — you can comment')
    expect(await editorOf(page, other.id).getAttribute('contenteditable')).toBe('false')
    expect(await sectionOf(page, other.id).locator('[role="toolbar"]').count()).toBe(0)
    const before = await editorOf(page, other.id).textContent()
    await editorOf(page, other.id).click()
    await page.keyboard.type('Sneaky edit', { delay: 10 })
    await page.keyboard.press('Backspace')
    await page.keyboard.press('Enter')
    await new Promise((r) => setTimeout(r, 500))
    expect(await editorOf(page, other.id).textContent()).toBe(before)
    expect(await statusText(page)).toBe('Saved')

    // Her own organization's section is editable, with a toolbar and no reason shown.
    await page.locator(`nav a[href="#${own.id}"]`).click()
    await editorOf(page, own.id).waitFor()
    expect(await editorOf(page, own.id).getAttribute('contenteditable')).toBe('true')
    expect(await sectionOf(page, own.id).locator('.section-readonly').count()).toBe(0)

    await page.locator(`nav a[href="#${other.id}"]`).click()
    await sectionOf(page, other.id).screenshot({ path: artifactPath('readonly.png') })
    await expectNoSeriousViolations(page)
  })

  it('a facilitator locking a section turns the delegate’s open editor read-only at once', async () => {
    const own = world.info.sections.find((s) => s.ownerOrgId === ana.orgId)
    if (!own) throw new Error('sample platform needs an RTU section')
    const delegate = await newPage()
    await signInThroughDemoPanel(delegate.page, world.plank.url, ana.name)
    await delegate.page.goto(`${world.plank.url}/p/${world.info.id}#${own.id}`)
    await editorOf(delegate.page, own.id).waitFor()
    await typeAtEnd(delegate.page, own.id, ' Ana was typing here.')
    await expect.poll(() => statusText(delegate.page)).toBe('Saved')
    expect(await editorOf(delegate.page, own.id).getAttribute('contenteditable')).toBe('true')

    // The facilitator locks it through the settings screen.
    const facilitator = await newPage()
    await signInThroughDemoPanel(facilitator.page, world.plank.url, world.maya.name)
    await facilitator.page.getByRole('link', { name: 'Settings' }).click()
    await facilitator.page.getByRole('tab', { name: 'Sections' }).click()
    const lock = facilitator.page.getByRole('checkbox', { name: `Locked: ${own.title}` })
    expect(await lock.isChecked()).toBe(false)
    await lock.click()
    await expect.poll(() => lock.isChecked()).toBe(true)

    await expect.poll(() => editorOf(delegate.page, own.id).getAttribute('contenteditable')).toBe('false')
    await expect.poll(() => sectionOf(delegate.page, own.id).locator('.section-readonly').textContent()).toContain('Locked by the facilitators')
    const before = await editorOf(delegate.page, own.id).textContent()
    await editorOf(delegate.page, own.id).click()
    await delegate.page.keyboard.type('more', { delay: 10 })
    await new Promise((r) => setTimeout(r, 400))
    expect(await editorOf(delegate.page, own.id).textContent()).toBe(before)
    expect(before).toContain('Ana was typing here.')

    // Unlocking gives the editor back, live.
    await lock.click()
    await expect.poll(() => editorOf(delegate.page, own.id).getAttribute('contenteditable')).toBe('true')
  })

  // The fresh reader below once missed its editor in about one full run in five: its goto to
  // `#<section>` sometimes landed while the page mounted, between the page's first read of the hash
  // and its hashchange listener, so the section never scrolled into view or mounted. The page now
  // reads the hash with useSyncExternalStore (routes.ts useLocationHash); device-and-links has the
  // deterministic version of that race.
  it('keeps text the server refused as a recovered draft and shows the server’s text in the editor', async () => {
    const sectionId = await createSection('Tenant protections', ana.orgId)
    const delegate = await newPage({ clipboard: true })
    await signInThroughDemoPanel(delegate.page, world.plank.url, ana.name)
    await delegate.page.goto(`${world.plank.url}/p/${world.info.id}#${sectionId}`)
    await editorOf(delegate.page, sectionId).waitFor()
    await typeAtEnd(delegate.page, sectionId, 'Every tenant gets a written lease.')
    await expect.poll(() => statusText(delegate.page)).toBe('Saved')

    // Offline, Ana keeps writing; meanwhile the section moves to another organization.
    await delegate.context.setOffline(true)
    await expect.poll(() => statusText(delegate.page)).toBe('Offline — changes kept on this device')
    const offlineText = ' Rent increases are capped at inflation.'
    await typeAtEnd(delegate.page, sectionId, offlineText)
    expect(await editorOf(delegate.page, sectionId).textContent()).toContain(offlineText.trim())
    const moved = await apiAs(world.plank.url, world.mayaCookie, 'PATCH', `/api/platforms/${world.info.id}/sections/${sectionId}`, {
      ownerOrgId: org('HCA').id,
    })
    expect(moved.status).toBe(200)

    // Back online: the relay refuses her update; the page starts over and keeps her text as a draft.
    await delegate.context.setOffline(false)
    const draft = sectionOf(delegate.page, sectionId).locator('.draft-panel')
    await draft.waitFor({ timeout: 20_000 })
    expect(await draft.locator('.draft-title').textContent()).toBe(
      'Your recovered draft — this change could not be saved: the section now belongs to Health Care for All Coalition',
    )
    expect(await draft.locator('.draft-text').textContent()).toBe(`Every tenant gets a written lease.${offlineText}`)

    // The editor shows the server's state: without the refused sentence, read-only with the new owner.
    await editorOf(delegate.page, sectionId).waitFor()
    await expect.poll(() => editorOf(delegate.page, sectionId).textContent()).toBe('Every tenant gets a written lease.')
    expect(await editorOf(delegate.page, sectionId).getAttribute('contenteditable')).toBe('false')
    expect(await sectionOf(delegate.page, sectionId).locator('.section-readonly').textContent()).toContain('Owned by Health Care for All Coalition')
    await expect.poll(() => statusText(delegate.page)).toBe('Saved')

    // The server never got it: a fresh reader sees the text without the refused sentence.
    const reader = await newPage()
    await signInThroughDemoPanel(reader.page, world.plank.url, world.maya.name)
    await reader.page.goto(`${world.plank.url}/p/${world.info.id}#${sectionId}`)
    await expect.poll(() => editorOf(reader.page, sectionId).textContent()).toBe('Every tenant gets a written lease.')

    await sectionOf(delegate.page, sectionId).screenshot({ path: artifactPath('recovered-draft.png') })
    await expectNoSeriousViolations(delegate.page)

    // Copy puts the draft on the clipboard, with a visible confirmation.
    await draft.getByRole('button', { name: 'Copy' }).click()
    await draft.getByText('Copied').waitFor()
    expect(await delegate.page.evaluate(() => navigator.clipboard.readText())).toBe(`Every tenant gets a written lease.${offlineText}`)

    // The draft survives a reload, until dismissed.
    await delegate.page.reload()
    await sectionOf(delegate.page, sectionId).locator('.draft-panel').waitFor()
    await sectionOf(delegate.page, sectionId).getByRole('button', { name: 'Dismiss' }).click()
    expect(await sectionOf(delegate.page, sectionId).locator('.draft-panel').count()).toBe(0)
    await delegate.page.reload()
    await editorOf(delegate.page, sectionId).waitFor()
    await expect.poll(() => statusText(delegate.page)).toBe('Saved')
    expect(await sectionOf(delegate.page, sectionId).locator('.draft-panel').count()).toBe(0)
  })
})

describe('platform settings', () => {
  it('invites a person who creates an account and lands with the right badges; a role change reaches their editor live', async () => {
    const wu88 = org('WU88')
    const wuSection = world.info.sections.find((s) => s.ownerOrgId === wu88.id)
    if (!wuSection) throw new Error('sample platform needs a WU88 section')
    const facilitator = await newPage({ clipboard: true })
    const fp = facilitator.page
    await signInThroughDemoPanel(fp, world.plank.url, world.maya.name)
    await fp.getByRole('link', { name: 'Settings' }).click()
    await fp.waitForURL(/\/settings/)
    await fp.getByRole('heading', { name: 'Platform settings' }).waitFor()

    // Every tab renders and passes axe.
    for (const [tab, file, probe] of [
      ['Organizations', 'settings-organizations.png', 'Riverside Tenants Union'],
      ['People', 'settings-people.png', 'Ana Torres'],
      ['Sections', 'settings-sections.png', 'Removed sections'],
      ['Audit log', 'settings-audit.png', 'Maya Okafor'],
      ['Invitations', 'settings-invitations.png', 'New invitation'],
    ] as const) {
      await fp.getByRole('tab', { name: tab }).click()
      await fp.getByRole('tabpanel').getByText(probe).first().waitFor()
      await fp.screenshot({ path: artifactPath(file), fullPage: true })
      await expectNoSeriousViolations(fp)
    }

    // Create an invitation for a delegate of WU88.
    await fp.getByLabel('Role', { exact: true }).selectOption('delegate')
    await fp.getByLabel('Organization', { exact: true }).selectOption(wu88.id)
    await fp.getByLabel('For (name)').fill('Sam Rivera')
    await fp.getByRole('button', { name: 'Create invitation' }).click()
    const linkInput = fp.getByRole('textbox', { name: 'Invitation link' })
    await linkInput.waitFor()
    const link = await linkInput.inputValue()
    expect(link).toMatch(new RegExp(`^${world.plank.url}/invite#.+`))
    await fp.getByRole('button', { name: 'Copy link' }).click()
    await fp.getByText('Copied', { exact: true }).waitFor()
    expect(await fp.evaluate(() => navigator.clipboard.readText())).toBe(link)
    const row = fp.locator('.invitations-table tr', { hasText: 'Sam Rivera' })
    await expect.poll(() => row.getAttribute('data-status')).toBe('pending')
    expect(await row.textContent()).toContain('Pending')
    await fp.screenshot({ path: artifactPath('settings-invitations.png'), fullPage: true })
    await expectNoSeriousViolations(fp)

    // A fresh browser opens the link and creates an account.
    const invitee = await newPage()
    const ip = invitee.page
    await ip.goto(link)
    await ip.getByText(`You are invited to ${world.info.title} as Delegate of ${wu88.name}.`).waitFor()
    expect(await ip.getByLabel('Your name').inputValue()).toBe('Sam Rivera')
    // A taken username: the server's answer lands on that field.
    await ip.getByLabel('Username').fill('fatima')
    await ip.getByLabel('Password').fill('a sturdy passphrase')
    await ip.getByRole('button', { name: 'Create account and join' }).click()
    await ip.getByText('That username or email is already taken.').waitFor()
    expect(await ip.getByLabel('Username').getAttribute('aria-invalid')).toBe('true')
    await ip.getByLabel('Username').fill('sam.rivera')
    await ip.getByLabel('Password').fill('short')
    await ip.getByRole('button', { name: 'Create account and join' }).click()
    await ip.getByText('The password needs at least 10 characters.').waitFor()
    expect(await ip.getByLabel('Password').getAttribute('aria-invalid')).toBe('true')
    await ip.screenshot({ path: artifactPath('invite.png'), fullPage: true })
    await expectNoSeriousViolations(ip)
    await ip.getByLabel('Password').fill('a sturdy passphrase')
    await ip.getByRole('button', { name: 'Create account and join' }).click()
    await ip.waitForURL(`${world.plank.url}/p/${world.info.id}`)
    await ip.locator('.you-name', { hasText: 'Sam Rivera' }).waitFor()
    await expect.poll(() => ip.locator('.app-header .you .role-badge').textContent()).toBe('Delegate')
    expect(await ip.locator('.app-header .you .org-badge').textContent()).toBe('WU88')
    await expectNoSeriousViolations(ip)

    // The invitation now shows as used.
    await fp.reload()
    await expect.poll(() => fp.locator('.invitations-table tr', { hasText: 'Sam Rivera' }).getAttribute('data-status')).toBe('used')

    // Sam edits his organization's section…
    await ip.goto(`${world.plank.url}/p/${world.info.id}#${wuSection.id}`)
    await editorOf(ip, wuSection.id).waitFor()
    await expect.poll(() => editorOf(ip, wuSection.id).getAttribute('contenteditable')).toBe('true')
    await typeAtEnd(ip, wuSection.id, ' Sam was here.')
    await expect.poll(() => statusText(ip)).toBe('Saved')

    // …until the facilitator makes him an observer: his open editor turns read-only at once.
    await fp.getByRole('tab', { name: 'People' }).click()
    const samRow = fp.locator('.people-table tr', { hasText: 'Sam Rivera' })
    await samRow.waitFor()
    expect(await samRow.textContent()).toContain('@sam.rivera')
    await fp.getByLabel('Role of Sam Rivera').selectOption('observer')
    await expect.poll(() => samRow.locator('.role-badge').textContent()).toBe('Observer')
    await expect.poll(() => editorOf(ip, wuSection.id).getAttribute('contenteditable')).toBe('false')
    await expect.poll(() => sectionOf(ip, wuSection.id).locator('.section-readonly').textContent()).toContain('You are observing — read only')
    await expect.poll(() => ip.locator('.app-header .you .role-badge').textContent()).toBe('Observer')
    expect(await editorOf(ip, wuSection.id).textContent()).toContain('Sam was here.')

    // The audit log records the invitation and the role change.
    await fp.getByRole('tab', { name: 'Audit log' }).click()
    await expect.poll(async () => (await fp.locator('.audit-table tbody tr').count()) >= 2).toBe(true)
    await expect.poll(() => fp.locator('.audit-verify').textContent()).toMatch(/The audit chain is intact: \d+ entries verified\./)
    // In words: what was done, to whom, from what to what; never an id or an action's code name.
    const roleChange = fp.locator('.audit-table tbody tr', { hasText: 'Changed a member’s role or organization' })
    await roleChange.waitFor()
    const roleChangeText = (await roleChange.textContent()) ?? ''
    expect(roleChangeText).toContain('Maya Okafor')
    expect(roleChangeText).toContain('Person: Sam Rivera')
    expect(roleChangeText).toContain(`From: Delegate, ${wu88.name}`)
    expect(roleChangeText).toContain(`To: Observer, ${wu88.name}`)
    const invitationRow = fp.locator('.audit-table tbody tr', { hasText: 'Created an invitation' }).first()
    const invitationText = (await invitationRow.textContent()) ?? ''
    for (const words of ['For: Sam Rivera', 'Role: Delegate', `Organization: ${wu88.name}`, 'Expires: ']) expect(invitationText).toContain(words)
    expect(await fp.locator('.audit-table tbody tr', { hasText: 'Accepted an invitation and joined the platform' }).count()).toBe(1)
    const tableText = (await fp.locator('.audit-table').textContent()) ?? ''
    expect(tableText).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/)
    expect(tableText).not.toMatch(/\b(member|invitation|section|organization|platform|signoff)\.[a-zA-Z]+/)
    expect(tableText).not.toContain('{')
    await fp.screenshot({ path: artifactPath('settings-audit.png'), fullPage: true })
  })

  it('facilitators manage sections: add, rename, reorder, remove and restore, live on the platform', async () => {
    const facilitator = await newPage()
    const fp = facilitator.page
    await signInThroughDemoPanel(fp, world.plank.url, world.maya.name)
    const reader = await newPage()
    await signInThroughDemoPanel(reader.page, world.plank.url, ana.name)
    await fp.goto(`${world.plank.url}/p/${world.info.id}/settings#sections`)
    await fp.getByRole('tab', { name: 'Sections', selected: true }).waitFor()

    // Organizations: add one, then edit it; the list follows gov live.
    await fp.getByRole('tab', { name: 'Organizations' }).click()
    await fp.getByLabel('Name', { exact: true }).fill('Climate Justice Now')
    await fp.getByLabel('Short name', { exact: true }).fill('CJN')
    await fp.getByRole('button', { name: 'Add', exact: true }).click()
    const orgRow = fp.locator('.settings-row', { hasText: 'Climate Justice Now' })
    await expect.poll(() => orgRow.locator('.org-badge').textContent()).toBe('CJN')
    const editing = fp.locator(`.settings-row[data-org-id="${await orgRow.getAttribute('data-org-id')}"]`)
    await fp.getByRole('button', { name: 'Edit Climate Justice Now' }).click()
    await editing.getByLabel('Short name').fill('CJ-Now')
    await editing.getByRole('button', { name: 'Save' }).click()
    await expect.poll(() => editing.locator('.org-badge').textContent()).toBe('CJ-Now')
    await fp.getByRole('tab', { name: 'Sections' }).click()

    await fp.getByLabel('Title', { exact: true }).fill('Climate and transit')
    await fp.getByLabel('Owner', { exact: true }).selectOption(org('PPS').id)
    await fp.getByRole('button', { name: 'Add section' }).click()
    const row = fp.locator('.section-row', { hasText: 'Climate and transit' })
    await row.waitFor()
    const sectionId = await row.getAttribute('data-section-id')
    if (!sectionId) throw new Error('no section id')
    await reader.page.locator(`nav a[href="#${sectionId}"]`).waitFor()

    await fp.getByRole('button', { name: 'Rename Climate and transit' }).click()
    await fp.getByLabel('Rename Climate and transit').fill('Climate, transit and clean air')
    await fp.getByRole('button', { name: 'Save', exact: true }).click()
    await expect.poll(() => reader.page.locator(`nav a[href="#${sectionId}"]`).textContent()).toBe('Climate, transit and clean air')

    const titles = () => fp.locator('.section-row .section-title').allTextContents()
    const before = await titles()
    await fp.getByRole('button', { name: 'Move Climate, transit and clean air up' }).click()
    await expect.poll(async () => (await titles()).indexOf('Climate, transit and clean air')).toBe(before.indexOf('Climate, transit and clean air') - 1)
    await expect
      .poll(async () => (await reader.page.locator('nav a[href^="#"]').allTextContents()).indexOf('Climate, transit and clean air'))
      .toBe(before.indexOf('Climate, transit and clean air') - 1)

    await fp.getByRole('button', { name: 'Remove Climate, transit and clean air' }).click()
    await fp.getByRole('button', { name: 'Yes, remove Climate, transit and clean air' }).click()
    const removed = fp.locator('.removed-list li', { hasText: 'Climate, transit and clean air' })
    await removed.waitFor()
    await expect.poll(() => reader.page.locator(`nav a[href="#${sectionId}"]`).count()).toBe(0)
    await fp.screenshot({ path: artifactPath('settings-sections.png'), fullPage: true })
    await expectNoSeriousViolations(fp)
    await fp.getByRole('button', { name: 'Restore Climate, transit and clean air' }).click()
    await expect.poll(() => removed.count()).toBe(0)
    await reader.page.locator(`nav a[href="#${sectionId}"]`).waitFor()
  })
})
