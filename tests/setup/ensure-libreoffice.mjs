#!/usr/bin/env node
// Makes sure the LibreOffice that the DOCX export test converts back with is installed.
// Idempotent: does nothing when `soffice` is already on the PATH.
import { execSync } from 'node:child_process'

const found = () => {
  try {
    execSync('command -v soffice', { stdio: 'ignore', shell: '/bin/sh' })
    return true
  } catch {
    return false
  }
}

if (found()) {
  console.log('ensure-libreoffice: soffice is present, nothing to do')
} else {
  console.log('ensure-libreoffice: soffice is missing; running apt-get update && apt-get install -y --no-install-recommends libreoffice-writer')
  const sudo = typeof process.getuid === 'function' && process.getuid() !== 0 ? 'sudo ' : ''
  const started = Date.now()
  execSync(`${sudo}apt-get update && ${sudo}apt-get install -y --no-install-recommends libreoffice-writer`, {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  })
  if (!found()) {
    console.error('ensure-libreoffice: installation finished but soffice is still missing')
    process.exit(1)
  }
  console.log(`ensure-libreoffice: installed soffice in ${Math.round((Date.now() - started) / 1000)} s`)
}
