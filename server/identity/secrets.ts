import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto'
import { promisify } from 'node:util'
import { passwordHashing } from './hash-queue.js'

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, keylen: number, options: object) => Promise<Buffer>

/** scrypt parameters (N=2^15, r=8, p=1): about 50 ms and 32 MiB per hash. */
const N = 32768
const R = 8
const P = 1
const KEY_LENGTH = 32
const MAX_MEM = 64 * 1024 * 1024

/** `scrypt$N$r$p$salt$hash`, base64url; a per-user random salt. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16)
  const key = await passwordHashing.run(() => scryptAsync(password.normalize('NFKC'), salt, KEY_LENGTH, { N, r: R, p: P, maxmem: MAX_MEM }))
  return ['scrypt', N, R, P, salt.toString('base64url'), key.toString('base64url')].join('$')
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$')
  if (scheme !== 'scrypt' || !salt || !hash) return false
  const expected = Buffer.from(hash, 'base64url')
  const key = await passwordHashing.run(() =>
    scryptAsync(password.normalize('NFKC'), Buffer.from(salt, 'base64url'), expected.length, {
      N: Number(n),
      r: Number(r),
      p: Number(p),
      maxmem: MAX_MEM,
    }),
  )
  return key.length === expected.length && timingSafeEqual(key, expected)
}

/** A random secret for a cookie, link or ticket. */
export const newToken = (): string => randomBytes(32).toString('base64url')

/** Secrets are stored only as this hash, so a copy of the database opens no session. */
export const tokenHash = (token: string): string => createHash('sha256').update(token).digest('hex')

/** Spends about as long as a real verification, so a missing account is not revealed by timing. */
let dummyHash: Promise<string> | null = null
export async function verifyAgainstNothing(password: string): Promise<false> {
  dummyHash ??= hashPassword('not a real password')
  await verifyPassword(password, await dummyHash)
  return false
}
