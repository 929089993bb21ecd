/**
 * Messages of the comments screens, English first; merged into the catalogs in
 * index.tsx. Every key of commentsEn must be in commentsEs.
 */
export const commentsEn = {} as const

export const commentsEs: Record<keyof typeof commentsEn, string> = {}
