import { useEffect, useId, useRef, useState } from 'react'
import { useI18n } from '../i18n/index.js'

interface Props {
  /** The question, in the chosen language (the browser's own confirm() and prompt() would answer in the browser's). */
  message: string
  confirmLabel: string
  /** With a label, the dialog asks for a reason: confirming needs one, and it is handed to onConfirm. */
  reasonLabel?: string
  onConfirm: (reason: string) => void
  onCancel: () => void
}

/**
 * An in-page confirmation (a modal <dialog>: focus moves into it, Escape
 * cancels, focus returns to what opened it), in place of window.confirm and
 * window.prompt, whose buttons follow the browser's language, not the one
 * chosen in Plank (issue 15).
 */
export function ConfirmDialog({ message, confirmLabel, reasonLabel, onConfirm, onCancel }: Props) {
  const { t } = useI18n()
  const id = useId()
  const ref = useRef<HTMLDialogElement>(null)
  const [reason, setReason] = useState('')
  useEffect(() => {
    const dialog = ref.current
    if (dialog && !dialog.open) dialog.showModal()
    return () => dialog?.close()
  }, [])
  const needsReason = reasonLabel !== undefined
  return (
    <dialog
      ref={ref}
      className="confirm-dialog"
      aria-labelledby={`${id}-message`}
      onCancel={(e) => {
        e.preventDefault()
        onCancel()
      }}
    >
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault()
          if (needsReason && !reason.trim()) return
          onConfirm(reason.trim())
        }}
      >
        <p id={`${id}-message`}>{message}</p>
        {needsReason ? (
          <p>
            <label htmlFor={`${id}-reason`}>{reasonLabel}</label>
            <textarea id={`${id}-reason`} rows={3} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
          </p>
        ) : null}
        <p className="confirm-dialog-actions">
          <button type="submit" className="primary" disabled={needsReason && !reason.trim()}>
            {confirmLabel}
          </button>
          <button type="button" className="link-button" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        </p>
      </form>
    </dialog>
  )
}
