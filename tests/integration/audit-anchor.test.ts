import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { readFileSync, rmSync, statSync, unlinkSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { AUDIT_ANCHOR_FILE, AUDIT_KEY_FILE, entryHash, verifyAuditChain } from '../../server/audit/audit-log.js'
import type { AuditRow } from '../../server/store/store.js'
import { canonicalJson } from '../../shared/canonical-json.js'
import { approveEverySection } from '../helpers/approve-all.js'
import { api } from '../helpers/http.js'
import { startPlank, tempDataDir, type RunningPlank } from '../helpers/server.js'

const run = promisify(execFile)
const cli = resolve('dist/server/server/audit/verify-cli.js')

/** `npm run audit:verify` on a data folder: exit code and what it printed. */
async function verify(dataDir: string, args: string[] = []): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await run(process.execPath, [cli, ...args], { env: { ...process.env, PLANK_DATA_DIR: dataDir, PLANK_AUDIT_KEY: '' } })
    return { code: 0, out: stdout }
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string }
    return { code: e.code, out: e.stdout + e.stderr }
  }
}

interface AuditBody {
  entries: Array<{ seq: number; action: string; hash: string }>
  verification: { ok: boolean; entries?: number; seq?: number; problem?: string }
}

/** A few audited changes on a platform: section renames. */
async function audited(plank: RunningPlank, cookie: string, platformId: string, times: number): Promise<void> {
  const sections = plank.plank.store.listSections(platformId)
  for (let i = 0; i < times; i++) {
    const section = sections[i % sections.length]!
    const res = await api(plank.url, `/api/platforms/${platformId}/sections/${section.id}`, {
      method: 'PATCH',
      cookie,
      body: { title: `${section.title.split(' #')[0]} #${i}` },
    })
    expect(res.status).toBe(200)
  }
}

/** The rows of one platform's chain as the database holds them. */
const chainRows = (db: Database.Database, platformId: string) =>
  db.prepare('SELECT * FROM audit_log WHERE platform_id = ? ORDER BY platform_seq').all(platformId) as Array<
    Record<string, unknown> & { seq: number; platform_seq: number; hash: string }
  >

describe('the anchored audit log', () => {
  let plank: RunningPlank | null = null
  const dirs: string[] = []
  afterEach(async () => {
    await plank?.close()
    plank = null
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
  })
  const start = async () => {
    const dataDir = tempDataDir()
    dirs.push(dataDir)
    plank = await startPlank({ dataDir })
    const facilitator = await plank.cookieFor(plank.person('facilitator').id)
    return { plank, dataDir, facilitator, platformId: plank.sample.platformId }
  }

  it('numbers entries per platform, and one platform’s log says nothing about another’s activity', async () => {
    const { plank, dataDir, facilitator, platformId } = await start()
    const other = (await api(plank.url, '/api/platforms', { method: 'POST', cookie: facilitator, body: { title: 'Another coalition' } })).body as { id: string }
    await api(plank.url, `/api/platforms/${other.id}/sections`, { method: 'POST', cookie: facilitator, body: { title: 'One', ownerOrgId: null } })
    await audited(plank, facilitator, platformId, 3)
    const read = async (id: string) => (await api(plank.url, `/api/platforms/${id}/audit`, { cookie: facilitator })).body as AuditBody

    const mine = await read(platformId)
    expect(mine.entries.map((e) => e.seq)).toEqual(mine.entries.map((_, i) => i + 1))
    expect(mine.verification).toEqual({ ok: true, entries: mine.entries.length })
    const theirs = await read(other.id)
    expect(theirs.entries.map((e) => e.seq)).toEqual(theirs.entries.map((_, i) => i + 1))

    // Activity elsewhere changes nothing in this platform's answer.
    for (let i = 0; i < 5; i++)
      await api(plank.url, `/api/platforms/${other.id}/sections`, { method: 'POST', cookie: facilitator, body: { title: `More ${i}`, ownerOrgId: null } })
    expect(await read(platformId)).toEqual(mine)
    expect((await read(other.id)).entries.length).toBe(theirs.entries.length + 5)

    // The key is outside the database, readable by the server's user only.
    const keyFile = join(dataDir, AUDIT_KEY_FILE)
    expect(statSync(keyFile).mode & 0o777).toBe(0o600)
    const key = readFileSync(keyFile, 'utf8').trim()
    expect(readFileSync(join(dataDir, 'plank.sqlite')).includes(Buffer.from(key))).toBe(false)
    expect(readFileSync(join(dataDir, 'plank.sqlite')).includes(Buffer.from(key, 'hex'))).toBe(false)
    expect((await verify(dataDir)).code).toBe(0)
  })

  it('detects entries removed from the end of a chain', async () => {
    const { plank, dataDir, facilitator, platformId } = await start()
    await audited(plank, facilitator, platformId, 4)
    expect(await verify(dataDir)).toMatchObject({ code: 0, out: expect.stringMatching(/intact/) })

    const db = new Database(join(dataDir, 'plank.sqlite'))
    const rows = chainRows(db, platformId)
    const count = rows.length
    db.prepare('DELETE FROM audit_log WHERE seq IN (?, ?)').run(rows[count - 1]!.seq, rows[count - 2]!.seq)
    db.close()
    // Without the anchor the shortened chain is perfectly consistent…
    expect(verifyAuditChain(plank.plank.store.listAudit())).toMatchObject({ ok: true })
    // …with it, the removal is found, by the command and on the audit screen.
    const result = await verify(dataDir)
    expect(result.code).toBe(1)
    expect(result.out).toContain(`platform ${platformId}, entry ${count - 1}: entries ${count - 1} to ${count} were removed from the end`)
    const screen = (await api(plank.url, `/api/platforms/${platformId}/audit`, { cookie: facilitator })).body as AuditBody
    expect(screen.verification).toMatchObject({ ok: false, seq: count - 1 })
    // The server does not move the anchor back to the shortened chain on the next change.
    await audited(plank, facilitator, platformId, 1)
    expect((await verify(dataDir)).code).toBe(1)
  })

  it('detects an entry rewritten and the chain re-hashed without the key', async () => {
    const { plank, dataDir, facilitator, platformId } = await start()
    await audited(plank, facilitator, platformId, 4)
    const db = new Database(join(dataDir, 'plank.sqlite'))
    const rows = plank.plank.store.listAudit(platformId)
    const target = rows[1]!
    // The attacker knows the hashing rule (it is public) but not the key.
    let prev = rows[0]!.hash
    const update = db.prepare('UPDATE audit_log SET detail = ?, prev_hash = ?, hash = ? WHERE seq = ?')
    for (const row of rows.slice(1)) {
      const detail = row.seq === target.seq ? JSON.stringify({ tampered: true }) : row.detail
      const forged: AuditRow = { ...row, detail, prevHash: prev }
      const hash = entryHash(forged)
      update.run(detail, prev, hash, row.seq)
      prev = hash
    }
    db.close()
    // Hash and chain alone are consistent again…
    expect(verifyAuditChain(plank.plank.store.listAudit())).toMatchObject({ ok: true })
    // …but the signature is not.
    const result = await verify(dataDir)
    expect(result.code).toBe(1)
    expect(result.out).toContain(`platform ${platformId}, entry ${target.platformSeq}: its signature does not match`)
  })

  it('detects an anchor file removed or edited', async () => {
    const { plank, dataDir, facilitator, platformId } = await start()
    await audited(plank, facilitator, platformId, 2)
    const anchorFile = join(dataDir, AUDIT_ANCHOR_FILE)
    const anchor = JSON.parse(readFileSync(anchorFile, 'utf8')) as { chains: Record<string, { count: number; hash: string }> }
    expect(anchor.chains[platformId]).toEqual({
      count: plank.plank.store.listAudit(platformId).length,
      hash: plank.plank.store.listAudit(platformId).at(-1)!.hash,
    })

    // Lowering the anchored count to match a truncation needs the key.
    const edited = { ...anchor, chains: { ...anchor.chains, [platformId]: { count: 1, hash: plank.plank.store.listAudit(platformId)[0]!.hash } } }
    const { writeFileSync } = await import('node:fs')
    writeFileSync(anchorFile, JSON.stringify(edited))
    expect(await verify(dataDir)).toMatchObject({ code: 1, out: expect.stringContaining('the anchor file does not carry the server’s signature') })
    unlinkSync(anchorFile)
    expect(await verify(dataDir)).toMatchObject({ code: 1, out: expect.stringContaining('audit-anchor.json is missing') })
  })

  it('a log from before anchoring is checked with the old rule, then sealed: re-chained per platform and signed', async () => {
    const { plank: first, dataDir, facilitator, platformId } = await start()
    await audited(first, facilitator, platformId, 3)
    await api(first.url, '/api/platforms', { method: 'POST', cookie: facilitator, body: { title: 'Second' } })
    await audited(first, facilitator, platformId, 2)
    const actions = first.plank.store.listAudit().map((r) => r.action)
    await first.close()
    plank = null
    // Make it a log as the previous version wrote it: one global chain, no signatures, no key, no anchor.
    const db = new Database(join(dataDir, 'plank.sqlite'))
    const rows = db.prepare('SELECT * FROM audit_log ORDER BY seq').all() as Array<{
      seq: number
      platform_id: string | null
      actor_id: string | null
      action: string
      detail: string
      created_at: string
    }>
    let prev = '0'.repeat(64)
    for (const r of rows) {
      const content = canonicalJson({
        platformId: r.platform_id,
        actorId: r.actor_id,
        action: r.action,
        detail: r.detail,
        createdAt: r.created_at,
        prevHash: prev,
      })
      const hash = createHash('sha256').update(content).digest('hex')
      db.prepare('UPDATE audit_log SET prev_hash = ?, hash = ?, mac = NULL WHERE seq = ?').run(prev, hash, r.seq)
      prev = hash
    }
    db.close()
    unlinkSync(join(dataDir, AUDIT_KEY_FILE))
    unlinkSync(join(dataDir, AUDIT_ANCHOR_FILE))
    expect((await verify(dataDir)).code).toBe(2)

    const lines: string[] = []
    plank = await startPlank({ dataDir, config: { log: (line) => lines.push(line) } })
    expect(lines.join('\n')).toContain(`Audit log: ${rows.length} earlier entries checked, re-chained per platform and signed.`)
    expect(plank.plank.store.listAudit().map((r) => r.action)).toEqual(actions)
    expect(await verify(dataDir)).toMatchObject({ code: 0, out: expect.stringContaining(`intact: ${rows.length} entries`) })
    const screen = (await api(plank.url, `/api/platforms/${platformId}/audit`, { cookie: await plank.cookieFor(plank.person('facilitator').id) }))
      .body as AuditBody
    expect(screen.entries.map((e) => e.seq)).toEqual(screen.entries.map((_, i) => i + 1))
    expect(screen.verification.ok).toBe(true)
  })

  it('an adopted platform’s export carries its chain’s head, which the command checks', async () => {
    const { plank, dataDir, facilitator, platformId } = await start()
    await approveEverySection(plank, facilitator)
    expect((await api(plank.url, `/api/platforms/${platformId}/adopt`, { method: 'POST', cookie: facilitator })).status).toBe(200)
    const md = await (await fetch(`${plank.url}/api/platforms/${platformId}/export.md?final=1`, { headers: { cookie: facilitator } })).text()
    const html = await (await fetch(`${plank.url}/api/platforms/${platformId}/export.html?final=1`, { headers: { cookie: facilitator } })).text()
    const chain = plank.plank.store.listAudit(platformId)
    const head = `${chain.length}:${chain.at(-1)!.hash}`
    expect(chain.at(-1)!.action).toBe('platform.adopt')
    expect(md).toContain(`Audit log: ${chain.length} entries; head \`${head}\``)
    expect(html).toContain(`<code>${head}</code>`)
    expect(await verify(dataDir, ['--platform', platformId, '--head', head])).toMatchObject({ code: 0, out: expect.stringContaining('is in the log') })
    expect((await verify(dataDir, ['--platform', platformId, '--head', `${chain.length}:${'f'.repeat(64)}`])).code).toBe(1)
  })
})
