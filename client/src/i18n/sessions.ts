/**
 * Messages of the sessions screens, English first; merged into the catalogs in
 * index.tsx. Every key of sessionsEn must be in sessionsEs.
 */
export const sessionsEn = {} as const

export const sessionsEs: Record<keyof typeof sessionsEn, string> = {}
