import { ApiError, NetworkError } from '../api.js'
import type { TFunction } from '../i18n/index.js'

/** Why an amendment request did not go through, from the catalog, with the server's own reason where it gave one. */
export function amendmentErrorText(t: TFunction, error: unknown): string {
  if (error instanceof NetworkError) return t('amendments.error.offline')
  if (error instanceof ApiError) {
    switch (error.status) {
      case 403:
        return t('amendments.error.forbidden', { reason: error.message })
      case 404:
        return t('amendments.error.notFound')
      case 409:
        return t('amendments.error.conflict', { reason: error.message })
      case 429:
        return t('amendments.error.rateLimited')
    }
    return t('amendments.error.other', { reason: error.message })
  }
  return t('amendments.error.other', { reason: error instanceof Error ? error.message : String(error) })
}
