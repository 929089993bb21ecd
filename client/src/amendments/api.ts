import type { AcceptAmendmentBody, ProposeAmendmentBody } from '../../../shared/amendments.js'
import { api, enc } from '../api.js'

/** The amendment routes of the README's API table (issue 14). */
const amendmentsBase = (platformId: string): string => `/api/platforms/${enc(platformId)}/amendments`
const one = (platformId: string, amendmentId: string): string => `${amendmentsBase(platformId)}/${enc(amendmentId)}`

export const proposeAmendment = (platformId: string, sectionId: string, body: ProposeAmendmentBody) =>
  api<{ id: string; root: string }>('POST', `/api/platforms/${enc(platformId)}/sections/${enc(sectionId)}/amendments`, body)

export const endorseAmendment = (platformId: string, amendmentId: string) => api<unknown>('POST', `${one(platformId, amendmentId)}/endorse`, {})
export const unendorseAmendment = (platformId: string, amendmentId: string) => api<unknown>('DELETE', `${one(platformId, amendmentId)}/endorse`)
export const withdrawAmendment = (platformId: string, amendmentId: string) => api<unknown>('POST', `${one(platformId, amendmentId)}/withdraw`, {})
export const declineAmendment = (platformId: string, amendmentId: string, note: string) =>
  api<unknown>('POST', `${one(platformId, amendmentId)}/decline`, note === '' ? {} : { note })
export const acceptAmendment = (platformId: string, amendmentId: string, body: AcceptAmendmentBody) =>
  api<{ hash: string }>('POST', `${one(platformId, amendmentId)}/accept`, body)
