import { lazyScreen } from '../shell/LazyScreen.js'

/**
 * The sign-in screen, fetched when someone signed out needs it: a delegate who
 * is signed in (most who open a platform link) does not load it. Shown in
 * place by the platform shell and on its own route, inside LazyScreen's boundary.
 */
export const SignInScreen = lazyScreen(
  () => import('./SignInScreen.js'),
  (m) => m.SignInScreen,
)
