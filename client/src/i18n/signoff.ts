/**
 * Messages of the signoff screens, English first; merged into the catalogs in
 * index.tsx. Every key of signoffEn must be in signoffEs.
 */
export const signoffEn = {} as const

export const signoffEs: Record<keyof typeof signoffEn, string> = {}
