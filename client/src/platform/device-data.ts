/**
 * What Plank keeps on this device, and for whom. Every copy belongs to one
 * person: the platform's document (y-indexeddb, database `plank:<personId>:<platformId>`)
 * and their recovered drafts (localStorage `plank:drafts:<personId>:<platformId>`).
 * Signing out deletes all of that person's copies; losing access to a platform
 * deletes that platform's. Copies from before they were kept per person
 * (`plank:<platformId>`, `plank:drafts:<platformId>`) cannot be told apart by
 * owner, so they are deleted whenever anyone's copies are.
 */

const PREFIX = 'plank:'
const DRAFTS_PREFIX = 'plank:drafts:'
/** Names of the databases this page opened, for browsers without indexedDB.databases(). */
const REGISTRY_KEY = 'plank:deviceDatabases'
/** A deletion waits at most this long (a tab elsewhere may keep the database open). */
const DELETE_TIMEOUT_MS = 3_000

export const deviceDatabaseName = (personId: string, platformId: string): string => `${PREFIX}${personId}:${platformId}`
export const draftsStorageKey = (personId: string, platformId: string): string => `${DRAFTS_PREFIX}${personId}:${platformId}`

function readRegistry(): string[] {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(REGISTRY_KEY) ?? '[]')
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
  } catch {
    return []
  }
}

function writeRegistry(names: string[]): void {
  try {
    if (names.length === 0) localStorage.removeItem(REGISTRY_KEY)
    else localStorage.setItem(REGISTRY_KEY, JSON.stringify([...new Set(names)]))
  } catch {
    // unavailable: indexedDB.databases() still finds them
  }
}

/** Called before a device copy is opened, so it can be found again to delete it. */
export function registerDeviceDatabase(name: string): void {
  const names = readRegistry()
  if (!names.includes(name)) writeRegistry([...names, name])
}

async function databaseNames(): Promise<string[]> {
  const names = new Set(readRegistry())
  try {
    for (const db of (await indexedDB.databases?.()) ?? []) if (db.name) names.add(db.name)
  } catch {
    // not supported: the registry is all we know
  }
  return [...names]
}

export function deleteDatabase(name: string): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, DELETE_TIMEOUT_MS)
    const done = () => {
      clearTimeout(timer)
      writeRegistry(readRegistry().filter((n) => n !== name))
      resolve()
    }
    try {
      const request = indexedDB.deleteDatabase(name)
      request.onsuccess = request.onerror = done
    } catch {
      done()
    }
  })
}

/** `plank:<platformId>`: a copy from before copies were kept per person. */
const isUnowned = (name: string): boolean => name.startsWith(PREFIX) && !name.slice(PREFIX.length).includes(':')

function removeStorageKeys(match: (key: string) => boolean): void {
  try {
    const keys: string[] = []
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i)
      if (key !== null && match(key)) keys.push(key)
    }
    for (const key of keys) localStorage.removeItem(key)
  } catch {
    // storage unavailable: nothing was kept there either
  }
}

/**
 * Cache Storage other than the service worker's app shell (which holds no
 * one's data). The service worker never caches API answers; this removes any
 * cache that an older or future version might have kept.
 */
async function clearPrivateCaches(): Promise<void> {
  try {
    if (typeof caches === 'undefined') return
    for (const name of await caches.keys()) if (!name.startsWith('plank-shell-')) await caches.delete(name)
  } catch {
    // not available (e.g. an insecure context)
  }
}

/**
 * Deletes everything this device keeps for a person (null: for whoever, when
 * it is not known who was signed in): every platform's document copy, their
 * recovered drafts, and private caches.
 */
export async function clearPersonDevice(personId: string | null): Promise<void> {
  const mine = (name: string) => (personId === null ? name.startsWith(PREFIX) && name.includes(':', PREFIX.length) : name.startsWith(`${PREFIX}${personId}:`))
  const names = (await databaseNames()).filter((n) => n !== REGISTRY_KEY && (mine(n) || isUnowned(n)))
  removeStorageKeys((key) => {
    if (!key.startsWith(DRAFTS_PREFIX)) return false
    const rest = key.slice(DRAFTS_PREFIX.length)
    return personId === null || rest.startsWith(`${personId}:`) || !rest.includes(':')
  })
  await Promise.all([...names.map(deleteDatabase), clearPrivateCaches()])
}

/** Deletes one platform's copy and drafts for a person who lost access to it. */
export async function clearPlatformDevice(personId: string, platformId: string): Promise<void> {
  removeStorageKeys((key) => key === draftsStorageKey(personId, platformId) || key === `${DRAFTS_PREFIX}${platformId}`)
  await Promise.all([deleteDatabase(deviceDatabaseName(personId, platformId)), deleteDatabase(`${PREFIX}${platformId}`)])
}

/** Copies nobody can be told to own are deleted when a person opens that platform. */
export function dropUnownedCopy(platformId: string): void {
  removeStorageKeys((key) => key === `${DRAFTS_PREFIX}${platformId}`)
  void deleteDatabase(`${PREFIX}${platformId}`)
}
