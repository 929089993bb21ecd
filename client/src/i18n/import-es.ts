import type { importEn } from './import.js'

export const importEs: Record<keyof typeof importEn, string> = {
  'import.open': 'Importar desde Word o Markdown',
  'import.title': 'Importar desde Word o Markdown',
  'import.intro':
    'Convierta un borrador de Word (.docx) o Markdown (.md) en una plataforma: cada título del nivel que elija se vuelve una sección, y el texto que sigue, su texto. Verá las secciones antes de que se cree nada.',
  'import.appendTitle': 'Importar secciones desde Word o Markdown',
  'import.appendIntro':
    'Añada secciones al final de esta plataforma desde un archivo de Word (.docx) o Markdown (.md): cada título del nivel que elija se vuelve una sección, abierta a todas las organizaciones hasta que elija su responsable.',
  'import.file': 'Archivo (.docx o .md, de {max} MB como mucho)',
  'import.level': 'Las secciones empiezan en los títulos de nivel',
  'import.levelOption': 'Título {level}',
  'import.previewButton': 'Ver las secciones',
  'import.noFile': 'Primero elija un archivo.',
  'import.uploading': 'Leyendo {file}…',
  'import.previewTitle': 'Lo que se creará',
  'import.previewAppendTitle': 'Lo que se añadirá',
  'import.summary': '{sections, plural, one {# sección} other {# secciones}}, {words, plural, one {# palabra} other {# palabras}}, de {file}.',
  'import.platformTitle': 'Título de la nueva plataforma',
  'import.intro.badge': 'texto antes del primer título',
  'import.words': '{words, plural, one {# palabra} other {# palabras}}',
  'import.emptySection': '(sin texto: solo el título)',
  'import.owners': 'Todas las secciones empiezan abiertas, sin responsable: elija los responsables después en Configuración → Secciones.',
  'import.confirm': 'Crear la plataforma',
  'import.confirmAppend': 'Añadir {sections, plural, one {# sección} other {# secciones}}',
  'import.confirming': 'Creando…',
  'import.cancel': 'Cancelar',
  'import.tryLevel': 'Usar el nivel {level}',
  'import.added': '{sections, plural, one {Se añadió # sección} other {Se añadieron # secciones}} al final de la plataforma.',
  'import.titleRequired': 'Ponga un título a la plataforma.',
}
