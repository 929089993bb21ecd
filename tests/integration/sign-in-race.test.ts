/**
 * Sign-in attempts sent all at once: each is counted before its password is
 * hashed, so a burst gets no more tries than the same attempts one after
 * another (5 wrong passwords per login and address, then a 30 s wait; 100
 * failures per address in 15 minutes), on one instance or spread over three
 * sharing PostgreSQL. Counted only after the hash, every attempt of a burst
 * passes the check while the first ones are still hashing, and these tests
 * fail. The 30 s pass by moving the stored last attempt back in time.
 */
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { withClient } from '../helpers/postgres.js'
import { startPlank, type RunningPlank } from '../helpers/server.js'
import { createTestDatabase, dropTestDatabase, sharedRedis } from '../helpers/services.js'

const PASSWORD = 'a long enough password for Rosa'

interface Answer {
  status: number
  code: string | undefined
  retryAfter: number
  cookies: string[]
}

async function signIn(instance: RunningPlank, login: string, password: string, address?: string): Promise<Answer> {
  const res = await fetch(`${instance.url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(address ? { 'x-forwarded-for': address } : {}) },
    body: JSON.stringify({ login, password }),
  })
  const body = (await res.json()) as { error?: { code: string } }
  return { status: res.status, code: body.error?.code, retryAfter: Number(res.headers.get('retry-after')), cookies: res.headers.getSetCookie() }
}

async function makeRosa(instance: RunningPlank): Promise<string> {
  const res = await fetch(`${instance.url}/api/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: instance.plank.setupToken, username: 'rosa', displayName: 'Rosa', password: PASSWORD }),
  })
  expect(res.status).toBe(201)
  return instance.plank.store.findPersonByLogin('rosa')!.id
}

const statusCounts = (answers: Answer[]): Record<number, number> => {
  const counts: Record<number, number> = {}
  for (const a of answers) counts[a.status] = (counts[a.status] ?? 0) + 1
  return counts
}

/** The refused attempts answer the throttle's 429, and no attempt of the burst made a session. */
function expectThrottled(answers: Answer[]): void {
  for (const refused of answers.filter((a) => a.status === 429)) {
    expect(refused.code).toBe('rate_limited')
    expect(refused.retryAfter).toBeGreaterThan(0)
  }
  expect(answers.flatMap((a) => a.cookies)).toEqual([])
}

describe('sign-in attempts sent at once over three instances sharing PostgreSQL', () => {
  let instances: [RunningPlank, RunningPlank, RunningPlank]
  let databaseUrl: string
  let rosa: string
  const sql = (text: string, params: unknown[] = []) => withClient(databaseUrl, (c) => c.query(text, params))
  const sessionsOfRosa = async (): Promise<number> => Number((await sql('SELECT COUNT(*) AS n FROM sessions WHERE person_id = $1', [rosa])).rows[0].n)

  beforeAll(async () => {
    databaseUrl = await createTestDatabase('signinrace')
    // The proxy's address entry is trusted, so that each test tries from its own address.
    const config = { databaseUrl, redisUrl: sharedRedis().url, trustProxy: 1 }
    const first = await startPlank({ config })
    instances = [first, ...(await Promise.all([startPlank({ config }), startPlank({ config })]))] as [RunningPlank, RunningPlank, RunningPlank]
    rosa = await makeRosa(first)
  })
  afterAll(async () => {
    for (const instance of instances ?? []) await instance.close()
    if (databaseUrl) await dropTestDatabase(databaseUrl)
  })

  it('40 wrong passwords at once over the instances: 5 are checked (401), 35 refused (429), no session; the right one waits until the 30 s pass', async () => {
    const address = '198.51.100.10'
    const before = await sessionsOfRosa()
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => signIn(instances[i % 3]!, 'rosa', `guess ${i}`, address)))
    expect(statusCounts(answers)).toEqual({ 401: 5, 429: 35 })
    for (const wrong of answers.filter((a) => a.status === 401)) expect(wrong.code).toBe('bad_credentials')
    expectThrottled(answers)
    expect(await sessionsOfRosa()).toBe(before)

    for (const instance of instances) {
      const refused = await signIn(instance, 'rosa', PASSWORD, address)
      expect(refused.status).toBe(429)
      expect(refused.cookies).toEqual([])
    }
    await sql('UPDATE sign_in_failures SET last_at = last_at - 20000')
    expect((await signIn(instances[1], 'rosa', PASSWORD, address)).status).toBe(429)
    await sql('UPDATE sign_in_failures SET last_at = last_at - 11000')
    const right = await signIn(instances[2], 'rosa', PASSWORD, address)
    expect(right.status).toBe(200)
    expect(right.cookies).toHaveLength(1)
    expect(await sessionsOfRosa()).toBe(before + 1)
    // The success cleared the pair: a wrong password is checked again.
    expect((await signIn(instances[0], 'rosa', 'one more guess', address)).status).toBe(401)
  })

  it('wrong passwords for many logins from one address, sent in bursts: only the 100 the address may fail are checked', async () => {
    const address = '198.51.100.20'
    // Two bursts of 55 (the process's one hashing queue takes 66 at once): the second passes 100.
    const answers: Answer[] = []
    for (const burst of [0, 1]) {
      answers.push(...(await Promise.all(Array.from({ length: 55 }, (_, i) => signIn(instances[i % 3]!, `nobody-${burst}-${i}`, 'a guess', address)))))
    }
    expect(statusCounts(answers)).toEqual({ 401: 100, 429: 10 })
    expectThrottled(answers)
    // The address is refused for the right password too; another address is not.
    expect((await signIn(instances[0], 'rosa', PASSWORD, address)).status).toBe(429)
    expect((await signIn(instances[1], 'rosa', PASSWORD, '198.51.100.21')).status).toBe(200)
  })
})

describe('sign-in attempts sent at once to one instance on SQLite', () => {
  let plank: RunningPlank
  let rosa: string
  const database = () => new Database(join(plank.dataDir, 'plank.sqlite'))
  const inDatabase = <T>(fn: (db: Database.Database) => T): T => {
    const db = database()
    try {
      return fn(db)
    } finally {
      db.close()
    }
  }
  const sessionsOfRosa = (): number => inDatabase((db) => (db.prepare('SELECT COUNT(*) AS n FROM sessions WHERE person_id = ?').get(rosa) as { n: number }).n)

  beforeAll(async () => {
    plank = await startPlank()
    rosa = await makeRosa(plank)
  })
  afterAll(async () => {
    await plank?.close()
  })

  it('after four wrong passwords the right one signs in, and clears the count', async () => {
    for (let i = 0; i < 4; i++) expect((await signIn(plank, 'rosa', `guess ${i}`)).status).toBe(401)
    expect((await signIn(plank, 'rosa', PASSWORD)).status).toBe(200)
    const answers = await Promise.all(Array.from({ length: 5 }, (_, i) => signIn(plank, 'rosa', `again ${i}`)))
    expect(statusCounts(answers)).toEqual({ 401: 5 })
    expect((await signIn(plank, 'rosa', PASSWORD)).status).toBe(429)
    inDatabase((db) => db.prepare('UPDATE sign_in_failures SET last_at = last_at - 31000').run())
    expect((await signIn(plank, 'rosa', PASSWORD)).status).toBe(200)
  })

  it('40 wrong passwords at once: 5 are checked (401), 35 refused (429), no session; the right one waits until the 30 s pass', async () => {
    const before = sessionsOfRosa()
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => signIn(plank, 'rosa', `guess ${i}`)))
    expect(statusCounts(answers)).toEqual({ 401: 5, 429: 35 })
    expectThrottled(answers)
    expect(sessionsOfRosa()).toBe(before)
    expect((await signIn(plank, 'rosa', PASSWORD)).status).toBe(429)
    inDatabase((db) => db.prepare('UPDATE sign_in_failures SET last_at = last_at - 20000').run())
    expect((await signIn(plank, 'rosa', PASSWORD)).status).toBe(429)
    inDatabase((db) => db.prepare('UPDATE sign_in_failures SET last_at = last_at - 11000').run())
    expect((await signIn(plank, 'rosa', PASSWORD)).status).toBe(200)
    expect(sessionsOfRosa()).toBe(before + 1)
  })
})
