#!/usr/bin/env node
// Makes sure the PostgreSQL and Redis servers that the multi-instance tests start (tests/setup/services-global.ts)
// are installed, from Debian's packages. Idempotent: does nothing when an initdb is under /usr/lib/postgresql/*/bin
// and `redis-server` is on the PATH. Installs only the binaries: the tests start their own throwaway servers on
// loopback in temporary directories, never the packages' system services.
import { execSync } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'

const hasInitdb = () => {
  try {
    return readdirSync('/usr/lib/postgresql').some((version) => existsSync(`/usr/lib/postgresql/${version}/bin/initdb`))
  } catch {
    return false
  }
}
const hasRedis = () => {
  try {
    execSync('command -v redis-server', { stdio: 'ignore', shell: '/bin/sh' })
    return true
  } catch {
    return false
  }
}

const missing = [...(hasInitdb() ? [] : ['postgresql']), ...(hasRedis() ? [] : ['redis-server'])]
if (missing.length === 0) {
  console.log('ensure-services: postgresql and redis-server are present, nothing to do')
} else {
  const packages = missing.join(' ')
  console.log(`ensure-services: ${packages} missing; running apt-get update && apt-get install -y --no-install-recommends ${packages}`)
  const sudo = typeof process.getuid === 'function' && process.getuid() !== 0 ? 'sudo ' : ''
  const started = Date.now()
  execSync(`${sudo}apt-get update && ${sudo}apt-get install -y --no-install-recommends ${packages}`, {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  })
  if (!hasInitdb() || !hasRedis()) {
    console.error(
      `ensure-services: installation finished but ${[!hasInitdb() && 'initdb', !hasRedis() && 'redis-server'].filter(Boolean).join(' and ')} still missing`,
    )
    process.exit(1)
  }
  console.log(`ensure-services: installed ${packages} in ${Math.round((Date.now() - started) / 1000)} s`)
}
