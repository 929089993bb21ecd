import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { expectNoAxeViolations } from '../helpers/axe-any-impact.js'
import { artifactPath, sectionOf } from '../helpers/browser.js'
import { demoPersonPage, e2eWorld } from '../helpers/e2e-setup.js'

/**
 * Importing from Word or Markdown in Chromium (issue 16, item 6): from the
 * home page a facilitator uploads the Word fixture, reads the preview (the
 * sections and their text, nothing created yet), confirms and lands on the
 * new platform with those sections; a file without headings says so; in
 * Settings → Sections a Markdown file appends sections to the platform.
 */
const world = e2eWorld({ closeContextsAfterEach: true })
const fixture = (name: string): string => resolve('tests/fixtures/import', name)

describe('import from Word or Markdown in the browser', () => {
  it('the home page: upload the .docx, see the preview, confirm, land on the platform with its sections', async () => {
    const page = await demoPersonPage(world, 'Maya Okafor')
    await page.goto(world.plank.url)
    const platformsBefore = world.plank.plank.store.listPlatforms().length
    await page.getByRole('button', { name: 'Import from Word or Markdown' }).click()
    // Focus goes to the file field; it and the level have labels.
    const file = page.getByLabel('File (.docx or .md, at most 10 MB)')
    await expect.poll(() => file.evaluate((el) => el === document.activeElement)).toBe(true)
    await file.setInputFiles(fixture('word-example.docx'))
    await page.getByLabel('Sections start at headings of level').selectOption('1')
    await page.getByRole('button', { name: 'Show the sections' }).click()

    const preview = page.getByRole('region', { name: 'What will be created' })
    await preview.waitFor()
    // Focus moved to the preview's heading, so a screen reader reads it next.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('What will be created')
    const items = preview.getByRole('listitem')
    await expect.poll(() => items.count()).toBe(2)
    expect(await items.nth(0).textContent()).toContain('Introduction')
    expect(await items.nth(0).textContent()).toContain('expect I expect A')
    expect(await items.nth(1).textContent()).toContain('Heading 1')
    expect(await preview.textContent()).toContain('2 sections')
    expect(await preview.getByLabel('Title of the new platform').inputValue()).toBe('word-example')
    // Nothing is created before Confirm.
    expect(world.plank.plank.store.listPlatforms()).toHaveLength(platformsBefore)
    await expectNoAxeViolations(page, '.import-card')
    await page.locator('.import-card').screenshot({ path: artifactPath('import-preview.png') })
    await page.screenshot({ path: artifactPath('import-home.png'), fullPage: true })

    await preview.getByLabel('Title of the new platform').fill('Platform from Word')
    await preview.getByRole('button', { name: 'Create the platform' }).click()
    await page.waitForURL(/\/p\/[^/]+$/)
    const platformId = new URL(page.url()).pathname.split('/')[2]!
    const sections = world.plank.plank.store.listSections(platformId)
    expect(sections.map((s) => s.title)).toEqual(['Introduction', 'Heading 1'])
    expect(world.plank.plank.store.getPlatform(platformId)?.title).toBe('Platform from Word')
    // The platform page shows both sections, the introduction's table and nested lists in its editor.
    await expect.poll(() => sectionOf(page, sections[1]!.id).locator('h2').first().textContent()).toBe('Heading 1')
    const intro = sectionOf(page, sections[0]!.id)
    await intro.scrollIntoViewIfNeeded()
    await expect.poll(() => intro.locator('.ProseMirror table').count(), { timeout: 15_000 }).toBeGreaterThan(0)
    expect(await intro.locator('.ProseMirror ol ol ol ol ol').count()).toBeGreaterThan(0)
    expect(await intro.locator('.ProseMirror strong').first().textContent()).toBe('Bold')
    await page.screenshot({ path: artifactPath('import-landed.png') })
  })

  it('a file without headings says so; a Markdown file with level-2 headings is offered its level (in Spanish)', async () => {
    const page = await demoPersonPage(world, 'Maya Okafor', 'es')
    await page.goto(world.plank.url)
    await page.getByRole('button', { name: 'Importar desde Word o Markdown' }).click()
    await page.getByLabel('Archivo (.docx o .md, de 10 MB como mucho)').setInputFiles(fixture('word-hyperlink.docx'))
    await page.getByRole('button', { name: 'Ver las secciones' }).click()
    await expect.poll(() => page.locator('.import-card [role="alert"]').textContent()).toContain('No se encontraron títulos de nivel 1')
    // Markdown whose sections are level-2 headings: the error offers level 2, one click previews it.
    await page.getByLabel('Archivo (.docx o .md, de 10 MB como mucho)').setInputFiles({
      name: 'dos.md',
      mimeType: 'text/markdown',
      buffer: Buffer.from('## Vivienda\n\nCasas dignas.\n\n## Transporte\n\nAutobuses.\n'),
    })
    await page.getByRole('button', { name: 'Ver las secciones' }).click()
    const tryTwo = page.getByRole('button', { name: 'Usar el nivel 2' })
    await tryTwo.waitFor()
    await expectNoAxeViolations(page, '.import-card')
    await page.locator('.import-card').screenshot({ path: artifactPath('import-error-es.png') })
    await tryTwo.click()
    const preview = page.getByRole('region', { name: 'Lo que se creará' })
    await preview.waitFor()
    expect(await preview.getByRole('listitem').allTextContents()).toEqual([expect.stringContaining('Vivienda'), expect.stringContaining('Transporte')])
    expect(await page.getByLabel('Las secciones empiezan en los títulos de nivel').inputValue()).toBe('2')
    // Cancel: the preview goes, nothing was created, the file field is empty and focused again.
    const before = world.plank.plank.store.listPlatforms().length
    await preview.getByRole('button', { name: 'Cancelar' }).click()
    await expect.poll(() => preview.count()).toBe(0)
    expect(world.plank.plank.store.listPlatforms()).toHaveLength(before)
  })

  it('Settings → Sections: a Markdown file appends its sections to the platform', async () => {
    const platformId = world.info.id
    const before = world.plank.plank.store.listSections(platformId).length
    const page = await demoPersonPage(world, 'Maya Okafor')
    await page.goto(`${world.plank.url}/p/${platformId}/settings#sections`)
    await page.getByRole('tab', { name: 'Sections', selected: true }).waitFor()
    const card = page.getByRole('region', { name: 'Import sections from Word or Markdown' })
    await card.getByLabel('File (.docx or .md, at most 10 MB)').setInputFiles(fixture('platform.md'))
    await card.getByLabel('Sections start at headings of level').selectOption('2')
    await card.getByRole('button', { name: 'Show the sections' }).click()
    const preview = card.getByRole('region', { name: 'What will be added' })
    await preview.waitFor()
    expect(await preview.getByRole('listitem').count()).toBe(4)
    await expectNoAxeViolations(page, '.tab-panel')
    await card.screenshot({ path: artifactPath('import-append-preview.png') })
    await preview.getByRole('button', { name: 'Add 4 sections' }).click()
    await card.getByText('4 sections were added at the end of the platform.').waitFor()
    expect(
      world.plank.plank.store
        .listSections(platformId)
        .slice(before)
        .map((s) => s.title),
    ).toEqual(['Introduction', 'Housing', 'Transit', 'Jobs'])
    // The settings list follows live (gov).
    await expect.poll(() => page.locator('.sections-list .section-row').count()).toBe(before + 4)
  })
})
