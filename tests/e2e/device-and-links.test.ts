import * as Y from 'yjs'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { sectionRoot } from '../../shared/documents.js'
import { encodeAnchor } from '../../shared/section-text.js'
import type { RunningPlank } from '../helpers/server.js'
import { closeBrowserAndPlank, startPlankAndBrowser } from '../helpers/e2e-setup.js'
import {
  apiAs,
  artifactPath,
  demoCookie,
  demoPeople,
  signInThroughDemoPanel,
  type TestBrowser,
  sectionOf,
  editorOf,
  statusText,
  typeAtEnd,
  personNamed,
  type DemoPerson,
} from '../helpers/browser.js'

let plank: RunningPlank
let chromium: TestBrowser
let people: DemoPerson[]
let platformId: string
let mayaCookie: string
const relayLog: string[] = []

const newContext = () => chromium.newPage()

async function createSection(title: string, ownerOrgId: string | null): Promise<string> {
  const res = await apiAs<{ id: string }>(plank.url, mayaCookie, 'POST', `/api/platforms/${platformId}/sections`, { title, ownerOrgId })
  expect(res.status).toBe(201)
  return res.body.id
}

/** What this origin keeps in IndexedDB and localStorage. */
const deviceState = (page: Page) =>
  page.evaluate(async () => ({
    databases: (await indexedDB.databases()).map((d) => d.name ?? '').sort(),
    storage: Object.keys(localStorage).sort(),
    storageText: Object.values(localStorage).join('\n'),
  }))

/** Every stored update of a y-indexeddb database (none when it has no update store). */
async function storedUpdates(page: Page, name: string): Promise<Uint8Array[]> {
  const updates = await page.evaluate(
    (dbName) =>
      new Promise<number[][]>((resolve, reject) => {
        const open = indexedDB.open(dbName)
        open.onerror = () => reject(open.error)
        open.onsuccess = () => {
          const db = open.result
          if (!db.objectStoreNames.contains('updates')) {
            db.close()
            resolve([])
            return
          }
          const all = db.transaction('updates').objectStore('updates').getAll()
          all.onsuccess = () => {
            db.close()
            resolve((all.result as Uint8Array[]).map((u) => [...u]))
          }
          all.onerror = () => reject(all.error)
        }
      }),
    name,
  )
  return updates.map((u) => new Uint8Array(u))
}

/** The stored updates as text (strings in Yjs updates are UTF-8). */
const storedText = async (page: Page, name: string): Promise<string> => (await storedUpdates(page, name)).map((u) => new TextDecoder().decode(u)).join('\n')

/** A y-indexeddb database's stored updates, applied to a fresh document. */
async function storedDocument(page: Page, name: string): Promise<Y.Doc> {
  const doc = new Y.Doc()
  for (const u of await storedUpdates(page, name)) Y.applyUpdate(doc, u)
  return doc
}

/** Writes into the server's live document, as the server itself would (stored and relayed). */
function serverWrite(write: (doc: Y.Doc) => void): void {
  write(plank.plank.rooms.open(platformId)!.doc)
}

const sectionJson = (sectionId: string): string => JSON.stringify(plank.plank.rooms.open(platformId)!.doc.getXmlFragment(sectionRoot(sectionId)).toJSON())

const person = (name: string): DemoPerson => personNamed(people, name)

beforeAll(async () => {
  ;({ plank, chromium } = await startPlankAndBrowser({ config: { log: (line: string) => relayLog.push(line) } }))
  people = await demoPeople(plank.url)
  platformId = plank.sample.platformId
  mayaCookie = await demoCookie(plank.url, person('Maya Okafor').id)
})

// Pages of one test must not edit what the next one checks.
afterEach(async () => {
  await chromium.closeContexts()
})

afterAll(() => closeBrowserAndPlank(chromium, plank))

describe('device copies belong to one person', () => {
  it('signing out leaves no trace of A for B on the same browser: no drafts, no text, no database', async () => {
    const ana = person('Ana Torres')
    const grace = person('Grace Kim')
    const draftSection = await createSection('Device test: refused', ana.orgId)
    const pendingSection = await createSection('Device test: pending', ana.orgId)
    const { context, page } = await newContext()
    await signInThroughDemoPanel(page, plank.url, ana.name)
    await page.goto(`${plank.url}/p/${platformId}#${draftSection}`)
    await editorOf(page, draftSection).waitFor()
    await typeAtEnd(page, draftSection, 'Saved words.')
    await expect.poll(() => statusText(page)).toBe('Saved')

    // Offline, Ana writes; the section moves to another organization: her text becomes a recovered draft.
    await context.setOffline(true)
    await typeAtEnd(page, draftSection, ' ANA-DRAFT-SECRET')
    const moved = await apiAs(plank.url, mayaCookie, 'PATCH', `/api/platforms/${platformId}/sections/${draftSection}`, { ownerOrgId: grace.orgId })
    expect(moved.status).toBe(200)
    await context.setOffline(false)
    await sectionOf(page, draftSection).locator('.draft-panel').waitFor({ timeout: 20_000 })

    // Offline again: text that never reaches the server.
    await context.setOffline(true)
    await expect.poll(() => statusText(page)).toBe('Offline — changes kept on this device')
    await editorOf(page, pendingSection).scrollIntoViewIfNeeded()
    await typeAtEnd(page, pendingSection, 'ANA-PENDING-SECRET')
    await new Promise((r) => setTimeout(r, 500))
    const before = await deviceState(page)
    const anaDb = `plank:${ana.id}:${platformId}`
    expect(before.databases).toContain(anaDb)
    const stored = await storedDocument(page, anaDb)
    expect(JSON.stringify(stored.getXmlFragment(sectionRoot(pendingSection)).toJSON())).toContain('ANA-PENDING-SECRET')
    expect(before.storageText).toContain('ANA-DRAFT-SECRET')

    // She signs out (still offline), the network returns, Grace signs in on the same browser.
    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor()
    await context.setOffline(false)
    await signInThroughDemoPanel(page, plank.url, grace.name)
    await page.goto(`${plank.url}/p/${platformId}#${draftSection}`)
    await editorOf(page, draftSection).waitFor()
    await expect.poll(() => statusText(page)).toBe('Saved')
    expect(await page.locator('.draft-panel').count()).toBe(0)
    expect(await page.locator('body').textContent()).not.toContain('ANA-')
    const after = await deviceState(page)
    expect(after.databases.filter((n) => n.includes(ana.id))).toEqual([])
    expect(after.databases).not.toContain(`plank:${platformId}`)
    expect(after.databases).toContain(`plank:${grace.id}:${platformId}`)
    expect(after.storage.filter((k) => k.includes(ana.id))).toEqual([])
    expect(after.storageText).not.toContain('ANA-')
    // The server never got the pending text.
    expect(sectionJson(pendingSection)).not.toContain('ANA-PENDING-SECRET')
  })

  it('a removed member’s device drops that platform', async () => {
    const rosa = person('Rosa Delgado')
    const { page } = await newContext()
    await signInThroughDemoPanel(page, plank.url, rosa.name)
    await page.goto(`${plank.url}/p/${platformId}`)
    await expect.poll(() => statusText(page)).toBe('Saved')
    const db = `plank:${rosa.id}:${platformId}`
    await expect.poll(async () => (await deviceState(page)).databases).toContain(db)
    const removed = await apiAs(plank.url, mayaCookie, 'DELETE', `/api/platforms/${platformId}/members/${rosa.id}`)
    expect([200, 204]).toContain(removed.status)
    await page
      .getByRole('heading', { name: 'You do not have access to this platform' })
      .waitFor()
      .catch(async () => {
        await page.screenshot({ path: artifactPath('device-removed-member.png') })
        throw new Error('the page did not say the access is gone')
      })
    await expect.poll(async () => (await deviceState(page)).databases).not.toContain(db)
    // Offline and reloaded: nothing of the platform is shown.
    await page.context().setOffline(true)
    await page.reload()
    await new Promise((r) => setTimeout(r, 1_000))
    expect(await page.locator('[data-section-id]').count()).toBe(0)
    await page.context().setOffline(false)
  })

  it('a hidden comment’s body leaves the device copy', async () => {
    const jordan = person('Jordan Lee')
    const grace = person('Grace Kim')
    const sectionId = await createSection('Device test: comments', grace.orgId)
    serverWrite((doc) => {
      const p = new Y.XmlElement('paragraph')
      p.insert(0, [new Y.XmlText('Words someone will comment on.')])
      doc.getXmlFragment(sectionRoot(sectionId)).insert(0, [p])
    })
    const { page } = await newContext()
    await signInThroughDemoPanel(page, plank.url, jordan.name)
    await page.goto(`${plank.url}/p/${platformId}#${sectionId}`)
    await expect.poll(() => statusText(page)).toBe('Saved')

    const text = (plank.plank.rooms.open(platformId)!.doc.getXmlFragment(sectionRoot(sectionId)).get(0) as Y.XmlElement).get(0) as Y.XmlText
    const body = 'HIDE-ME-INSULTING-BODY-7f3a'
    const created = await apiAs<{ id: string }>(plank.url, await demoCookie(plank.url, grace.id), 'POST', `/api/platforms/${platformId}/comments`, {
      sectionId,
      start: encodeAnchor(Y.createRelativePositionFromTypeIndex(text, 0)),
      end: encodeAnchor(Y.createRelativePositionFromTypeIndex(text, 5)),
      body,
    })
    expect(created.status).toBe(201)
    const db = `plank:${jordan.id}:${platformId}`
    await expect.poll(() => storedText(page, db), { timeout: 10_000 }).toContain(body)

    const hidden = await apiAs(plank.url, mayaCookie, 'POST', `/api/platforms/${platformId}/comments/${created.body.id}/hide`, { reason: 'insulting' })
    expect(hidden.status).toBe(200)
    await expect.poll(() => storedText(page, db), { timeout: 10_000 }).not.toContain(body)
    // The copy is still complete: a reload offline shows the section's text.
    await page.context().setOffline(true)
    await page.reload()
    await expect.poll(() => sectionOf(page, sectionId).textContent(), { timeout: 10_000 }).toContain('Words someone will comment on.')
    expect(await page.locator('body').textContent()).not.toContain(body)
    await page.context().setOffline(false)
  })
})

describe('links and content the editor does not know', () => {
  it('a section link that changes while the platform page mounts is still followed: the page scrolls there and opens its editor', async () => {
    // The hash changes after the page first read it and before it listens for changes (a link followed, or a
    // script's goto, just as the page mounts); a page that missed it never mounted that section's editor.
    const late = await createSection('Linked while the page mounts', null)
    const { page } = await newContext()
    await signInThroughDemoPanel(page, plank.url, person('Ana Torres').name)
    await page.addInitScript((sectionId) => {
      // Mutation observers run right after React commits the page, before its effects run.
      const observer = new MutationObserver(() => {
        if (!document.querySelector('.save-status-text')) return
        observer.disconnect()
        history.replaceState(null, '', `#${sectionId}`)
        window.dispatchEvent(new HashChangeEvent('hashchange'))
      })
      observer.observe(document, { childList: true, subtree: true })
    }, late)
    await page.reload()
    await editorOf(page, late).waitFor({ timeout: 15_000 })
    expect(new URL(page.url()).hash).toBe(`#${late}`)
    expect(await page.locator(`nav a[href="#${late}"]`).getAttribute('aria-current')).toBe('location')
  })

  it('a crafted link renders with the fixed rel and target and no class; the opened page has no opener', async () => {
    const sectionId = await createSection('Links test', null)
    serverWrite((doc) => {
      const p = new Y.XmlElement('paragraph')
      const t = new Y.XmlText()
      t.insert(0, 'Read the official notice', {
        link: { href: `${plank.url}/healthz`, target: '_self', rel: 'opener', class: 'banner banner-error', title: 'x', onclick: 'alert(1)' },
      })
      t.insert(t.length, ' and ')
      t.insert(t.length, 'this one', { link: { href: 'javascript:alert(document.cookie)' } })
      p.insert(0, [t])
      doc.getXmlFragment(sectionRoot(sectionId)).insert(0, [p])
    })
    const { context, page } = await newContext()
    await signInThroughDemoPanel(page, plank.url, person('Jordan Lee').name)
    // Before the editor mounts (the static rendering of a section far down the page)…
    await page.goto(`${plank.url}/p/${platformId}`)
    const staticLink = sectionOf(page, sectionId).locator('.static-text a', { hasText: 'official notice' })
    await staticLink.waitFor({ state: 'attached' })
    expect(await staticLink.evaluate((a) => Object.fromEntries([...a.attributes].map((x) => [x.name, x.value])))).toEqual({
      href: `${plank.url}/healthz`,
      rel: 'noopener noreferrer nofollow',
      target: '_blank',
    })
    expect(await sectionOf(page, sectionId).locator('.static-text a', { hasText: 'this one' }).count()).toBe(0)
    // …and in the editor.
    await page.goto(`${plank.url}/p/${platformId}#${sectionId}`)
    const link = editorOf(page, sectionId).locator('a', { hasText: 'official notice' })
    await link.waitFor()
    const attrs = await link.evaluate((a) => Object.fromEntries([...a.attributes].map((x) => [x.name, x.value])))
    expect(attrs).toEqual({ href: `${plank.url}/healthz`, target: '_blank', rel: 'noopener noreferrer nofollow' })
    const bad = editorOf(page, sectionId).locator('a', { hasText: 'this one' })
    expect(await bad.getAttribute('href')).toBe('')
    await sectionOf(page, sectionId).screenshot({ path: artifactPath('crafted-links.png') })

    // The reader's editor is read-only: a click opens the link in a new tab, without an opener.
    const [opened] = await Promise.all([context.waitForEvent('page'), link.click()])
    await opened.waitForLoadState()
    expect(await opened.evaluate(() => window.opener)).toBeNull()
    expect(page.url()).toContain(`/p/${platformId}`)
    await opened.close()
  })

  it('a reader’s editor never writes: unknown nodes, marks and attributes are shown as best it can, nothing is refused', async () => {
    // Owned by an organization nobody with a page open here writes for.
    const sectionId = await createSection('Unknown content test', person('Amina Yusuf').orgId)
    serverWrite((doc) => {
      const body = doc.getXmlFragment(sectionRoot(sectionId))
      const before = new Y.XmlElement('paragraph')
      before.insert(0, [new Y.XmlText('Readable text before.')])
      const blink = new Y.XmlElement('blink')
      blink.insert(0, [new Y.XmlText('Unknown element')])
      const marked = new Y.XmlElement('paragraph')
      marked.setAttribute('onclick', 'alert(1)')
      const t = new Y.XmlText()
      t.insert(0, 'Glowing words', { glow: { intensity: 11 } })
      marked.insert(0, [t])
      const nested = new Y.XmlElement('heading')
      nested.setAttribute('level', 99 as unknown as string)
      nested.insert(0, [new Y.XmlElement('bulletList')])
      const after = new Y.XmlElement('paragraph')
      after.insert(0, [new Y.XmlText('Readable text after.')])
      body.insert(0, [before, blink, marked, nested, after])
    })
    const stored = sectionJson(sectionId)
    const refusalsBefore = relayLog.filter((l) => l.includes('refused')).length

    const { page } = await newContext()
    await signInThroughDemoPanel(page, plank.url, person('Ana Torres').name)
    for (let round = 0; round < 2; round++) {
      if (round === 0) await page.goto(`${plank.url}/p/${platformId}#${sectionId}`)
      else await page.reload()
      await editorOf(page, sectionId).waitFor()
      await expect.poll(() => editorOf(page, sectionId).textContent()).toContain('Readable text after.')
      expect(await editorOf(page, sectionId).getAttribute('contenteditable')).toBe('false')
      await new Promise((r) => setTimeout(r, 1_500))
      expect(await statusText(page)).toBe('Saved')
      expect(await page.locator('.banner-error').count()).toBe(0)
    }
    // Her own section still takes her words.
    const own = await createSection('Unknown content test: own', person('Ana Torres').orgId)
    await page.goto(`${plank.url}/p/${platformId}#${own}`)
    await editorOf(page, own).waitFor()
    await typeAtEnd(page, own, 'Still writing.')
    await expect.poll(() => statusText(page)).toBe('Saved')
    expect(sectionJson(own)).toContain('Still writing.')

    expect(relayLog.filter((l) => l.includes('refused')).length).toBe(refusalsBefore)
    expect(sectionJson(sectionId)).toBe(stored)
  })
})
