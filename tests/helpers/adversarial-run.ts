import type { PlankConfig } from '../../server/config.js'
/**
 * One phase of the adversarial update test: a sender of one role sends
 * crafted updates to a platform; after each, every root it may not write
 * must be unchanged on the server and on a stock client.
 */
import * as Y from 'yjs'
import { amendmentRoot, sectionRoot, translationRoot } from '../../shared/documents.js'
import type { Role } from '../../shared/roles.js'
import { connectClient, storedDoc, waitSynced, type Client } from './clients.js'
import { createGenerator, type GeneratorKind } from './crafted-updates.js'
import { approveEverySection } from './approve-all.js'
import { api } from './http.js'
import { HostileSender, type Outcome } from './hostile-sender.js'
import { seededRandom } from './random.js'
import { changedRoots, firstDifference, rootContent, rootsContent } from './root-content.js'
import { rmSync } from 'node:fs'
import { startPlank, tempDataDir, type RunningPlank } from './server.js'

/**
 * The stock client holds everything the server's document holds: same
 * state vector and same deletions. The relay may merge a turn's updates
 * into one message, so counting updates cannot tell.
 */
function caughtUp(client: Y.Doc, server: Y.Doc): boolean {
  return Y.equalSnapshots(Y.snapshot(client), Y.snapshot(server))
}

export interface Phase {
  role: Role
  /** The platform is adopted before the sender connects (everything is frozen). */
  adopted: boolean
}

export interface Breach {
  phase: string
  seed: number
  index: number
  kind: GeneratorKind
  outcome: Outcome
  /** Where the change was seen: the server's document, the stock client's copy, or the store after a restart. */
  where: 'server' | 'client' | 'store'
  roots: string[]
  update: string
}

export interface PhaseReport {
  phase: string
  seed: number
  updates: number
  breaches: Breach[]
  /** Valid edits the server did not apply (a guard refusing what it must accept). */
  overRefused: Array<{ index: number; outcome: Outcome; update: string }>
  /** Outcomes by generator kind. */
  outcomes: Record<string, Partial<Record<Outcome, number>>>
  /** The server stopped answering (health check failed or a message timed out). */
  unresponsive: string[]
  /** Updates after which the server had dropped and reloaded the room. */
  roomReloads: string[]
  ms: number
  /** Where the time went (ms): generating, sending and waiting for the answer, checking the server, waiting for the client. */
  timing: { generate: number; send: number; check: number; client: number; connects: number }
  /** Time from sending an update to the server's answer, by generator kind: total and slowest (ms). */
  answerMs: Record<string, { total: number; max: number }>
}

/** The DESIGN.md permission table for section text (independent of shared/permissions.ts on purpose). */
function writableSections(plank: RunningPlank, role: Role, orgId: string | null, adopted: boolean): string[] {
  if (adopted || role === 'observer') return []
  return plank.plank.store
    .listSections(plank.sample.platformId)
    .filter((s) => !s.locked && (role === 'facilitator' || s.ownerOrgId === null || s.ownerOrgId === orgId))
    .map((s) => s.id)
}

/** An amendment the phase seeds: its root, who proposed it, and whether it is still open. */
interface SeededAmendment {
  root: string
  proposerOrgId: string
  open: boolean
}

/**
 * Three amendments on an open section, proposed over HTTP before the sender
 * connects: one by the sender's organization, one by another, and one of
 * the sender's organization already declined (closed: nobody writes it).
 */
async function seedAmendments(plank: RunningPlank, facilitator: string, ownSectionId: string): Promise<SeededAmendment[]> {
  const platformId = plank.sample.platformId
  const target = plank.plank.store.listSections(platformId).find((s) => s.ownerOrgId === null && !s.locked)!
  const ours = plank.person('delegate', { ownerOf: ownSectionId })
  const theirs = plank.person('delegate', { notOwnerOf: ownSectionId })
  const propose = async (person: typeof ours, title: string): Promise<string> => {
    const res = await api(plank.url, `/api/platforms/${platformId}/sections/${target.id}/amendments`, {
      method: 'POST',
      cookie: await plank.cookieFor(person.id),
      body: { title, rationale: 'Adversarial phase.' },
    })
    if (res.status !== 201) throw new Error(`proposing failed: ${res.status} ${JSON.stringify(res.body)}`)
    return (res.body as { id: string }).id
  }
  const oursOpen = await propose(ours, 'Ours, open')
  const theirsOpen = await propose(theirs, 'Theirs, open')
  const declined = await propose(ours, 'Ours, declined')
  const res = await api(plank.url, `/api/platforms/${platformId}/amendments/${declined}/decline`, {
    method: 'POST',
    cookie: facilitator,
    body: { note: 'No.' },
  })
  if (res.status !== 200) throw new Error(`declining failed: ${res.status} ${JSON.stringify(res.body)}`)
  return [
    { root: amendmentRoot(oursOpen), proposerOrgId: ours.orgId!, open: true },
    { root: amendmentRoot(theirsOpen), proposerOrgId: theirs.orgId!, open: true },
    { root: amendmentRoot(declined), proposerOrgId: ours.orgId!, open: false },
  ]
}

/** DESIGN.md's amendment rule, written out here: the proposer's organization and facilitators write an open amendment of a live platform. */
function writableAmendments(amendments: SeededAmendment[], role: Role, orgId: string | null, adopted: boolean): string[] {
  if (adopted || role === 'observer') return []
  return amendments.filter((a) => a.open && (role === 'facilitator' || a.proposerOrgId === orgId)).map((a) => a.root)
}

async function adopt(plank: RunningPlank, facilitator: string): Promise<void> {
  await approveEverySection(plank, facilitator)
  const res = await api(plank.url, `/api/platforms/${plank.sample.platformId}/adopt`, { method: 'POST', cookie: facilitator })
  if (res.status !== 200) throw new Error(`adoption failed: ${res.status} ${JSON.stringify(res.body)}`)
}

/** PLANK_ADVERSARIAL_DEBUG=1 prints the content of every root that differs. */
const DEBUG = process.env.PLANK_ADVERSARIAL_DEBUG === '1'

const b64 = (u: Uint8Array): string => (u.byteLength <= 4096 ? Buffer.from(u).toString('base64') : `(${u.byteLength} bytes)`)

export async function runPhase(
  phase: Phase,
  options: {
    seed: number
    updates: number
    kinds?: readonly GeneratorKind[]
    heavyScale?: number
    /** More server configuration: a shared database and Redis, where a refusal first catches up with the store. */
    config?: Partial<PlankConfig>
  },
): Promise<PhaseReport> {
  const started = Date.now()
  const name = `${phase.adopted ? 'adopted' : 'live'}/${phase.role}`
  const report: PhaseReport = {
    phase: name,
    seed: options.seed,
    updates: 0,
    breaches: [],
    overRefused: [],
    outcomes: {},
    unresponsive: [],
    roomReloads: [],
    ms: 0,
    timing: { generate: 0, send: 0, check: 0, client: 0, connects: 0 },
    answerMs: {},
  }
  const dataDir = tempDataDir()
  // The server's log, to say why it dropped a room (the last lines are kept).
  const serverLog: string[] = []
  const log = (line: string): void => {
    serverLog.push(line)
    if (serverLog.length > 200) serverLog.shift()
  }
  const plank = await startPlank({ dataDir, config: { ...options.config, log } })
  let open = true
  const closePlank = async (): Promise<void> => {
    if (open) await plank.close()
    open = false
  }
  const platformId = plank.sample.platformId
  let witness: Client | null = null
  let sender: HostileSender | null = null
  try {
    const facilitator = await plank.cookieFor(plank.person('facilitator').id)
    const sections = plank.plank.store.listSections(platformId)
    const own = sections.find((s) => s.ownerOrgId !== null)!
    // A locked section nobody may write: the second open section.
    const locked = sections.filter((s) => s.ownerOrgId === null)[1]!
    const lockRes = await api(plank.url, `/api/platforms/${platformId}/sections/${locked.id}`, { method: 'PATCH', body: { locked: true }, cookie: facilitator })
    if (lockRes.status !== 200) throw new Error(`lock failed: ${lockRes.status}`)
    const amendments = await seedAmendments(plank, facilitator, own.id)
    if (phase.adopted) await adopt(plank, facilitator)
    const person = phase.role === 'delegate' || phase.role === 'boardRep' ? plank.person(phase.role, { ownerOf: own.id }) : plank.person(phase.role)
    // The sample is bilingual: each section's Spanish follows its section's rule (DESIGN: same owner, locks, pen, permissions).
    const writableIds = writableSections(plank, phase.role, person.orgId, phase.adopted)
    const writable = [
      ...writableIds.map(sectionRoot),
      ...writableIds.map((id) => translationRoot(id, 'es')),
      ...writableAmendments(amendments, phase.role, person.orgId, phase.adopted),
    ]
    const forbidden = [
      'gov',
      ...sections.map((s) => sectionRoot(s.id)).filter((r) => !writable.includes(r)),
      ...sections.map((s) => translationRoot(s.id, 'es')).filter((r) => !writable.includes(r)),
      // Languages the platform lacks, the primary's tag as a translation, a tag in the wrong case.
      translationRoot(own.id, 'fr'),
      translationRoot(own.id, 'en'),
      `${sectionRoot(own.id)}:ES`,
      `${sectionRoot(own.id)}:`,
      ...amendments.map((a) => a.root).filter((r) => !writable.includes(r)),
      'amend:nope',
      'amend:',
      'notes',
      'body:nope',
      'body:',
      '',
      '__proto__',
      'constructor',
      'gov ',
      'GOV',
    ]
    const rights = { writable, forbidden }

    // Signed in before the baseline is read, so nothing signing in does to gov counts against the sender.
    const senderCookie = await plank.cookieFor(person.id)
    witness = connectClient(plank.wsUrl, platformId, { cookie: facilitator })
    await waitSynced(witness)
    let version = 0
    const subscribe = (doc: Y.Doc): Y.Doc => {
      version++
      doc.on('update', () => {
        version++
      })
      return doc
    }
    const first = plank.plank.rooms.get(platformId)
    if (!first) throw new Error('the room is not open')
    let watched = subscribe(first.doc)
    /**
     * The server's live document. The server may drop a room and load it
     * again from the store (after a failed store write, or when its
     * after-the-fact check disagreed with the guard): then follow the new
     * one, and start the stock client afresh on it.
     */
    const watch = async (label: string, update?: Uint8Array): Promise<Y.Doc> => {
      const now = plank.plank.rooms.get(platformId)
      if (now && now.doc === watched) return watched
      report.roomReloads.push(`${label}; server log: ${serverLog.slice(-3).join(' | ').slice(0, 600)}${update ? `; update ${b64(update)}` : ''}`)
      const deadline = Date.now() + 15_000
      let room = now
      while (!room) {
        if (Date.now() > deadline) throw new Error(`the room did not come back after ${label}`)
        await new Promise((r) => setTimeout(r, 10))
        room = plank.plank.rooms.get(platformId)
      }
      watched = subscribe(room.doc)
      witness?.destroy()
      witness = connectClient(plank.wsUrl, platformId, { cookie: facilitator })
      await waitSynced(witness)
      return watched
    }
    let baseline = rootsContent(watched, forbidden)
    const witnessStart = rootsContent(witness.doc, forbidden)
    const startDiff = changedRoots(baseline, witnessStart)
    if (startDiff.length > 0) throw new Error(`stock client differs from the server before the phase: ${startDiff.join(', ')}`)

    sender = new HostileSender(`${plank.wsUrl}/${platformId}`, senderCookie, () => Y.encodeStateVector(plank.plank.rooms.get(platformId)?.doc ?? watched))
    const generator = createGenerator(seededRandom(options.seed), { kinds: options.kinds, heavyScale: options.heavyScale ?? 0.25 })
    let clientBreaches = 0
    for (let index = 0; index < options.updates; index++) {
      const t0 = performance.now()
      const doc = await watch(`before #${index}`)
      const crafted = generator.next(doc, rights, version)
      const t1 = performance.now()
      let result = await sender.sendUpdate(crafted.update, { keepParked: crafted.followUp !== undefined })
      if (crafted.followUp) {
        // The update waits for this one; if the first was held, the server decides on it again now.
        const released = await sender.sendUpdate(crafted.followUp)
        if (result.outcome === 'parked') result = released
      }
      const t2 = performance.now()
      report.timing.generate += t1 - t0
      report.timing.send += t2 - t1
      const answer = (report.answerMs[crafted.kind] ??= { total: 0, max: 0 })
      answer.total += t2 - t1
      answer.max = Math.max(answer.max, t2 - t1)
      report.updates++
      const byKind = (report.outcomes[crafted.kind] ??= {})
      /** This update changed `roots` where it must not have (on the server, or in the stock client's copy). */
      const breach = (where: 'server' | 'client', roots: string[]) =>
        report.breaches.push({ phase: name, seed: options.seed, index, kind: crafted.kind, outcome: result.outcome, where, roots, update: b64(crafted.update) })
      byKind[result.outcome] = (byKind[result.outcome] ?? 0) + 1
      if (result.outcome === 'timeout') report.unresponsive.push(`#${index} ${crafted.kind}: no answer`)
      if (crafted.mustApply && result.outcome !== 'applied') report.overRefused.push({ index, outcome: result.outcome, update: b64(crafted.update) })
      const now = rootsContent(await watch(`#${index} ${crafted.kind} (${result.outcome})`, crafted.update), forbidden)
      const changed = changedRoots(baseline, now)
      if (changed.length > 0) {
        if (DEBUG)
          for (const r of changed)
            console.log(
              `#${index} ${crafted.kind} (${result.outcome}): server changed ${JSON.stringify(r)} ${firstDifference(baseline.get(r), now.get(r))}\n    update: ${b64(crafted.update)}`,
            )
        breach('server', changed)
        baseline = now // keep going, so one run shows every generator that breaks the guard
      }
      const t3 = performance.now()
      report.timing.check += t3 - t2
      if (result.outcome === 'applied' || changed.length > 0) {
        // A diverged client never catches up: wait less once divergence was seen a few times.
        const deadline = Date.now() + (clientBreaches < 3 ? 2000 : 200)
        while (!caughtUp(witness.doc, watched) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 1))
        const seen = rootsContent(witness.doc, forbidden)
        const differs = changedRoots(baseline, seen)
        if (DEBUG)
          for (const r of differs)
            console.log(
              `#${index} ${crafted.kind}: stock client differs from the server in ${JSON.stringify(r)} ${firstDifference(baseline.get(r), seen.get(r))}`,
            )
        if (differs.length > 0) {
          clientBreaches++
          breach('client', differs)
          // Resync the stock client so later updates are judged on their own.
          witness.destroy()
          // Signed in before the baseline is read, so nothing signing in does to gov counts against the sender.
          await plank.cookieFor(person.id)
          witness = connectClient(plank.wsUrl, platformId, { cookie: facilitator })
          await waitSynced(witness)
        }
      }
      report.timing.client += performance.now() - t3
      if (index % 100 === 99) {
        const health = await fetch(`${plank.url}/healthz`)
          .then((r) => r.status)
          .catch((e: Error) => e.message)
        if (health !== 200) report.unresponsive.push(`#${index}: healthz answered ${health}`)
      }
    }
    report.timing.connects = sender.connects
    // After a restart, the store holds exactly what the server held, and the forbidden roots as they were.
    const inMemory = await watch('the end')
    const allRoots = [...new Set([...inMemory.share.keys(), ...forbidden])]
    const memory = new Map(allRoots.map((r) => [r, rootContent(inMemory, r)]))
    sender.close()
    sender = null
    witness.destroy()
    witness = null
    await closePlank()
    const reopened = await startPlank({ dataDir, config: { ...options.config, log } })
    try {
      const stored = storedDoc(reopened.plank.store, platformId)
      const differ = allRoots.filter((r) => rootContent(stored, r) !== memory.get(r))
      if (DEBUG) for (const r of differ) console.log(`store differs from memory in ${r} ${firstDifference(memory.get(r), rootContent(stored, r))}`)
      const fromBaseline = changedRoots(baseline, rootsContent(stored, forbidden))
      if (differ.length > 0 || fromBaseline.length > 0) {
        report.breaches.push({
          phase: name,
          seed: options.seed,
          index: options.updates,
          kind: 'valid',
          outcome: 'applied',
          where: 'store',
          roots: [...new Set([...differ, ...fromBaseline])],
          update: '',
        })
      }
      stored.destroy()
    } finally {
      await reopened.close()
    }
  } finally {
    sender?.close()
    witness?.destroy()
    await closePlank().catch(() => {})
    rmSync(dataDir, { recursive: true, force: true })
    report.ms = Date.now() - started
  }
  return report
}
