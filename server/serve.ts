import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createPlank, type PlankOptions } from './app.js'
import { configFromEnv } from './config.js'

/**
 * Runs Plank as a process: configuration from the environment, the start-up
 * lines, signals and the last-resort error handlers. server/main.ts calls it
 * with no options; only the benchmark's own entry point passes any.
 */
export async function serve(options: PlankOptions = {}): Promise<void> {
  // dist/server/server/serve.js → dist/client
  const builtClient = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'client')

  const config = configFromEnv(process.env, { clientDir: existsSync(builtClient) ? builtClient : null })
  const plank = await createPlank(config, options)
  const base = `http://localhost:${plank.port}`
  config.log(`Plank is running at ${base} (data in ${config.dataDir})`)
  const first = plank.store.listPlatforms()[0]
  if (first) config.log(`Open ${base}/p/${first.id} to see "${first.title}".`)
  if (plank.setupToken) {
    // Deliberately printed once: whoever runs the server creates the first facilitator account.
    config.log(`First run: create the first facilitator account at ${base}/setup#${plank.setupToken}`)
  }
  if (config.demo) config.log('Demo mode is on: sample people can be signed in as from the home page (PLANK_DEMO=0 turns it off).')
  if (!config.clientDir) config.log('The client is not built: run `npm run build` to serve it.')

  let stopping = false
  const stop = (signal: string): void => {
    if (stopping) return
    stopping = true
    config.log(`${signal}: closing connections and the database…`)
    void plank.close().then(() => process.exit(0))
  }
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))

  // No input may end the process (issue 11, finding 2): one crafted request
  // that crashes the server after every restart is a denial of service no
  // supervisor can fix. Express answers 500 for errors inside requests; these
  // handlers are the backstop for anything that escapes elsewhere.
  //
  // A rejected promise nobody awaited leaves no half-done work behind (the
  // code that created it has moved on): log it loudly and keep serving.
  process.on('unhandledRejection', (reason) => {
    config.log(`BUG: unhandled promise rejection (kept serving): ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`)
  })
  // An exception thrown out of an event callback is graver: Node's default is
  // to exit because the interrupted code may have left memory half-updated.
  // Plank keeps serving, deliberately: every durable change is one SQLite
  // transaction (rolled back when it throws) and every document update is
  // stored before it is relayed, so the store stays consistent; a room left
  // inconsistent in memory is rebuilt from the store when it reloads; and
  // exiting would hand whoever found the exception a switch that stops the
  // server for everyone, again after each restart. Log loudly, with a count,
  // so that the bug is found and fixed.
  let uncaught = 0
  process.on('uncaughtException', (error, origin) => {
    uncaught++
    config.log(`BUG: uncaught exception #${uncaught} (${origin}, kept serving): ${error.stack ?? error.message}`)
  })
}
