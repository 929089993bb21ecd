import type { languagesEn } from './languages.js'

export const languagesEs: Record<keyof typeof languagesEn, string> = {
  'languages.bar.label': 'Idiomas del texto',
  'languages.bar.write': 'Escribir en',
  'languages.bar.beside': 'Mostrar al lado',
  'languages.bar.none': 'Nada',
  'languages.primary': '{language} (principal)',
  'languages.textLabel': 'Texto de «{title}» en {language}',
  'translation.upToDate': '{language}: al día',
  'translation.stale': '{language}: el texto en {primary} cambió desde la última revisión de esta traducción',
  'translation.never': '{language}: aún no se ha revisado frente al texto en {primary}',
  'translation.showChanges': 'Qué cambió en el texto en {primary}',
  'translation.hideChanges': 'Ocultar los cambios',
  'translation.changesTitle': 'Cambios en el texto en {primary} desde la última revisión',
  'translation.noEarlier': 'No hay revisión anterior: todo el texto en {primary} es nuevo para esta traducción.',
  'translation.markUpToDate': 'Marcar el texto en {language} como al día',
  'translation.marked': 'El texto en {language} quedó marcado como al día.',
  'translation.changedMeanwhile': 'El texto en {primary} cambió mientras lo revisaba: vuelva a mirar los cambios.',
  'comments.onTranslation': 'sobre el texto en {language}',
  'comments.inboxInTranslation': 'en {section}, sobre el texto en {language}',
}
