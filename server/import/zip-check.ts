/**
 * A .docx is a zip. Before mammoth opens one (it unpacks whatever parts it
 * needs, wholly in memory), every part it could read is unpacked here once,
 * with zlib's own output bound: a zip bomb, whose parts claim small sizes
 * and inflate to gigabytes, stops at MAX_IMPORT_UNZIPPED_BYTES instead of
 * taking the server's memory. Pictures (word/media/) are never unpacked:
 * the import keeps no pictures and mammoth is told not to read them.
 */
import { inflateRawSync } from 'node:zlib'
import { MAX_IMPORT_UNZIPPED_BYTES, MAX_IMPORT_ZIP_ENTRIES } from '../../shared/limits.js'

export type ZipProblem = 'corrupt' | 'tooLarge'

export class ZipRefusal extends Error {
  constructor(readonly problem: ZipProblem) {
    super(`zip: ${problem}`)
  }
}

const EOCD_SIGNATURE = 0x06054b50
const CENTRAL_SIGNATURE = 0x02014b50
const LOCAL_SIGNATURE = 0x04034b50

/** Parts mammoth never needs: pictures and embedded objects (possibly large, never kept). */
const SKIPPED = /^(word\/media\/|word\/embeddings\/|docProps\/thumbnail)/i

/**
 * Checks the zip's structure and unpacks every part but pictures within the
 * budget; returns the unpacked text parts by name (the caller reads
 * docProps/core.xml from them). Throws ZipRefusal.
 */
export function checkDocxZip(bytes: Buffer): Map<string, Buffer> {
  const eocd = findEndOfCentralDirectory(bytes)
  const count = bytes.readUInt16LE(eocd + 10)
  const size = bytes.readUInt32LE(eocd + 12)
  const offset = bytes.readUInt32LE(eocd + 16)
  // 0xffff / 0xffffffff mean zip64, which no .docx under our size limit needs.
  if (count === 0xffff || offset === 0xffffffff || offset + size > eocd) throw new ZipRefusal('corrupt')
  if (count > MAX_IMPORT_ZIP_ENTRIES) throw new ZipRefusal('tooLarge')
  const parts = new Map<string, Buffer>()
  let budget = MAX_IMPORT_UNZIPPED_BYTES
  let at = offset
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== CENTRAL_SIGNATURE) throw new ZipRefusal('corrupt')
    const method = bytes.readUInt16LE(at + 10)
    const compressedSize = bytes.readUInt32LE(at + 20)
    const nameLength = bytes.readUInt16LE(at + 28)
    const extraLength = bytes.readUInt16LE(at + 30)
    const commentLength = bytes.readUInt16LE(at + 32)
    const localOffset = bytes.readUInt32LE(at + 42)
    const name = bytes.toString('utf8', at + 46, at + 46 + nameLength)
    at += 46 + nameLength + extraLength + commentLength
    if (name.endsWith('/') || SKIPPED.test(name)) continue
    if (localOffset + 30 > bytes.length || bytes.readUInt32LE(localOffset) !== LOCAL_SIGNATURE) throw new ZipRefusal('corrupt')
    const dataStart = localOffset + 30 + bytes.readUInt16LE(localOffset + 26) + bytes.readUInt16LE(localOffset + 28)
    if (dataStart + compressedSize > bytes.length) throw new ZipRefusal('corrupt')
    const data = bytes.subarray(dataStart, dataStart + compressedSize)
    const unpacked = unpack(method, data, budget)
    budget -= unpacked.length
    parts.set(name, unpacked)
  }
  return parts
}

function unpack(method: number, data: Buffer, budget: number): Buffer {
  if (method === 0) {
    if (data.length > budget) throw new ZipRefusal('tooLarge')
    return data
  }
  if (method !== 8) throw new ZipRefusal('corrupt')
  try {
    // maxOutputLength: zlib stops (RangeError) the moment the output would pass the budget.
    return inflateRawSync(data, { maxOutputLength: Math.max(1, budget) })
  } catch (error) {
    if (error instanceof RangeError || (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw new ZipRefusal('tooLarge')
    throw new ZipRefusal('corrupt')
  }
}

function findEndOfCentralDirectory(bytes: Buffer): number {
  // The record is 22 bytes plus a comment of at most 65535.
  const lowest = Math.max(0, bytes.length - 22 - 0xffff)
  for (let at = bytes.length - 22; at >= lowest; at--) {
    if (bytes.readUInt32LE(at) === EOCD_SIGNATURE) return at
  }
  throw new ZipRefusal('corrupt')
}
