#!/usr/bin/env node
// Makes sure the Chromium that the end-to-end tests drive is installed.
// Idempotent: does nothing when /usr/bin/chromium already exists.
import { existsSync } from 'node:fs'
import { execSync } from 'node:child_process'

const CHROMIUM = '/usr/bin/chromium'

if (existsSync(CHROMIUM)) {
  console.log(`ensure-chromium: ${CHROMIUM} is present, nothing to do`)
} else {
  console.log(`ensure-chromium: ${CHROMIUM} is missing; running apt-get update && apt-get install -y chromium`)
  const sudo = typeof process.getuid === 'function' && process.getuid() !== 0 ? 'sudo ' : ''
  execSync(`${sudo}apt-get update && ${sudo}apt-get install -y chromium`, {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  })
  if (!existsSync(CHROMIUM)) {
    console.error(`ensure-chromium: installation finished but ${CHROMIUM} is still missing`)
    process.exit(1)
  }
  console.log(`ensure-chromium: installed ${CHROMIUM}`)
}
