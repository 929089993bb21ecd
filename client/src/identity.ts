/** The person's chosen display name and organization, remembered on this device per platform. */
export interface Identity {
  name: string
  orgId: string
}

const key = (platformId: string) => `plank:identity:${platformId}`
const LAST_NAME_KEY = 'plank:lastName'

export function loadIdentity(platformId: string): Identity | null {
  try {
    const raw = localStorage.getItem(key(platformId))
    if (!raw) return null
    const value: unknown = JSON.parse(raw)
    if (
      typeof value === 'object' && value !== null &&
      'name' in value && typeof value.name === 'string' && value.name.trim() !== '' &&
      'orgId' in value && typeof value.orgId === 'string'
    ) {
      return { name: value.name, orgId: value.orgId }
    }
  } catch {
    // unreadable or unavailable storage: ask again
  }
  return null
}

export function saveIdentity(platformId: string, identity: Identity): void {
  try {
    localStorage.setItem(key(platformId), JSON.stringify(identity))
    localStorage.setItem(LAST_NAME_KEY, identity.name)
  } catch {
    // not remembered; still used for this page
  }
}

/** The name last used on any platform, to prefill the form. */
export function lastUsedName(): string {
  try {
    return localStorage.getItem(LAST_NAME_KEY) ?? ''
  } catch {
    return ''
  }
}
