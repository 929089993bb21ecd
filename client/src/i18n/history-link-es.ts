import type { historyLinkEn } from './history-link.js'

export const historyLinkEs: Record<keyof typeof historyLinkEn, string> = {
  'history.link': 'Historial',
  'history.linkLabel': 'Historial de {title}',
  'history.platformLink': 'Historial de la plataforma',
}
