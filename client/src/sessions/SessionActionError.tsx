import { useI18n } from '../i18n/index.js'

/** A failed session action, said where it was tried; `inline` (a span) inside a line of controls. */
export function SessionActionError({ error, inline = false }: { error: string | null; inline?: boolean }) {
  const { t } = useI18n()
  if (!error) return null
  const Tag = inline ? 'span' : 'p'
  return (
    <Tag className="form-error" role="alert">
      {t('sessions.bar.actionFailed', { message: error })}
    </Tag>
  )
}
