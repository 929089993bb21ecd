import type { reviewAllEn } from './review-all.js'

/** The one-pass review's messages in Spanish (es-catalog.ts): every key of reviewAllEn. */
export const reviewAllEs: Record<keyof typeof reviewAllEn, string> = {
  'reviewAll.link': 'Revisar todas las secciones',
  'reviewAll.title': 'Revisar todas las secciones',
  'reviewAll.intro': 'Usted decide por {org}, una sección a la vez, sobre el texto exactamente como aparece.',
  'reviewAll.back': 'Volver a la aprobación',
  'reviewAll.refused': 'Solo los representantes de la junta revisan la plataforma, cada uno por su propia organización.',
  'reviewAll.keys.title': 'Teclado:',
  'reviewAll.keys.next': 'sección siguiente',
  'reviewAll.keys.previous': 'sección anterior',
  'reviewAll.keys.approve': 'aprobar',
  'reviewAll.keys.comment': 'escribir un comentario',
  'reviewAll.keys.or': 'o',
  'reviewAll.filter': 'Solo las secciones que necesitan mi revisión',
  'reviewAll.nav': 'Secciones por revisar',
  'reviewAll.previous': 'Anterior',
  'reviewAll.next': 'Siguiente',
  'reviewAll.position': '{n} de {m}',
  'reviewAll.announce': 'Sección {n} de {m}: {title}',
  'reviewAll.comment': 'Comentario (obligatorio para pedir cambios)',
  'reviewAll.approve': 'Aprobar',
  'reviewAll.requestChanges': 'Pedir cambios',
  'reviewAll.recorded.approve': 'Se aprobó «{title}».',
  'reviewAll.recorded.changes': 'Se pidieron cambios en «{title}».',
  'reviewAll.allDone': 'Ninguna otra sección necesita la revisión de su organización.',
  'reviewAll.nothingNeeding': 'Ninguna sección necesita la revisión de su organización: cada una tiene su decisión sobre el texto actual.',
}
