/**
 * Version history (issue 16): what keeping history costs as a platform's
 * history grows. The automerge-paper trace (bench/traces/) is replayed into
 * the sections of one platform (its first edits/sections edits into each
 * section, one edit per update as keystrokes arrive), with the writing
 * pausing `pausesPerSection` times in each section. With history, the server
 * keeps a version at each pause (PLANK_VERSION_PAUSE_SECONDS=1); without, the
 * pause is longer than the run, so it keeps none (only the first version a
 * load keeps of a section that has text). Same trace, same pauses.
 *
 * Measured after the replay: stored bytes (the SQLite file and its log, and
 * of them the versions' rows and texts); the server restarted, the time to
 * load the document (the first API read of a section after the restart
 * loads it); a fresh client's sync; and opening the history view (the
 * platform's timeline, a section's timeline, its latest version's text with
 * authors, and the comparison of its first and latest versions). Load and
 * fresh sync are medians of 5 restarts; the first restart of a platform
 * without history keeps each section's first version just after the load.
 */
import Database from 'better-sqlite3'
import { statSync } from 'node:fs'
import { performance } from 'node:perf_hooks'
import * as Y from 'yjs'
import { sectionRoot } from '../../shared/documents.js'
import { LoadClient, sleep, withTimeout } from '../load-client.js'
import type { ServerKind } from '../servers.js'
import { round } from '../stats.js'
import { benchDoc, platformApi, withServer } from './common.js'
import { resultHead } from './outcome.js'
import { loadTrace } from './trace-replay.js'

export interface VersionHistoryConfig {
  /** Edits replayed in all (split evenly over the sections). */
  edits: number
  sections: number
  pausesPerSection: number
  /** Keep versions at the pauses (history) or not. */
  history: boolean
  /** How many times each history-view request is timed (the median is reported). */
  repeats: number
}

export interface VersionHistoryResult extends VersionHistoryConfig {
  server: ServerKind
  ok: boolean
  failures: string[]
  versions: number
  replayMs: number
  storedMb: number
  versionRowsKb: number
  versionTextsKb: number
  /** Restart → the first read of a section answered (the document loaded from the store). */
  loadMs: number
  freshSyncMs: number
  history: boolean
  timelineMs: number
  sectionTimelineMs: number
  versionMs: number
  compareMs: number
}

const fileBytes = (path: string): number => {
  try {
    return statSync(path).size
  } catch {
    return 0
  }
}

/** The server is restarted this many times; load and fresh sync are the medians. */
const RESTARTS = 5

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  return round(s[Math.floor(s.length / 2)] ?? 0)
}

export async function runVersionHistory(cfg: VersionHistoryConfig): Promise<VersionHistoryResult> {
  const d = benchDoc(0)
  const sectionIds = [d.sectionId, ...Array.from({ length: cfg.sections - 1 }, (_, i) => `${d.sectionId}-${i + 1}`)]
  const perSection = Math.floor(cfg.edits / cfg.sections)
  const patches = loadTrace().patches.slice(0, perSection)
  const pauseS = cfg.history ? 1 : 1_000_000
  const label = `versions ${cfg.history ? 'with' : 'without'} history n=${perSection * cfg.sections}`
  return withServer(
    'plank',
    label,
    {
      docs: [d],
      plankEnv: { PLANK_VERSION_PAUSE_SECONDS: String(pauseS) },
      seed: (store) => {
        sectionIds.slice(1).forEach((id, i) => {
          store.addSection(d.platformId, { id, title: `Bench section ${i + 2}`, ownerOrgId: null, locked: false, position: i + 2 })
        })
        return {}
      },
    },
    async ({ server, log }) => {
      const failures: string[] = []
      const target = server.target(d)
      const cookie = target.headers.Cookie ?? ''
      const api = platformApi(server.baseUrl, d.platformId)

      const writerDoc = new Y.Doc()
      const writer = new LoadClient({ ...target, doc: writerDoc, mode: 'record', recordWhen: () => false })
      await withTimeout(writer.synced, 30_000)
      const t0 = performance.now()
      const pauseEvery = Math.max(1, Math.floor(patches.length / cfg.pausesPerSection))
      for (const sectionId of sectionIds) {
        const paragraph = new Y.XmlElement('paragraph')
        const text = new Y.XmlText()
        paragraph.insert(0, [text])
        writerDoc.getXmlFragment(sectionRoot(sectionId)).insert(0, [paragraph])
        for (let i = 0; i < patches.length; i++) {
          const [pos, del, ins] = patches[i]!
          if (del) text.delete(pos, del)
          if (ins) text.insert(pos, ins)
          if (i % 200 === 199) {
            await new Promise((r) => setImmediate(r))
            while (writer.open && writer.bufferedAmount > 256 * 1024) await sleep(1)
          }
          // The writing pauses: long enough for a version with history (the same wait without).
          if (i % pauseEvery === pauseEvery - 1) {
            await writer.flushed()
            await sleep(1_300)
          }
        }
        if (!writer.open) {
          failures.push(`writer closed: ${writer.closed ? `${writer.closed.code} ${writer.closed.reason}` : 'not open'}`)
          break
        }
      }
      await writer.flushed()
      const replayMs = round(performance.now() - t0)
      await sleep(2_000)
      writer.close()
      log(`replayed ${patches.length * sectionIds.length} edits in ${replayMs} ms`)

      // What is stored, read from the database beside the running server (WAL: a reader does not block it).
      const sqlite = server.sqlitePath!
      const db = new Database(sqlite, { readonly: true })
      const versions = (db.prepare('SELECT COUNT(*) AS n FROM section_versions').get() as { n: number }).n
      const versionRowsKb = round(
        (
          db.prepare('SELECT COALESCE(SUM(LENGTH(id) + LENGTH(hash) + LENGTH(person_ids) + LENGTH(org_ids) + 80), 0) AS b FROM section_versions').get() as {
            b: number
          }
        ).b / 1024,
      )
      const versionTextsKb = round((db.prepare('SELECT COALESCE(SUM(LENGTH(content)), 0) AS b FROM version_texts').get() as { b: number }).b / 1024)
      db.close()
      const storedMb = round((fileBytes(sqlite) + fileBytes(`${sqlite}-wal`)) / (1024 * 1024))

      // Restart (RESTARTS times, medians): the first read of a section loads the document from the store; then a fresh client syncs.
      const loads: number[] = []
      const syncs: number[] = []
      const expected = writerDoc.getXmlFragment(sectionRoot(sectionIds.at(-1)!)).toString()
      for (let r = 0; r < RESTARTS; r++) {
        await server.restart()
        const tLoad = performance.now()
        const first = await api('GET', `/sections/${d.sectionId}`, cookie)
        loads.push(performance.now() - tLoad)
        if (first.status !== 200) failures.push(`section read after restart: ${first.status}`)
        const tSync = performance.now()
        const fresh = new LoadClient({ ...target, doc: new Y.Doc(), mode: 'apply' })
        await withTimeout(fresh.synced, 60_000)
        syncs.push(performance.now() - tSync)
        if (fresh.doc.getXmlFragment(sectionRoot(sectionIds.at(-1)!)).toString() !== expected) failures.push('fresh client text differs from the writer’s')
        fresh.close()
      }
      const loadMs = median(loads)
      const freshSyncMs = median(syncs)

      // Opening the history view: what the client asks for.
      const timed = async (path: string): Promise<{ ms: number; json: unknown }> => {
        const times: number[] = []
        let json: unknown = null
        for (let r = 0; r < cfg.repeats; r++) {
          const answer = await api('GET', path, cookie)
          if (answer.status !== 200) failures.push(`${path}: ${answer.status}`)
          times.push(answer.ms)
          json = answer.json
        }
        return { ms: median(times), json }
      }
      const timeline = await timed('/versions')
      const section = await timed(`/sections/${d.sectionId}/versions`)
      const list = (section.json as { versions?: Array<{ id: string }> } | null)?.versions ?? []
      const latest = list[0]?.id
      const oldest = list.at(-1)?.id
      const version = latest ? await timed(`/sections/${d.sectionId}/versions/${latest}`) : { ms: 0 }
      const compare = latest && oldest ? await timed(`/sections/${d.sectionId}/versions/compare?from=${oldest}&to=${latest}`) : { ms: 0 }
      if (!latest) failures.push('no version of the first section')
      log(`${versions} versions, ${storedMb} MB stored; load ${loadMs} ms, fresh sync ${freshSyncMs} ms`)

      return {
        ...resultHead('plank', cfg, failures),
        versions,
        replayMs,
        storedMb,
        versionRowsKb,
        versionTextsKb,
        loadMs,
        freshSyncMs,
        timelineMs: timeline.ms,
        sectionTimelineMs: section.ms,
        versionMs: version.ms,
        compareMs: compare.ms,
      }
    },
  )
}
