/**
 * The sample "People's Platform" a newcomer sees on first start: a coalition
 * of five member organizations co-writing seven sections.
 */
export interface SampleBlock {
  kind: 'heading' | 'paragraph' | 'bullets'
  text: string | string[]
}

export interface SampleSection {
  title: string
  /** Index into SAMPLE_ORGANIZATIONS, or null for a section open to all. */
  owner: number | null
  blocks: SampleBlock[]
}

export const SAMPLE_TITLE = "People's Platform 2027"

export const SAMPLE_ORGANIZATIONS = [
  { name: 'Riverside Tenants Union', shortName: 'RTU', color: '#1d4ed8' },
  { name: 'Health Care for All Coalition', shortName: 'HCA', color: '#b91c1c' },
  { name: 'Workers United Local 88', shortName: 'WU88', color: '#047857' },
  { name: 'Parents for Public Schools', shortName: 'PPS', color: '#7c3aed' },
  { name: 'Immigrant Rights Alliance', shortName: 'IRA', color: '#b45309' },
]

/** The sample people demo mode can sign in as: `org` indexes SAMPLE_ORGANIZATIONS. */
export const SAMPLE_PEOPLE: Array<{ name: string; role: 'facilitator' | 'observer' | 'delegate' | 'boardRep'; org: number | null }> = [
  { name: 'Maya Okafor', role: 'facilitator', org: null },
  { name: 'Ana Torres', role: 'delegate', org: 0 },
  { name: 'Luis Medina', role: 'boardRep', org: 0 },
  { name: 'Grace Kim', role: 'delegate', org: 1 },
  { name: 'Daniel Osei', role: 'boardRep', org: 1 },
  { name: 'Rosa Delgado', role: 'delegate', org: 2 },
  { name: 'Marcus Bell', role: 'boardRep', org: 2 },
  { name: 'Priya Shah', role: 'delegate', org: 3 },
  { name: 'Tom Novak', role: 'boardRep', org: 3 },
  { name: 'Amina Yusuf', role: 'delegate', org: 4 },
  { name: 'Carlos Ruiz', role: 'boardRep', org: 4 },
  { name: 'Jordan Lee', role: 'observer', org: null },
]

export const SAMPLE_SECTIONS: SampleSection[] = [
  {
    title: 'Preamble',
    owner: null,
    blocks: [
      {
        kind: 'paragraph',
        text: 'We are tenants, nurses, teachers, parents, warehouse workers and new neighbours. We wrote this platform together, across five organizations and hundreds of kitchen-table conversations, because the people closest to a problem are the people closest to its solution.',
      },
      {
        kind: 'paragraph',
        text: 'Every candidate who asks for our votes will be asked where they stand on each of these commitments. We will publish their answers and hold them to their word.',
      },
    ],
  },
  {
    title: 'Health care as a right',
    owner: 1,
    blocks: [
      { kind: 'heading', text: 'Care no one has to ration' },
      {
        kind: 'paragraph',
        text: 'No family in our region should choose between filling a prescription and paying the rent. We call for a public option open to every resident, with premiums capped at five percent of household income.',
      },
      {
        kind: 'bullets',
        text: [
          'Fund community health centres so that every neighbourhood has primary care within a thirty-minute bus ride.',
          'Cap insulin and inhaler co-pays at twenty-five dollars a month.',
          'Guarantee interpreters at every public hospital, at no cost to patients.',
        ],
      },
    ],
  },
  {
    title: 'Public education',
    owner: 3,
    blocks: [
      {
        kind: 'paragraph',
        text: 'Our public schools are the commons we share most widely. We ask for full funding of the state formula, smaller class sizes in the early grades, and a counsellor and a nurse in every building.',
      },
      {
        kind: 'bullets',
        text: [
          'Free school meals for every student, without paperwork.',
          'Repair every school building with lead in its pipes within three years.',
          'Parents and students sit on every district budget committee.',
        ],
      },
    ],
  },
  {
    title: 'Good jobs and fair wages',
    owner: 2,
    blocks: [
      {
        kind: 'paragraph',
        text: 'Work should lift people out of poverty, not keep them in it. We support a regional minimum wage indexed to the cost of living, fair scheduling with two weeks of notice, and paid sick days for every worker.',
      },
      {
        kind: 'paragraph',
        text: 'Public contracts must go to employers who respect the right to organize, pay prevailing wages, and hire from the neighbourhoods where the work is done.',
      },
    ],
  },
  {
    title: 'Wealth building and housing',
    owner: 0,
    blocks: [
      { kind: 'heading', text: 'Homes people can afford' },
      {
        kind: 'paragraph',
        text: 'Rents in our region have risen three times faster than wages in a decade. We call for just-cause eviction protections, a right to counsel in housing court, and a public land trust that keeps new homes permanently affordable.',
      },
      {
        kind: 'bullets',
        text: [
          'Down-payment assistance for first-time buyers from neighbourhoods shut out by redlining.',
          'Support for worker cooperatives and community-owned businesses.',
          'A public bank that lends to small landlords and local enterprises.',
        ],
      },
    ],
  },
  {
    title: 'Community safety',
    owner: null,
    blocks: [
      {
        kind: 'paragraph',
        text: 'Safety means more than policing. We ask for mental health crisis teams that answer calls without weapons, violence interruption programmes led by people from the neighbourhood, and lit streets, open libraries and youth centres in every district.',
      },
      {
        kind: 'paragraph',
        text: 'An independent civilian board, with subpoena power, must review every serious use of force.',
      },
    ],
  },
  {
    title: 'Immigrant rights',
    owner: 4,
    blocks: [
      {
        kind: 'paragraph',
        text: 'Our neighbours who were born abroad build our homes, care for our elders and teach our children. Local government must not do the work of federal immigration enforcement.',
      },
      {
        kind: 'bullets',
        text: [
          'Municipal identification cards accepted by every public office.',
          'Legal representation for every resident facing deportation.',
          'Public services and notices in the languages our residents speak.',
        ],
      },
    ],
  },
]
