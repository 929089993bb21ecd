import { createRoot } from 'react-dom/client'
import { I18nProvider, loadInitialLocale } from './i18n/index.js'
import { App } from './App.js'
import { SessionProvider } from './session.js'
import { AccountLocale } from './account/account-locale.js'
import './styles.css'

const root = document.getElementById('root')
if (!root) throw new Error('missing #root')
// The first render waits for the chosen language's messages (nothing to wait for in English).
void loadInitialLocale().then(() =>
  createRoot(root).render(
    <I18nProvider>
      <SessionProvider>
        <AccountLocale>
          <App />
        </AccountLocale>
      </SessionProvider>
    </I18nProvider>,
  ),
)

// The service worker keeps the app shell so a reload while offline still opens the page.
if ('serviceWorker' in navigator && window.isSecureContext) {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch((error: unknown) => {
      console.warn('Plank: service worker not registered', error)
    })
  })
}
