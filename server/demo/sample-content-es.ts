import type { SampleBlock } from './sample-content.js'

/** The Spanish title of each section of SAMPLE_SECTIONS, in the same order. */
export const SAMPLE_TITLES_ES: string[] = [
  'Preámbulo',
  'La salud como derecho',
  'Educación pública',
  'Buenos empleos y salarios justos',
  'Creación de riqueza y vivienda',
  'Seguridad comunitaria',
  'Derechos de los inmigrantes',
]

/**
 * The sample platform's Spanish translation (issue 15): one entry per
 * section of SAMPLE_SECTIONS, in the same order, block for block, so that the
 * two columns line up paragraph by paragraph. Each is up to date with the
 * English text it was made from.
 */
export const SAMPLE_TRANSLATIONS_ES: SampleBlock[][] = [
  // Preamble
  [
    {
      kind: 'paragraph',
      text: 'Somos inquilinas e inquilinos, enfermeras, maestros, madres y padres, trabajadores de almacén y vecinos recién llegados. Escribimos esta plataforma juntos, entre cinco organizaciones y cientos de conversaciones alrededor de la mesa de la cocina, porque quienes viven un problema de cerca son quienes están más cerca de su solución.',
    },
    {
      kind: 'paragraph',
      text: 'A cada candidato que nos pida el voto le preguntaremos qué postura tiene ante cada uno de estos compromisos. Publicaremos sus respuestas y les exigiremos que cumplan su palabra.',
    },
  ],
  // Health care as a right
  [
    { kind: 'heading', text: 'Una atención que nadie tenga que racionar' },
    {
      kind: 'paragraph',
      text: 'Ninguna familia de nuestra región debería tener que elegir entre surtir una receta y pagar el alquiler. Pedimos una opción pública abierta a todos los residentes, con primas limitadas al cinco por ciento de los ingresos del hogar.',
    },
    {
      kind: 'bullets',
      text: [
        'Financiar centros de salud comunitarios para que cada barrio tenga atención primaria a menos de treinta minutos en autobús.',
        'Limitar el copago de la insulina y los inhaladores a veinticinco dólares al mes.',
        'Garantizar intérpretes en todos los hospitales públicos, sin costo para los pacientes.',
      ],
    },
  ],
  // Public education
  [
    {
      kind: 'paragraph',
      text: 'Nuestras escuelas públicas son el bien común que más compartimos. Pedimos la financiación completa de la fórmula estatal, grupos más pequeños en los primeros grados y un consejero y una enfermera en cada edificio.',
    },
    {
      kind: 'bullets',
      text: [
        'Comidas escolares gratuitas para todos los estudiantes, sin trámites.',
        'Reparar en un plazo de tres años todos los edificios escolares con plomo en sus tuberías.',
        'Madres, padres y estudiantes en todos los comités de presupuesto del distrito.',
      ],
    },
  ],
  // Good jobs and fair wages
  [
    {
      kind: 'paragraph',
      text: 'El trabajo debe sacar a las personas de la pobreza, no mantenerlas en ella. Apoyamos un salario mínimo regional ajustado al costo de la vida, horarios justos anunciados con dos semanas de antelación y días de enfermedad pagados para todos los trabajadores.',
    },
    {
      kind: 'paragraph',
      text: 'Los contratos públicos deben ir a empleadores que respeten el derecho a organizarse, paguen los salarios vigentes y contraten en los barrios donde se hace el trabajo.',
    },
  ],
  // Wealth building and housing
  [
    { kind: 'heading', text: 'Viviendas que la gente pueda pagar' },
    {
      kind: 'paragraph',
      text: 'En una década, los alquileres de nuestra región han subido tres veces más rápido que los salarios. Pedimos protección contra los desalojos sin causa justificada, derecho a un abogado en los tribunales de vivienda y un fideicomiso público de tierras que mantenga las viviendas nuevas asequibles para siempre.',
    },
    {
      kind: 'bullets',
      text: [
        'Ayuda para el pago inicial a quienes compran su primera vivienda y vienen de barrios excluidos por la discriminación hipotecaria.',
        'Apoyo a las cooperativas de trabajadores y a los negocios de propiedad comunitaria.',
        'Un banco público que preste a pequeños propietarios y a empresas locales.',
      ],
    },
  ],
  // Community safety
  [
    {
      kind: 'paragraph',
      text: 'La seguridad es más que la policía. Pedimos equipos de crisis de salud mental que atiendan las llamadas sin armas, programas de interrupción de la violencia dirigidos por gente del barrio, y calles iluminadas, bibliotecas abiertas y centros juveniles en cada distrito.',
    },
    {
      kind: 'paragraph',
      text: 'Una junta civil independiente, con poder de citación, debe revisar todo uso grave de la fuerza.',
    },
  ],
  // Immigrant rights
  [
    {
      kind: 'paragraph',
      text: 'Nuestros vecinos nacidos en el extranjero construyen nuestras casas, cuidan de nuestros mayores y enseñan a nuestros hijos. El gobierno local no debe hacer el trabajo de las autoridades federales de inmigración.',
    },
    {
      kind: 'bullets',
      text: [
        'Tarjetas de identificación municipales aceptadas en todas las oficinas públicas.',
        'Representación legal para todo residente que enfrente la deportación.',
        'Servicios y avisos públicos en los idiomas que hablan nuestros residentes.',
      ],
    },
  ],
]
