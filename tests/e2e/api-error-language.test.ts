import { expect, it } from 'vitest'
import { e2eWorld } from '../helpers/e2e-setup.js'
import { signInThroughDemoPanel } from '../helpers/browser.js'

/**
 * Issue 15: the client asks the API for the page's language (its error
 * messages follow it), not the browser's: on an English browser whose person
 * chose Español, every API request says `accept-language: es`.
 */
const world = e2eWorld({ closeContextsAfterEach: true })

it('an English browser showing Spanish asks the API for Spanish', async () => {
  const delegate = world.people.find((p) => p.role === 'delegate')!
  const { page } = await world.chromium.newPage()
  await signInThroughDemoPanel(page, world.plank.url, delegate.name)
  await page.locator('.app-header .language select').selectOption('es')
  await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('es')
  const asked: string[] = []
  page.on('request', (request) => {
    if (new URL(request.url()).pathname.startsWith('/api/')) asked.push(request.headers()['accept-language'] ?? '')
  })
  await page.reload()
  await page.locator('.save-status-text[data-status="saved"]').waitFor()
  expect(asked.length).toBeGreaterThan(0)
  expect(new Set(asked)).toEqual(new Set(['es']))
})

it('a request that cannot reach the server says so in the page’s language, not in the browser’s words', async () => {
  const { context, page } = await world.chromium.newPage()
  await signInThroughDemoPanel(page, world.plank.url, 'Maya Okafor')
  await page.locator('.app-header .language select').selectOption('es')
  await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('es')
  await page.goto(`${world.plank.url}/p/${world.info.id}/settings`)
  const form = page
    .getByRole('form', { name: 'Añadir una organización' })
    .or(page.locator('form', { has: page.getByRole('button', { name: 'Añadir', exact: true }) }))
  await form.first().getByLabel('Nombre', { exact: true }).fill('Sin conexión')
  await form.first().getByLabel('Nombre corto').fill('SC')
  await context.setOffline(true)
  await form.first().getByRole('button', { name: 'Añadir', exact: true }).click()
  const alert = page.getByRole('alert').filter({ hasText: 'No se pudo conectar con el servidor' })
  await alert.first().waitFor()
  expect(await page.locator('body').innerText()).not.toMatch(/Failed to fetch|NetworkError|network/i)
  await context.setOffline(false)
})
