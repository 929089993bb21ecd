/**
 * People's and organizations' names as they are stored and shown. A name is
 * for recognising someone, so nothing invisible may change how it reads:
 * Unicode NFC; bidi controls (which can reverse "Ana" into something that
 * looks like another name), zero-width characters (joiners, spaces, BOM) and
 * control characters removed; whitespace runs collapsed to one space; trimmed.
 * Applied at input by the API schemas (shared/api.ts); a name left empty is refused.
 */
const INVISIBLE =
  // biome-ignore lint/suspicious/noMisleadingCharacterClass: the class lists lone invisible code points (fillers, variation selectors) on purpose, to strip each one
  /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u115f\u1160\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb]/gu

export function normalizeName(raw: string): string {
  return raw.normalize('NFC').replace(INVISIBLE, '').replace(/\s+/gu, ' ').trim()
}
