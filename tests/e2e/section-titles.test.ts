import { describe, expect, it } from 'vitest'
import { expectNoAxeViolations } from '../helpers/axe-any-impact.js'
import { demoPersonPage, e2eWorld } from '../helpers/e2e-setup.js'
import { artifactPath, sectionOf } from '../helpers/browser.js'

/**
 * A section title per language in Chromium (issue 15): a reader whose
 * interface is in Spanish reads the sample's Spanish text under its Spanish
 * title, in the section heading and the outline; the facilitator edits that
 * title in Settings → Sections and the reader's page follows live.
 */

const world = e2eWorld({ closeContextsAfterEach: true })

const pageOf = (name: string, locale: 'en' | 'es' = 'en') => demoPersonPage(world, name, locale)

describe('section titles per language in the browser', () => {
  it('a Spanish reader sees the Spanish titles; the facilitator edits one in Settings → Sections and it follows live', async () => {
    const first = world.info.sections[0]!
    expect(first.title).toBe('Preamble')

    const reader = await pageOf('Jordan Lee', 'es')
    await reader.goto(`${world.plank.url}/p/${world.info.id}`)
    const heading = sectionOf(reader, first.id).locator('h2').first()
    await expect.poll(() => heading.textContent()).toBe('Preámbulo')
    expect(await heading.getAttribute('lang')).toBe('es')
    // The outline names the sections in the language written in.
    const outline = reader.locator('#outline-list a')
    await expect.poll(() => outline.first().textContent()).toBe('Preámbulo')
    expect(await outline.allTextContents()).toContain('Derechos de los inmigrantes')
    // The section is named by its Spanish heading.
    await reader.getByRole('region', { name: 'Preámbulo' }).waitFor()
    await reader.screenshot({ path: artifactPath('section-titles-spanish-reader.png') })
    // With the English beside, its column names the English title.
    await reader.getByRole('group', { name: 'Idiomas del texto' }).getByLabel('Mostrar al lado').selectOption('en')
    const beside = sectionOf(reader, first.id).locator('.section-column-beside')
    await expect.poll(() => beside.locator('.section-column-title').textContent()).toBe('inglés (principal)')
    await expect.poll(() => beside.locator('.section-column-name').textContent()).toBe('Preamble')
    await sectionOf(reader, first.id).screenshot({ path: artifactPath('section-titles-beside.png') })

    // Maya (English interface) gives the Preamble a new Spanish title in the settings.
    const maya = await pageOf('Maya Okafor')
    await maya.goto(`${world.plank.url}/p/${world.info.id}/settings#sections`)
    await maya.getByRole('tab', { name: 'Sections', selected: true }).waitFor()
    const field = maya.getByRole('textbox', { name: 'Title in Spanish: Preamble' })
    expect(await field.inputValue()).toBe('Preámbulo')
    const save = maya.getByRole('button', { name: 'Save the title in Spanish: Preamble' })
    expect(await save.isDisabled()).toBe(true)
    await field.fill('Preámbulo de la plataforma')
    await save.click()
    await expect.poll(() => save.isDisabled()).toBe(true)
    await expectNoAxeViolations(maya, '.tab-panel')
    await maya.locator(`.section-row[data-section-id="${first.id}"]`).screenshot({ path: artifactPath('section-titles-settings-row.png') })
    await maya.screenshot({ path: artifactPath('section-titles-settings.png'), fullPage: true })

    // The reader's heading and outline follow, with no reload.
    await expect.poll(() => heading.textContent()).toBe('Preámbulo de la plataforma')
    await expect.poll(() => outline.first().textContent()).toBe('Preámbulo de la plataforma')
    // The English reader still reads the English title.
    await maya.goto(`${world.plank.url}/p/${world.info.id}`)
    await expect.poll(() => sectionOf(maya, first.id).locator('h2').first().textContent()).toBe('Preamble')
  })
})
