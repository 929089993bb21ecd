/** Colour helpers: organization colours come from the server and can be any CSS colour. */

const FALLBACK_PALETTE = ['#1f6feb', '#b35900', '#2e7d32', '#8e24aa', '#c62828', '#00838f', '#6d4c41', '#37474f']

function hashString(value: string): number {
  let hash = 0
  for (let i = 0; i < value.length; i++) hash = (hash * 31 + value.charCodeAt(i)) | 0
  return Math.abs(hash)
}

/** A stable colour for a key, used when an organization's colour is missing or unreadable. */
export function fallbackColor(key: string): string {
  return FALLBACK_PALETTE[hashString(key) % FALLBACK_PALETTE.length] ?? '#37474f'
}

let probe: CanvasRenderingContext2D | null | undefined

/** Normalises any CSS colour to #rrggbb (the caret extension only accepts that form). */
export function toHexColor(color: string | null | undefined, key: string): string {
  if (!color) return fallbackColor(key)
  if (/^#[0-9a-fA-F]{6}$/.test(color)) return color.toLowerCase()
  const short = /^#([0-9a-fA-F])([0-9a-fA-F])([0-9a-fA-F])$/.exec(color)
  if (short) return `#${short[1]}${short[1]}${short[2]}${short[2]}${short[3]}${short[3]}`.toLowerCase()
  if (probe === undefined) probe = document.createElement('canvas').getContext('2d')
  if (!probe) return fallbackColor(key)
  probe.fillStyle = '#000001'
  probe.fillStyle = color
  const result = String(probe.fillStyle)
  return /^#[0-9a-f]{6}$/.test(result) && result !== '#000001' ? result : fallbackColor(key)
}

function channel(value: number): number {
  const c = value / 255
  return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
}

export function luminance(hex: string): number {
  const n = parseInt(hex.slice(1), 16)
  return 0.2126 * channel((n >> 16) & 255) + 0.7152 * channel((n >> 8) & 255) + 0.0722 * channel(n & 255)
}

/** Black or white, whichever reads better on this background. */
export function textColorOn(background: string): string {
  const l = luminance(background)
  const contrastWithBlack = (l + 0.05) / 0.05
  const contrastWithWhite = 1.05 / (l + 0.05)
  // Pure black: #111 loses the 4.5:1 margin on mid colours such as #00838f (4.17).
  return contrastWithBlack >= contrastWithWhite ? '#000000' : '#ffffff'
}
