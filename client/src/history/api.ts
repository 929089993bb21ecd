import type { VersionComparison, VersionDetail, VersionEntry } from '../../../shared/versions.js'
import { api, enc } from '../api.js'

/** The versions API (server/http/versions-api.ts), as the history view calls it. */

const sectionBase = (platformId: string, sectionId: string): string => `/api/platforms/${enc(platformId)}/sections/${enc(sectionId)}/versions`

export const fetchPlatformVersions = (platformId: string, signal?: AbortSignal): Promise<VersionEntry[]> =>
  api<{ versions: VersionEntry[] }>('GET', `/api/platforms/${enc(platformId)}/versions`, undefined, signal).then((r) => r.versions)

export const fetchSectionVersions = (platformId: string, sectionId: string, signal?: AbortSignal): Promise<VersionEntry[]> =>
  api<{ versions: VersionEntry[] }>('GET', sectionBase(platformId, sectionId), undefined, signal).then((r) => r.versions)

export const fetchVersion = (platformId: string, sectionId: string, versionId: string, signal?: AbortSignal): Promise<VersionDetail> =>
  api<VersionDetail>('GET', `${sectionBase(platformId, sectionId)}/${enc(versionId)}`, undefined, signal)

/** `to` null: compared with the section's text now. */
export const compareVersions = (platformId: string, sectionId: string, from: string, to: string | null, signal?: AbortSignal): Promise<VersionComparison> =>
  api<VersionComparison>('GET', `${sectionBase(platformId, sectionId)}/compare?from=${enc(from)}${to === null ? '' : `&to=${enc(to)}`}`, undefined, signal)

export const nameVersion = (platformId: string, sectionId: string, versionId: string, name: string | null): Promise<VersionEntry> =>
  api<VersionEntry>('PATCH', `${sectionBase(platformId, sectionId)}/${enc(versionId)}`, { name })

export const restoreVersion = (platformId: string, sectionId: string, versionId: string): Promise<{ hash: string; versionId: string }> =>
  api<{ hash: string; versionId: string }>('POST', `${sectionBase(platformId, sectionId)}/${enc(versionId)}/restore`)
