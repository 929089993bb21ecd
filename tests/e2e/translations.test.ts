import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { expectNoAxeViolations } from '../helpers/axe-any-impact.js'
import { demoPersonPage, e2eWorld } from '../helpers/e2e-setup.js'
import { artifactPath, editorOf, orgNamed, sectionOf, waitFor, waitSaved } from '../helpers/browser.js'
import { selectInEditor } from '../helpers/text-selection.js'

/**
 * Translations in Chromium (issue 15): the sample platform is bilingual; the
 * facilitator adds French in the settings; a delegate of the section's owner
 * writes French with the English text beside it and marks it up to date,
 * finds the sample's Spanish up to date and then stale after an edit of the
 * English text (with what changed shown word by word), marks it up to date
 * again, and comments on the Spanish text. The same screens in Spanish carry
 * no English words.
 */

const world = e2eWorld({ closeContextsAfterEach: true })

const pageOf = (name: string, locale: 'en' | 'es' = 'en') => demoPersonPage(world, name, locale)

/** RTU's section of the sample platform. */
const rtuSection = () => {
  const rtu = orgNamed(world.info, 'RTU')
  const section = world.info.sections.find((s) => s.ownerOrgId === rtu.id)
  if (!section) throw new Error('RTU owns no section')
  return section
}

const statusOf = (page: Page, sectionId: string) => sectionOf(page, sectionId).locator('.translation-status[data-lang="es"]')

describe('translations in the browser', () => {
  it('the sample is bilingual; a facilitator adds French; a delegate writes it beside the English, keeps the Spanish up to date through an edit of the English, and comments on it', async () => {
    const section = rtuSection()

    // The sample is bilingual (English, Spanish); Maya adds French in the settings.
    const maya = await pageOf('Maya Okafor')
    await maya.goto(`${world.plank.url}/p/${world.info.id}/settings#languages`)
    await maya.getByRole('tab', { name: 'Languages' }).waitFor()
    expect(await maya.getByRole('checkbox', { name: 'Spanish' }).isChecked()).toBe(true)
    await maya.getByRole('checkbox', { name: 'French' }).check()
    await maya.getByRole('button', { name: 'Save languages' }).click()
    await maya.getByText('Languages saved.').waitFor()
    await expectNoAxeViolations(maya, '.tab-panel')
    await maya.screenshot({ path: artifactPath('translations-settings.png'), fullPage: true })
    // With a translation, the primary language is fixed.
    expect(await maya.getByLabel('Primary language').isDisabled()).toBe(true)

    // Ana (RTU) writes the French with the English beside it.
    const ana = await pageOf('Ana Torres')
    await ana.goto(`${world.plank.url}/p/${world.info.id}#${section.id}`)
    const bar = ana.getByRole('group', { name: 'Languages of the text' })
    await bar.waitFor()
    // An English reader starts with the English alone.
    expect([await bar.getByLabel('Write in').inputValue(), await bar.getByLabel('Show beside').inputValue()]).toEqual(['en', ''])
    await bar.getByLabel('Write in').selectOption('fr')
    await bar.getByLabel('Show beside').selectOption('en')
    const columns = sectionOf(ana, section.id).locator('.section-columns')
    await columns.waitFor()
    expect(await columns.locator('.section-column').first().getAttribute('lang')).toBe('fr')
    expect(await columns.locator('.section-column-beside').getAttribute('lang')).toBe('en')
    await expect.poll(() => columns.locator('.section-column-beside').textContent()).toContain('Homes people can afford')
    const french = editorOf(ana, section.id)
    await french.waitFor()
    expect(await french.getAttribute('aria-label')).toBe(`Text of “${section.title}” in French`)
    const frStatus = sectionOf(ana, section.id).locator('.translation-status[data-lang="fr"]')
    await frStatus.getByText('French: not yet reviewed against the English text').waitFor()
    await french.click()
    await ana.keyboard.type('Des logements abordables.', { delay: 10 })
    await waitSaved(ana)
    await frStatus.getByRole('button', { name: 'Mark the French text up to date' }).click()
    await frStatus.getByText('French: up to date').waitFor()
    expect(await frStatus.getAttribute('data-stale')).toBe('false')
    await expectNoAxeViolations(ana, `[data-section-id="${section.id}"]`)
    await ana.screenshot({ path: artifactPath('translations-side-by-side.png') })

    // The sample's Spanish, beside the English, is up to date with it.
    await bar.getByLabel('Write in').selectOption('en')
    await bar.getByLabel('Show beside').selectOption('es')
    const status = statusOf(ana, section.id)
    await status.getByText('Spanish: up to date').waitFor()
    await expect.poll(() => columns.locator('.section-column-beside').textContent()).toContain('Viviendas que la gente pueda pagar')
    // Paragraph-aligned: each English block starts level with the Spanish block beside it (the English column has a toolbar above its text).
    const blockTops = () =>
      columns.evaluate((el) =>
        ['.section-column:not(.section-column-beside) .ProseMirror > *', '.section-column-beside .static-text > *'].map((selector) =>
          [...el.querySelectorAll(selector)].map((b) => b.getBoundingClientRect().top + (Number.parseFloat(getComputedStyle(b).paddingTop) || 0)),
        ),
      )
    await expect
      .poll(async () => {
        const [english, spanish] = await blockTops()
        return english!.length === spanish!.length && english!.every((top, i) => Math.abs(top - spanish![i]!) <= 1)
      })
      .toBe(true)
    await ana.screenshot({ path: artifactPath('translations-aligned.png') })

    // The English text changes: the Spanish is stale, and says what changed.
    await expect.poll(() => columns.locator('.section-column').first().getAttribute('lang')).toBe('en')
    const english = editorOf(ana, section.id)
    await english.click()
    await ana.keyboard.press('Control+End')
    await ana.keyboard.type(' Rent stabilization citywide.', { delay: 10 })
    await waitSaved(ana)
    await status.getByText('Spanish: the English text changed since this translation was last reviewed').waitFor()
    expect(await status.getAttribute('data-stale')).toBe('true')
    await status.getByRole('button', { name: 'What changed in the English text' }).click()
    const inserted = status.locator('ins')
    await inserted.first().waitFor()
    expect((await inserted.allInnerTexts()).join(' ')).toContain('Rent stabilization citywide.')
    await ana.screenshot({ path: artifactPath('translations-stale.png') })
    await status.getByRole('button', { name: 'Mark the Spanish text up to date' }).click()
    await status.getByText('Spanish: up to date').waitFor()

    // A comment on the Spanish text is labelled with its language.
    await bar.getByLabel('Write in').selectOption('es')
    // Writing in the language shown beside takes it out of the second column.
    expect(await bar.getByLabel('Show beside').inputValue()).toBe('')
    expect(await sectionOf(ana, section.id).locator('.section-columns').count()).toBe(0)
    await bar.getByLabel('Show beside').selectOption('en')
    await expect.poll(() => columns.locator('.section-column').first().getAttribute('lang')).toBe('es')
    await selectInEditor(editorOf(ana, section.id), 0, 9)
    await sectionOf(ana, section.id).getByRole('button', { name: 'Comment', exact: true }).click()
    const composer = sectionOf(ana, section.id).getByRole('form', { name: 'New comment' })
    await composer.getByRole('textbox').fill('¿«Viviendas» o «Hogares»?')
    await composer.getByRole('button', { name: 'Post comment' }).click()
    const thread = sectionOf(ana, section.id).locator('.comment-margin [data-thread-id]', { hasText: '¿«Viviendas» o «Hogares»?' })
    await thread.waitFor()
    await thread.getByText('on the Spanish text').waitFor()
    // Back in English, the Spanish thread is not in the English text's margin.
    await bar.getByLabel('Write in').selectOption('en')
    await waitFor(
      async () => (await sectionOf(ana, section.id).locator('.comment-margin [data-thread-id]', { hasText: '¿«Viviendas» o «Hogares»?' }).count()) === 0,
      'the thread leaves with its language',
    )
  })

  it('in Spanish, the platform page, its language bar and the translation’s state carry no English words', async () => {
    const section = rtuSection()
    const ana = await pageOf('Ana Torres', 'es')
    await ana.goto(`${world.plank.url}/p/${world.info.id}#${section.id}`)
    const bar = ana.getByRole('group', { name: 'Idiomas del texto' })
    await bar.waitFor()
    // A Spanish reader starts with the Spanish text.
    expect([await bar.getByLabel('Escribir en').inputValue(), await bar.getByLabel('Mostrar al lado').inputValue()]).toEqual(['es', ''])
    await bar.getByLabel('Escribir en').selectOption('es')
    await bar.getByLabel('Mostrar al lado').selectOption('en')
    const status = statusOf(ana, section.id)
    await status.getByText('español: al día').waitFor()
    for (const english of ['Languages of the text', 'Write in', 'Show beside', 'up to date', 'Spanish', '(primary)']) {
      expect(await bar.textContent(), english).not.toContain(english)
      expect(await status.textContent(), english).not.toContain(english)
    }
    expect(await sectionOf(ana, section.id).locator('.section-column-title').allInnerTexts()).toEqual(['español', 'inglés (principal)'])
    await expectNoAxeViolations(ana, `[data-section-id="${section.id}"]`)
    await ana.screenshot({ path: artifactPath('translations-side-by-side-es.png') })
  })
})
