/**
 * A cheap first look at an update's size before Yjs decodes it: counts client
 * sections, structs and deleted ranges, stopping as soon as one passes its
 * bound. Decoding (and diffUpdate) costs about a microsecond per struct, so a
 * message of a million tiny structs would hold the event loop for seconds;
 * this scan skips contents without materialising them and gives up early.
 * It only measures: the update guard still decodes and judges everything.
 * Format: Yjs update encoding V1 (yjs src/utils/updates.js, encoding.js).
 */
import * as decoding from 'lib0/decoding'

/** The shape bounds of one update (shared/limits.ts gives the values). */
export interface UpdateLimits {
  /** Structs (items, GC, skips) in one update. */
  maxStructs: number
  /** Distinct clients whose structs one update carries. */
  maxClients: number
  /** Ranges in one update's delete set. */
  maxDeleteRanges: number
}

const BIT6 = 32
const BIT7 = 64
const BIT8 = 128

const skipId = (d: decoding.Decoder): void => {
  decoding.readVarUint(d)
  decoding.readVarUint(d)
}

function skipContent(d: decoding.Decoder, ref: number): void {
  switch (ref) {
    case 1: // deleted: length
      decoding.readVarUint(d)
      return
    case 2: {
      // JSON: strings
      const n = decoding.readVarUint(d)
      for (let i = 0; i < n; i++) decoding.readVarUint8Array(d)
      return
    }
    case 3: // binary
    case 4: // string
    case 5: // embed (JSON text)
      decoding.readVarUint8Array(d)
      return
    case 6: // format: key, JSON value
      decoding.readVarUint8Array(d)
      decoding.readVarUint8Array(d)
      return
    case 7: {
      // type: type ref, and a name for XmlElement (3) and XmlHook (5) (yjs src/structs/ContentType.js typeRefs)
      const typeRef = decoding.readVarUint(d)
      if (typeRef === 3 || typeRef === 5) decoding.readVarUint8Array(d)
      return
    }
    case 8: {
      // any: values
      const n = decoding.readVarUint(d)
      for (let i = 0; i < n; i++) decoding.readAny(d)
      return
    }
    case 9: // subdocument: guid, options
      decoding.readVarUint8Array(d)
      decoding.readAny(d)
      return
    default:
      throw new Error(`unknown content ${ref}`)
  }
}

/**
 * Why the update is over its bounds (`over`), whether it cannot be read
 * (`unreadable`: refused as malformed, so that a reading that ever drifts
 * from Yjs's fails closed), or the clients whose structs it carries.
 */
export function scanUpdate(update: Uint8Array, limits: UpdateLimits): { over: string } | { unreadable: string } | { clients: number[] } {
  const clients: number[] = []
  try {
    const d = decoding.createDecoder(update)
    const sections = decoding.readVarUint(d)
    if (sections > limits.maxClients) return { over: `more than ${limits.maxClients} clients` }
    let structs = 0
    for (let s = 0; s < sections; s++) {
      const count = decoding.readVarUint(d)
      structs += count
      if (structs > limits.maxStructs) return { over: `more than ${limits.maxStructs} structs` }
      clients.push(decoding.readVarUint(d))
      decoding.readVarUint(d) // clock
      for (let i = 0; i < count; i++) {
        const info = decoding.readUint8(d)
        const ref = info & 0b11111
        if (ref === 0 || ref === 10) {
          decoding.readVarUint(d) // GC or skip: length
          continue
        }
        if (info & BIT8) skipId(d)
        if (info & BIT7) skipId(d)
        if ((info & (BIT7 | BIT8)) === 0) {
          if (decoding.readVarUint(d) === 1) decoding.readVarUint8Array(d)
          else skipId(d)
          if (info & BIT6) decoding.readVarUint8Array(d)
        }
        skipContent(d, ref)
      }
    }
    const dsClients = decoding.readVarUint(d)
    let ranges = 0
    for (let c = 0; c < dsClients; c++) {
      decoding.readVarUint(d) // client
      const n = decoding.readVarUint(d)
      ranges += n
      if (ranges > limits.maxDeleteRanges) return { over: `more than ${limits.maxDeleteRanges} deleted ranges` }
      for (let i = 0; i < n; i++) skipId(d)
    }
    return { clients }
  } catch (error) {
    return { unreadable: (error as Error).message }
  }
}
