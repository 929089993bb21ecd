import { spawn, type ChildProcess } from 'node:child_process'
import { resolve } from 'node:path'

export interface ServerProcess {
  child: ChildProcess
  port: number
  wsUrl: string
  url: string
  /** Resolves with the exit code or signal once the process has exited. */
  exited: Promise<string>
}

/** Starts the built server (`npm start`'s entry point) as its own process on a free port. */
export async function spawnPlank(dataDir: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  const child = spawn(process.execPath, [resolve('dist/server/server/main.js')], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', PLANK_DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const exited = new Promise<string>((done) => child.once('exit', (code, signal) => done(signal ?? String(code))))
  let output = ''
  const port = await new Promise<number>((done, fail) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString()
      const match = /running at http:\/\/localhost:(\d+)/.exec(output)
      if (match) done(Number(match[1]))
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
    void exited.then((how) => fail(new Error(`server exited (${how}) before listening:\n${output}`)))
  })
  const url = `http://127.0.0.1:${port}`
  return { child, port, url, wsUrl: `ws://127.0.0.1:${port}/ws`, exited }
}
