/**
 * Ctrl/Cmd+F while the focus is in the app (or nowhere) opens Plank's find bar;
 * elsewhere (the browser's own UI, an extension) the browser's find. Shared by
 * the bar (FindReplace.tsx) and the launcher that fetches it (FindLauncher.tsx).
 */
export function isFindShortcut(e: KeyboardEvent): boolean {
  if (!(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey || e.key.toLowerCase() !== 'f') return false
  const app = document.getElementById('root')
  const target = e.target instanceof Node ? e.target : null
  return target === null || target === document.body || target === document.documentElement || (app?.contains(target) ?? false)
}
