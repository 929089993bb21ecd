import type { CSSProperties, ReactNode } from 'react'

/**
 * A decorative line icon on a 24-unit grid, drawn in the text's colour with
 * round ends; hidden from assistive technology (the control around it is named).
 */
export function LineIcon({
  size,
  strokeWidth,
  className,
  style,
  children,
}: {
  size: number
  strokeWidth: number
  className?: string
  style?: CSSProperties
  children: ReactNode
}) {
  return (
    <svg
      className={className}
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={strokeWidth}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
      style={style}
    >
      {children}
    </svg>
  )
}
