import { useEffect } from 'react'
import { useI18n } from '../i18n/index.js'
import type { LeftOut } from './paste-structure.js'

/** How long the notice stays after a paste. */
const NOTICE_MS = 12_000

interface Props {
  leftOut: LeftOut | null
  onDone: () => void
}

/**
 * Says what a paste left out ("1 image was left out"). The live region is
 * always in the page, so screen readers announce the text when it appears.
 */
export function PasteNotice({ leftOut, onDone }: Props) {
  const { t, locale } = useI18n()
  useEffect(() => {
    if (!leftOut) return
    const timer = setTimeout(onDone, NOTICE_MS)
    return () => clearTimeout(timer)
  }, [leftOut, onDone])
  const plural = new Intl.PluralRules(locale)
  const parts: string[] = []
  if (leftOut && leftOut.images > 0) {
    const count = leftOut.images
    parts.push(plural.select(count) === 'one' ? t('paste.imagesLeftOut.one', { count }) : t('paste.imagesLeftOut.other', { count }))
  }
  if (leftOut && leftOut.embeds > 0) {
    const count = leftOut.embeds
    parts.push(plural.select(count) === 'one' ? t('paste.embedsLeftOut.one', { count }) : t('paste.embedsLeftOut.other', { count }))
  }
  return (
    <p className="paste-notice" role="status">
      {parts.length > 0 ? `${parts.join(' ')} ${t('paste.leftOutReason')}` : null}
    </p>
  )
}
