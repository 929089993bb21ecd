/** `#rrggbb` mixed with white: `amount` of the colour (0–1). Plain hex, so contrast checkers read the background exactly. */
export function tintOf(hex: string, amount: number): string {
  const n = Number.parseInt(hex.slice(1), 16)
  const mix = (c: number) =>
    Math.round(255 - (255 - c) * amount)
      .toString(16)
      .padStart(2, '0')
  return `#${mix((n >> 16) & 255)}${mix((n >> 8) & 255)}${mix(n & 255)}`
}
